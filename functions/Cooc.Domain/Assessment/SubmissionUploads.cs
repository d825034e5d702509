using Cooc.Common;
using Cooc.Identity;
using Cooc.Ports;

namespace Cooc.Assessment;

/// <summary>
/// A learner's permission to upload one submission file: assessment container, partition = assignmentId,
/// id "upload:{uploadId}" (<see cref="IdFor"/>), kind "upload". The bytes go straight to BlobName in the
/// "submissions" container through a signed URL valid until ExpiresAt; the document remembers who may attach the
/// blob to a submission (only UploaderId: reviewers see blob names), and the declared name and size it was opened for.
/// AttachedAt: when a submission naming it last marked it, just before its own write (<see cref="SubmissionUploads.Expire"/>).
/// </summary>
public sealed record SubmissionUpload(
    string Id,
    string AssignmentId,
    string OrganizationId,
    string UploadId,
    string UploaderId,
    string BlobName,
    string FileName,
    long Size,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? AttachedAt = null) : IDocument
{
    public const string AttachedAtPath = "attachedAt";

    public const string DocumentKind = "upload";

    public string Kind => DocumentKind;

    public static string IdFor(string uploadId) => $"upload:{uploadId}";
}

/// <summary>What a learner asks to upload: the file's name and size in bytes.</summary>
public sealed record SubmissionUploadInput(string? FileName, long? Size);

/// <summary>
/// What storage found for a blob a submission names: its upload document, the blob's actual length and its first
/// bytes (<see cref="FileSignatures.HeadLength"/>). Length 0 with an empty head: nothing was uploaded.
/// </summary>
public sealed record UploadedFile(SubmissionUpload Upload, long Length, byte[] Head);

/// <summary>What an upload's end of life does: delete it, or look again at a later time (null: keep it).</summary>
public sealed record UploadExpiry(bool Delete, DateTimeOffset? LookAgainAt)
{
    public static readonly UploadExpiry Keep = new(false, null);
}

/// <summary>Opening uploads, and checking at submission that each named file was uploaded by its author, fits and is what it claims.</summary>
public static class SubmissionUploads
{
    public static readonly TimeSpan UrlLifetime = TimeSpan.FromMinutes(30);

    /// <summary>How long a submission's mark on an upload keeps the upload's end of life away: its write may still be coming.</summary>
    public static readonly TimeSpan AttachGrace = TimeSpan.FromMinutes(10);

    /// <summary>
    /// An upload's end of life, due at expiresAt: kept while the author's current submission names it; else deleted,
    /// unless it is early or a submission marked the upload (AttachedAt) less than <see cref="AttachGrace"/> ago, whose
    /// write may still be coming: then looked at again when both have passed. A submission marks its uploads before
    /// it is written, and the deletion removes the upload's document on the ETag it decided from, before the blob: so
    /// a submission either marks the upload in time to keep it, or finds it gone and is refused.
    /// </summary>
    public static UploadExpiry Expire(SubmissionUpload upload, Submission? current, DateTimeOffset expiresAt, DateTimeOffset now)
    {
        if (current?.Files.Any(f => f.BlobName == upload.BlobName) == true) return UploadExpiry.Keep;
        var notBefore = upload.AttachedAt + AttachGrace is { } marked && marked > expiresAt ? marked : expiresAt;
        return now < notBefore ? new UploadExpiry(false, notBefore) : new UploadExpiry(true, null);
    }

    /// <summary>
    /// A learner allowed to submit (the caller checks the seat) may upload a file of an allowed extension and size
    /// (400 with the field otherwise; 409 when the assignment takes no files or submissions are closed).
    /// </summary>
    public static Outcome<SubmissionUpload> Open(Assignment assignment, SubmissionUploadInput input, Caller uploader, string uploadId, DateTimeOffset now)
    {
        var settings = assignment.Settings;
        if (settings.Files is not { } rules) return Refusal.Conflict("This assignment takes text only.");
        if (now < settings.OpensAt) return Refusal.Conflict("Submissions are not open yet.", $"They open at {settings.OpensAt:u}.");
        var closes = settings.Late.Kind == LatePolicyKind.Refuse ? settings.DueAt : settings.ReviewsDueAt;
        if (now >= closes) return Refusal.Conflict("Submissions are closed.");
        var errors = new FieldErrors();
        var name = input.FileName?.Trim();
        if (!SubmissionRules.IsFileName(name)) errors.Add("fileName", $"A file name without a folder, at most {SubmissionRules.MaxFileNameLength} characters.");
        else if (rules.AllowedExtensions.Count > 0 && !rules.AllowedExtensions.Contains(SubmissionRules.ExtensionOf(name!)))
            errors.Add("fileName", $"Allowed types: {string.Join(", ", rules.AllowedExtensions)}.");
        if (input.Size is not { } size || size < 1 || size > rules.MaxBytesPerFile) errors.Add("size", $"Between 1 and {rules.MaxBytesPerFile} bytes.");
        if (errors.Any) return errors.ToRefusal();
        return new SubmissionUpload(SubmissionUpload.IdFor(uploadId), assignment.AssignmentId, assignment.OrganizationId, uploadId, uploader.UserId,
            SubmissionRules.BlobName(assignment.AssignmentId, uploadId), name!, input.Size!.Value, now, now + UrlLifetime);
    }

    /// <summary>
    /// The upload id in a blob name of this assignment ("{assignmentId}/{uploadId}"), or null when it is not one.
    /// </summary>
    public static string? UploadIdOf(string assignmentId, string? blobName)
    {
        var prefix = SubmissionRules.BlobPrefix(assignmentId);
        return blobName is not null && blobName.StartsWith(prefix, StringComparison.Ordinal) && Ids.IsValid(blobName[prefix.Length..])
            ? blobName[prefix.Length..] : null;
    }

    /// <summary>
    /// Checks a declared file against what was uploaded: the author's own upload, bytes present, the declared size
    /// the actual one and within the limit, and content matching the file name's extension (<see cref="FileSignatures"/>).
    /// Returns the media type to store, or null with errors added under at.
    /// </summary>
    public static string? Verify(FileSubmissionSettings rules, SubmittedFileInput file, UploadedFile? uploaded, string authorId, string at, FieldErrors errors)
    {
        if (uploaded is null || uploaded.Upload.UploaderId != authorId || uploaded.Upload.BlobName != file.BlobName)
        {
            errors.Add($"{at}.blobName", "Upload the file for this assignment first and give its blob name.");
            return null;
        }
        if (uploaded.Length == 0) { errors.Add($"{at}.blobName", "Nothing was uploaded to this blob yet."); return null; }
        if (uploaded.Length > rules.MaxBytesPerFile) { errors.Add($"{at}.size", $"The uploaded file is larger than {rules.MaxBytesPerFile} bytes."); return null; }
        if (file.Size != uploaded.Length) { errors.Add($"{at}.size", $"The uploaded file has {uploaded.Length} bytes."); return null; }
        var mediaType = FileSignatures.MediaTypeFor(SubmissionRules.ExtensionOf(file.FileName!.Trim()), uploaded.Head);
        if (mediaType is null) errors.Add($"{at}.content", "The file's content does not match its type.");
        return mediaType;
    }
}
