using System.Net;
using System.Text.Json;
using Cooc.Assessment;
using Cooc.Functions.Assessment;
using Cooc.Functions.Messaging;
using Cooc.Ports;
using Microsoft.Extensions.DependencyInjection;
using static Cooc.Api.Tests.Assessment.FileAssignmentSteps;

namespace Cooc.Api.Tests.Assessment;

/// <summary>The app with submission uploads that live a few seconds unless a submission takes them.</summary>
public sealed class ShortUploadLifetimeApp() : CoocApp(["--Cooc:Assessment:UnsubmittedUploadLifetime", "00:00:04"]);

/// <summary>Uploads no submission names lose their blob and document when their lifetime ends; submitted ones stay.</summary>
public sealed class UnsubmittedUploadTests(ShortUploadLifetimeApp app) : IClassFixture<ShortUploadLifetimeApp>
{
    [Fact]
    public async Task Uploads_no_submission_names_are_deleted_when_they_expire_and_submitted_ones_stay()
    {
        var steps = new AssessmentSteps(app, "orphan-org");
        var (id, courseId) = await FileAssignmentSteps.CreateAsync(app, steps);
        await steps.EnrollAsync(courseId, "ann");
        var submitted = await FileAssignmentSteps.UploadAsync(app, steps, id, "ann", "submitted.pdf", Pdf);
        var files = new[] { new { fileName = "submitted.pdf", contentType = "application/pdf", size = (long)Pdf.Length, blobName = submitted.BlobName } };
        await (await app.SendAsync(HttpMethod.Post, $"/api/assignments/{id}/submissions", steps.Learner("ann"), new { files })).ReadAsync<MySubmissionView>(HttpStatusCode.Created);
        var abandoned = await FileAssignmentSteps.UploadAsync(app, steps, id, "ann", "abandoned.pdf", Pdf);
        var neverPut = await FileAssignmentSteps.UploadAsync(app, steps, id, "ann", "never.pdf", null, Pdf.Length);
        Assert.NotNull(await Blobs.GetInfoAsync(BlobContainers.Submissions, abandoned.BlobName));

        // No one does anything: the scheduled messages remove what no submission names.
        for (var deadline = DateTime.UtcNow.AddSeconds(60); await UploadDocumentAsync(id, abandoned) is not null || await UploadDocumentAsync(id, neverPut) is not null; await Task.Delay(200))
            Assert.True(DateTime.UtcNow < deadline, "the unsubmitted uploads are still there");
        Assert.Null(await Blobs.GetInfoAsync(BlobContainers.Submissions, abandoned.BlobName));
        Assert.NotNull(await UploadDocumentAsync(id, submitted));
        Assert.Equal(Pdf.Length, (await Blobs.GetInfoAsync(BlobContainers.Submissions, submitted.BlobName))!.Length);

        // The message again (a redelivery) changes nothing, for either.
        foreach (var upload in new[] { abandoned, submitted }) await ExpireAsync(id, upload, deliveryCount: 2);
        Assert.Null(await UploadDocumentAsync(id, abandoned));
        Assert.NotNull(await UploadDocumentAsync(id, submitted));
        Assert.NotNull(await Blobs.GetInfoAsync(BlobContainers.Submissions, submitted.BlobName));
        var (mine, _) = await steps.MineAsync(id, "ann");
        Assert.Equal(submitted.BlobName, Assert.Single(mine.Files).BlobName);
    }

    [Fact]
    public async Task An_upload_a_submission_marked_moments_ago_outlives_its_end_and_a_deletion_cut_short_is_finished()
    {
        var steps = new AssessmentSteps(app, "marked-org");
        var (id, courseId) = await FileAssignmentSteps.CreateAsync(app, steps);
        await steps.EnrollAsync(courseId, "ann");
        var marked = await FileAssignmentSteps.UploadAsync(app, steps, id, "ann", "marked.pdf", Pdf);
        var cutShort = await FileAssignmentSteps.UploadAsync(app, steps, id, "ann", "cut-short.pdf", Pdf);
        // A submission naming it marks it just before its own write (which has not landed here).
        await app.Documents.PatchAsync<SubmissionUpload>(Containers.Assessment, id, SubmissionUpload.IdFor(marked.UploadId),
            new DocumentPatch([], null, [SetProperty.Of(SubmissionUpload.AttachedAtPath, DateTimeOffset.UtcNow)]));
        // A delivery that deleted the document and stopped before the blob.
        await app.Documents.DeleteAsync(Containers.Assessment, id, SubmissionUpload.IdFor(cutShort.UploadId));

        await Task.Delay(TimeSpan.FromSeconds(5)); // past the 4 s lifetime: the scheduled messages may have come
        foreach (var upload in new[] { marked, cutShort }) await ExpireAsync(id, upload);

        Assert.NotNull(await UploadDocumentAsync(id, marked));
        Assert.NotNull(await Blobs.GetInfoAsync(BlobContainers.Submissions, marked.BlobName));
        Assert.Null(await Blobs.GetInfoAsync(BlobContainers.Submissions, cutShort.BlobName));
        var files = new[] { new { fileName = "marked.pdf", contentType = "application/pdf", size = (long)Pdf.Length, blobName = marked.BlobName } };
        await (await app.SendAsync(HttpMethod.Post, $"/api/assignments/{id}/submissions", steps.Learner("ann"), new { files })).ReadAsync<MySubmissionView>(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_submission_whose_upload_expired_after_its_check_is_refused_before_it_is_written()
    {
        var now = DateTimeOffset.UtcNow;
        var named = new Submission(Submission.IdFor("ann"), "asg_gone", "c1", "gone-org", "ann", 1, 1, null,
            [new SubmittedFile("essay.pdf", "application/pdf", Pdf.Length, SubmissionRules.BlobName("asg_gone", "upl_gone"))], now, false, 0, 0, 0, 0, [],
            SubmissionStatus.Waiting, null, null, null, null, 0, now);

        var refusal = await app.Services.GetRequiredService<UploadedFiles>().AttachAsync(named, now, default);

        Assert.Equal(["files[0].blobName"], refusal!.Errors!.Keys);
        Assert.Null(await app.Documents.ReadAsync<Submission>(Containers.Assessment, "asg_gone", named.Id));
    }

    /// <summary>The upload's end-of-life message, handled now.</summary>
    private async Task ExpireAsync(string id, SubmissionUploadView upload, int deliveryCount = 1)
    {
        var body = JsonSerializer.Serialize(new ExpireSubmissionUpload(id, upload.UploadId), DocumentJson.Options);
        await app.Services.GetRequiredService<MessageHandlers>().HandleAsync(new ReceivedMessage(Queues.Grading, $"expire-submission-upload:{id}:{upload.UploadId}",
            body, UnsubmittedUploads.Subject, deliveryCount, "lock", DateTimeOffset.UtcNow.AddMinutes(1), DateTimeOffset.UtcNow, 1), default);
    }

    private IBlobStore Blobs => app.Services.GetRequiredService<IBlobStore>();

    private async Task<SubmissionUpload?> UploadDocumentAsync(string id, SubmissionUploadView upload) =>
        (await app.Documents.ReadAsync<SubmissionUpload>(Containers.Assessment, id, SubmissionUpload.IdFor(upload.UploadId)))?.Value;
}
