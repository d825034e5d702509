using System.Net;
using System.Text;
using Cooc.Functions.Assessment;
using Cooc.Functions.Courses;

namespace Cooc.Api.Tests.Assessment;

/// <summary>An assignment that takes PDF files, and uploads to it through the signed URL, as the file tests use them.</summary>
public static class FileAssignmentSteps
{
    public static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n");

    /// <summary>A published course with a module and an open assignment taking up to 2 PDF files of 2,000 bytes.</summary>
    public static async Task<(string Id, string CourseId)> CreateAsync(CoocApp app, AssessmentSteps steps)
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
        return (created.AssignmentId, course.CourseId);
    }

    /// <summary>Opens an upload and, unless bytes is null, puts them to the signed URL as a browser would (Azure's Put Blob).</summary>
    public static async Task<SubmissionUploadView> UploadAsync(CoocApp app, AssessmentSteps steps, string id, string learner, string name, byte[]? bytes, long? size = null)
    {
        var upload = await (await app.SendAsync(HttpMethod.Post, $"/api/assignments/{id}/submissions/files", steps.Learner(learner),
            new { fileName = name, size = size ?? bytes!.Length })).ReadAsync<SubmissionUploadView>(HttpStatusCode.Created);
        if (bytes is null) return upload;
        using var plain = new HttpClient();
        using var put = new HttpRequestMessage(HttpMethod.Put, upload.UploadUrl) { Content = new ByteArrayContent(bytes) };
        put.Headers.Add("x-ms-blob-type", "BlockBlob");
        var response = await plain.SendAsync(put);
        Assert.True(response.IsSuccessStatusCode, $"Put Blob: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return upload;
    }
}
