using System.Net;
using System.Text;
using System.Text.Json;
using Cooc.Assessment;
using Cooc.Functions.Assessment;
using Cooc.Functions.Courses;
using Cooc.Functions.Messaging;
using Cooc.Ports;
using Microsoft.Extensions.DependencyInjection;

namespace Cooc.Api.Tests.Assessment;

/// <summary>The app with submission uploads that live a few seconds unless a submission takes them.</summary>
public sealed class ShortUploadLifetimeApp() : CoocApp(["--Cooc:Assessment:UnsubmittedUploadLifetime", "00:00:04"]);

/// <summary>Uploads no submission names lose their blob and document when their lifetime ends; submitted ones stay.</summary>
public sealed class UnsubmittedUploadTests(ShortUploadLifetimeApp app) : IClassFixture<ShortUploadLifetimeApp>
{
    private static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n");

    [Fact]
    public async Task Uploads_no_submission_names_are_deleted_when_they_expire_and_submitted_ones_stay()
    {
        var steps = new AssessmentSteps(app, "orphan-org");
        var id = await CreateAsync(steps);
        var submitted = await UploadAsync(steps, id, "submitted.pdf", put: true);
        var files = new[] { new { fileName = "submitted.pdf", contentType = "application/pdf", size = (long)Pdf.Length, blobName = submitted.BlobName } };
        await (await app.SendAsync(HttpMethod.Post, $"/api/assignments/{id}/submissions", steps.Learner("ann"), new { files })).ReadAsync<MySubmissionView>(HttpStatusCode.Created);
        var abandoned = await UploadAsync(steps, id, "abandoned.pdf", put: true);
        var neverPut = await UploadAsync(steps, id, "never.pdf", put: false);
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

    private async Task<string> CreateAsync(AssessmentSteps steps)
    {
        var course = await Courses.CreatePublishedAsync(app, steps.Org);
        var withModule = await (await app.SendAsync(HttpMethod.Post, $"/api/courses/{course.CourseId}/modules", steps.Instructor,
            new { title = AssessmentSteps.En("Week 1") })).ReadAsync<CourseView>(HttpStatusCode.Created);
        var settings = new
        {
            files = new { allowedExtensions = new[] { "pdf" }, maxBytesPerFile = 2000, maxFiles = 2 },
            opensAt = DateTimeOffset.UtcNow.AddHours(-1), dueAt = DateTimeOffset.UtcNow.AddDays(7), reviewsDueAt = DateTimeOffset.UtcNow.AddDays(14), mustGrade = 1, gradedBy = 1,
        };
        var input = new { moduleId = withModule.Modules[0].ModuleId, title = AssessmentSteps.En("Report"), prompt = AssessmentSteps.En("Upload a PDF."), settings, rubric = AssessmentSteps.Rubric() };
        var created = await (await app.SendAsync(HttpMethod.Post, $"/api/courses/{course.CourseId}/assignments", steps.Instructor, input)).ReadAsync<AssignmentView>(HttpStatusCode.Created);
        await steps.EnrollAsync(course.CourseId, "ann");
        return created.AssignmentId;
    }

    private async Task<SubmissionUploadView> UploadAsync(AssessmentSteps steps, string id, string name, bool put)
    {
        var upload = await (await app.SendAsync(HttpMethod.Post, $"/api/assignments/{id}/submissions/files", steps.Learner("ann"),
            new { fileName = name, size = Pdf.Length })).ReadAsync<SubmissionUploadView>(HttpStatusCode.Created);
        if (!put) return upload;
        using var plain = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Put, upload.UploadUrl) { Content = new ByteArrayContent(Pdf) };
        request.Headers.Add("x-ms-blob-type", "BlockBlob");
        Assert.True((await plain.SendAsync(request)).IsSuccessStatusCode);
        return upload;
    }
}
