using System.Net;
using System.Text;
using Cooc.Assessment;
using Cooc.Functions.Assessment;
using Cooc.Identity;
using static Cooc.Api.Tests.Assessment.FileAssignmentSteps;

namespace Cooc.Api.Tests.Assessment;

/// <summary>Submission files: uploaded through signed URLs straight to blob storage, checked by content at submission, read through signed links by those allowed.</summary>
public sealed class SubmissionFileTests(CoocApp app) : IClassFixture<CoocApp>
{
    private static readonly byte[] Html = Encoding.ASCII.GetBytes("<html><body><script>alert(1)</script></body></html>\n");

    [Fact]
    public async Task Files_go_up_through_signed_urls_are_checked_by_content_and_only_author_reviewers_and_staff_read_them()
    {
        var steps = new AssessmentSteps(app, "files-org");
        var (id, courseId) = await FileAssignmentSteps.CreateAsync(app, steps);
        foreach (var learner in new[] { "ann", "bob", "cy" }) await steps.EnrollAsync(courseId, learner);
        var files = $"/api/assignments/{id}/submissions/files";

        var tooBig = await (await app.SendAsync(HttpMethod.Post, files, steps.Learner("ann"), new { fileName = "essay.exe", size = 5000 })).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(tooBig.GetProperty("errors").TryGetProperty("fileName", out _) && tooBig.GetProperty("errors").TryGetProperty("size", out _), tooBig.ToString());
        await (await app.SendAsync(HttpMethod.Post, files, steps.Instructor, new { fileName = "a.pdf", size = 10 })).ProblemAsync(HttpStatusCode.Forbidden);
        await (await app.SendAsync(HttpMethod.Post, files, app.Token("oscar", "other-org", Role.Learner), new { fileName = "a.pdf", size = 10 })).ProblemAsync(HttpStatusCode.NotFound);

        var pdf = await FileAssignmentSteps.UploadAsync(app, steps, id, "ann", "essay.pdf", Pdf);
        var fake = await FileAssignmentSteps.UploadAsync(app, steps, id, "ann", "fake.pdf", Html);
        var fakeSubmit = await (await Submit(steps, id, "ann", ("fake.pdf", Html.Length, fake.BlobName))).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(fakeSubmit.GetProperty("errors").TryGetProperty("files[0].content", out _), fakeSubmit.ToString());
        var wrongSize = await (await Submit(steps, id, "ann", ("essay.pdf", Pdf.Length + 1, pdf.BlobName))).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(wrongSize.GetProperty("errors").TryGetProperty("files[0].size", out _), wrongSize.ToString());
        var notPut = await (await app.SendAsync(HttpMethod.Post, files, steps.Learner("ann"), new { fileName = "later.pdf", size = 100 })).ReadAsync<SubmissionUploadView>(HttpStatusCode.Created);
        await (await Submit(steps, id, "ann", ("later.pdf", 100, notPut.BlobName))).ProblemAsync(HttpStatusCode.BadRequest);

        var submitted = await (await Submit(steps, id, "ann", ("essay.pdf", Pdf.Length, pdf.BlobName))).ReadAsync<MySubmissionView>(HttpStatusCode.Created);
        var file = Assert.Single(submitted.Files);
        Assert.Equal(("essay.pdf", "application/pdf", (long)Pdf.Length), (file.FileName, file.ContentType, file.Size));
        // bob may not attach ann's upload, whose blob name reviewers see.
        var stolen = await (await Submit(steps, id, "bob", ("essay.pdf", Pdf.Length, pdf.BlobName))).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(stolen.GetProperty("errors").TryGetProperty("files[0].blobName", out _), stolen.ToString());

        var read = $"/api/assignments/{id}/files/{pdf.UploadId}";
        Assert.Equal(Pdf, await FollowAsync(read, steps.Learner("ann")));
        Assert.Equal(Pdf, await FollowAsync(read, steps.Instructor));
        await (await app.SendAsync(HttpMethod.Get, read, steps.Learner("bob"))).ProblemAsync(HttpStatusCode.NotFound); // not handed to bob yet
        await (await app.SendAsync(HttpMethod.Get, $"/api/assignments/{id}/files/{fake.UploadId}", steps.Learner("ann"))).ProblemAsync(HttpStatusCode.NotFound); // not in a submission
        await (await app.SendAsync(HttpMethod.Get, read, app.Token("oscar", "other-org", Role.Learner))).ProblemAsync(HttpStatusCode.NotFound);
        await (await app.SendAsync(HttpMethod.Get, read, null)).ProblemAsync(HttpStatusCode.Unauthorized);

        var bobPdf = await FileAssignmentSteps.UploadAsync(app, steps, id, "bob", "bob.pdf", Pdf);
        await (await Submit(steps, id, "bob", ("bob.pdf", Pdf.Length, bobPdf.BlobName))).ReadAsync<MySubmissionView>(HttpStatusCode.Created);
        var (claim, _) = await steps.ClaimAsync(id, "bob");
        Assert.Equal(pdf.BlobName, Assert.Single(claim.Submission!.Files).BlobName);
        Assert.Equal(Pdf, await FollowAsync(read, steps.Learner("bob"))); // handed to bob now
        await (await app.SendAsync(HttpMethod.Get, read, steps.Learner("cy"))).ProblemAsync(HttpStatusCode.NotFound);
    }

    private Task<HttpResponseMessage> Submit(AssessmentSteps steps, string id, string learner, (string Name, long Size, string BlobName) file) =>
        app.SendAsync(HttpMethod.Post, $"/api/assignments/{id}/submissions", steps.Learner(learner),
            new { files = new[] { new { fileName = file.Name, contentType = "application/pdf", size = file.Size, blobName = file.BlobName } } });

    /// <summary>GET with the token, expect a redirect, then fetch the signed URL without it.</summary>
    private async Task<byte[]> FollowAsync(string path, string token)
    {
        using var noRedirects = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = app.Client.BaseAddress };
        var response = await noRedirects.SendAsync(app.Request(HttpMethod.Get, path, token));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        using var plain = new HttpClient();
        return await plain.GetByteArrayAsync(response.Headers.Location);
    }
}
