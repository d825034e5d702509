using System.Text;
using Cooc.Assessment;
using Cooc.Common;
using static Cooc.Domain.Tests.Assessment.AssessmentFixtures;

namespace Cooc.Domain.Tests.Assessment;

public sealed class SubmissionUploadsTests
{
    private static readonly DateTimeOffset Now = Opens.AddDays(2);
    private static readonly Assignment Assignment = AssessmentFixtures.Assignment(); // files: pdf, at most 1000 bytes, 2 files
    private static readonly byte[] Pdf = "%PDF-1.7\n%âãÏÓ\n"u8.ToArray();
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];
    private static readonly byte[] Zip = [0x50, 0x4B, 0x03, 0x04, 20, 0];
    private static readonly byte[] Html = Encoding.UTF8.GetBytes("<html><script>alert(1)</script></html>");
    private static readonly byte[] Exe = [0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00];

    [Theory]
    [InlineData("pdf", "pdf", "application/pdf")]
    [InlineData("png", "png", "image/png")]
    [InlineData("zip", "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")]
    [InlineData("html", "txt", "text/plain; charset=utf-8")]
    [InlineData("html", "svg", "text/plain; charset=utf-8")] // unknown extension, text content: stored as plain text, never as markup
    [InlineData("exe", "bin", "application/octet-stream")]
    [InlineData("html", "pdf", null)]
    [InlineData("exe", "pdf", null)]
    [InlineData("pdf", "png", null)]
    [InlineData("exe", "txt", null)]
    [InlineData("png", "bin", null)] // a known binary under another name
    public void Content_decides_the_type_not_the_name(string content, string extension, string? mediaType) =>
        Assert.Equal(mediaType, FileSignatures.MediaTypeFor(extension, Bytes(content)));

    [Fact]
    public void An_upload_is_opened_for_an_allowed_type_and_size_only()
    {
        var upload = SubmissionUploads.Open(Assignment, new SubmissionUploadInput(" essay.pdf ", 900), Who("ann"), "upl_1", Now).Value!;
        Assert.Equal(("upload:upl_1", "a1/upl_1", "ann", "essay.pdf", Now + SubmissionUploads.UrlLifetime), (upload.Id, upload.BlobName, upload.UploaderId, upload.FileName, upload.ExpiresAt));
        var errors = SubmissionUploads.Open(Assignment, new SubmissionUploadInput("essay.exe", 1001), Who("ann"), "upl_2", Now).Refusal!.Errors!;
        Assert.Equal(["fileName", "size"], errors.Keys.Order());
        Assert.Equal(RefusalKind.Conflict, SubmissionUploads.Open(Assignment.WithSettings(s => s with { Files = null }), new("a.pdf", 1), Who("ann"), "u", Now).Refusal!.Kind);
        Assert.Equal(RefusalKind.Conflict, SubmissionUploads.Open(Assignment, new("a.pdf", 1), Who("ann"), "u", Due).Refusal!.Kind);
    }

    [Fact]
    public void A_submission_takes_only_the_authors_own_uploads_of_the_declared_size_and_matching_content()
    {
        var file = new SubmittedFileInput("essay.pdf", "text/html", Pdf.Length, "a1/upl_1");
        Assert.Equal("application/pdf", Submit(file, Uploaded("ann", Pdf)).Value!.Submission.Files[0].ContentType); // the declared type is ignored
        Assert.Equal(["files[0].blobName"], Submit(file, Uploaded("bo", Pdf)).Refusal!.Errors!.Keys);        // someone else's upload
        Assert.Equal(["files[0].blobName"], Submit(file, null).Refusal!.Errors!.Keys);                       // never opened
        Assert.Equal(["files[0].blobName"], Submit(file, Uploaded("ann", [])).Refusal!.Errors!.Keys);        // opened, nothing put
        Assert.Equal(["files[0].content"], Submit(file with { Size = Html.Length }, Uploaded("ann", Html)).Refusal!.Errors!.Keys);
        Assert.Equal(["files[0].size"], Submit(file with { Size = 3 }, Uploaded("ann", Pdf)).Refusal!.Errors!.Keys);
        Assert.Equal(["files[0].size"], Submit(file with { Size = 2000 }, Uploaded("ann", new byte[2000])).Refusal!.Errors!.Keys); // limit 1000 (declared size too)
    }

    [Fact]
    public void An_upload_ends_when_due_unless_the_current_submission_names_it_or_a_submission_marked_it_moments_ago()
    {
        var due = Now.AddDays(7);
        var upload = Uploaded("ann", Pdf).Upload;
        var naming = Submitted("ann", Now) with { Files = [new SubmittedFile("essay.pdf", "application/pdf", Pdf.Length, upload.BlobName)] };
        var other = naming with { Files = [new SubmittedFile("other.pdf", "application/pdf", Pdf.Length, "a1/upl_2")] };

        Assert.Equal(new UploadExpiry(true, null), SubmissionUploads.Expire(upload, null, due, due));                          // never attached
        Assert.Equal(new UploadExpiry(true, null), SubmissionUploads.Expire(upload, other, due, due.AddDays(1)));              // replaced by a resubmission
        Assert.Equal(UploadExpiry.Keep, SubmissionUploads.Expire(upload, naming, due, due));                                  // submitted
        Assert.Equal(new UploadExpiry(false, due), SubmissionUploads.Expire(upload, null, due, due.AddSeconds(-1)));          // early
        var marked = upload with { AttachedAt = due.AddMinutes(-1) };                                                          // its submission's write may be coming
        Assert.Equal(new UploadExpiry(false, marked.AttachedAt + SubmissionUploads.AttachGrace), SubmissionUploads.Expire(marked, null, due, due));
        Assert.Equal(new UploadExpiry(true, null), SubmissionUploads.Expire(marked, other, due, due.AddMinutes(-1) + SubmissionUploads.AttachGrace));
        Assert.Equal(new UploadExpiry(true, null), SubmissionUploads.Expire(upload with { AttachedAt = Now }, null, due, due)); // marked long ago
    }

    private static Outcome<SubmissionResult> Submit(SubmittedFileInput file, UploadedFile? uploaded) =>
        SubmissionRules.Submit(Assignment, null, new SubmissionInput(null, [file]), Who("ann"), Seat("ann"), Now,
            uploaded is null ? null : new Dictionary<string, UploadedFile> { [file.BlobName!] = uploaded });

    private static UploadedFile Uploaded(string uploader, byte[] content) =>
        new(new SubmissionUpload("upload:upl_1", "a1", "acme", "upl_1", uploader, "a1/upl_1", "essay.pdf", content.Length, Now, Now), content.Length, content);

    private static byte[] Bytes(string kind) => kind switch
    {
        "pdf" => Pdf, "png" => Png, "zip" => Zip, "html" => Html, "exe" => Exe,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
