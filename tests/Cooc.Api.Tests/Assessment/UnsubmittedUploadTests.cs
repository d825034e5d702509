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
        var handler = app.Services.GetRequiredService<MessageHandlers>();
        foreach (var upload in new[] { abandoned, submitted })
        {
            var body = JsonSerializer.Serialize(new ExpireSubmissionUpload(id, upload.UploadId), DocumentJson.Options);
            await handler.HandleAsync(new ReceivedMessage(Queues.Grading, $"expire-submission-upload:{id}:{upload.UploadId}", body, UnsubmittedUploads.Subject, 2, "lock",
                DateTimeOffset.UtcNow.AddMinutes(1), DateTimeOffset.UtcNow, 1), default);
        }
        Assert.Null(await UploadDocumentAsync(id, abandoned));
        Assert.NotNull(await UploadDocumentAsync(id, submitted));
        Assert.NotNull(await Blobs.GetInfoAsync(BlobContainers.Submissions, submitted.BlobName));
        var (mine, _) = await steps.MineAsync(id, "ann");
        Assert.Equal(submitted.BlobName, Assert.Single(mine.Files).BlobName);
    }

    private IBlobStore Blobs => app.Services.GetRequiredService<IBlobStore>();

    private async Task<SubmissionUpload?> UploadDocumentAsync(string id, SubmissionUploadView upload) =>
        (await app.Documents.ReadAsync<SubmissionUpload>(Containers.Assessment, id, SubmissionUpload.IdFor(upload.UploadId)))?.Value;
}
