using Cooc.Assessment;
using Cooc.Common;
using Cooc.Ports;

namespace Cooc.Functions.Assessment;

/// <summary>
/// What storage holds for the files a submission names: per blob name, its upload document, the blob's length and
/// first bytes (<see cref="UploadedFile"/>), for <see cref="SubmissionRules.Submit"/> to check. Blobs that are not
/// submission blobs of this assignment, or have no upload document, are left out (and so refused).
/// </summary>
public sealed class UploadedFiles(IDocumentStore documents, AssessmentStore store, IBlobStore blobs)
{
    public async Task<IReadOnlyDictionary<string, UploadedFile>> ForAsync(Assignment assignment, SubmissionInput input, CancellationToken ct)
    {
        var found = new Dictionary<string, UploadedFile>(StringComparer.Ordinal);
        var names = (input.Files ?? []).Select(f => f?.BlobName).OfType<string>().Distinct(StringComparer.Ordinal).Take(AssignmentSettingsRules.MaxMaxFiles + 1);
        foreach (var name in names)
        {
            if (SubmissionUploads.UploadIdOf(assignment.AssignmentId, name) is not { } uploadId) continue;
            var upload = await store.ReadAsync<SubmissionUpload>(assignment.AssignmentId, SubmissionUpload.IdFor(uploadId), ct);
            if (upload is null) continue;
            found[name] = await ReadAsync(upload.Value, ct);
        }
        return found;
    }

    /// <summary>
    /// Marks every upload the submission names (<see cref="SubmissionUpload.AttachedAt"/>) just before the submission
    /// is written, which keeps their end of life away (<see cref="SubmissionUploads.Expire"/>). An upload whose document
    /// is gone expired since it was checked: refused (400), nothing written.
    /// </summary>
    public async Task<Refusal?> AttachAsync(Submission submission, DateTimeOffset now, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var mark = new DocumentPatch([], null, [SetProperty.Of(SubmissionUpload.AttachedAtPath, now)]);
        for (var i = 0; i < submission.Files.Count; i++)
        {
            var uploadId = SubmissionUploads.UploadIdOf(submission.AssignmentId, submission.Files[i].BlobName);
            try
            {
                if (uploadId is not null)
                    await documents.PatchAsync<SubmissionUpload>(Containers.Assessment, submission.AssignmentId, SubmissionUpload.IdFor(uploadId), mark, null, ct);
            }
            catch (DocumentNotFoundException)
            {
                errors.Add($"files[{i}].blobName", "This upload expired meanwhile: upload the file again.");
            }
        }
        return errors.Any ? errors.ToRefusal() : null;
    }

    private async Task<UploadedFile> ReadAsync(SubmissionUpload upload, CancellationToken ct)
    {
        await using var content = await blobs.ReadAsync(BlobContainers.Submissions, upload.BlobName, new BlobRange(0, FileSignatures.HeadLength), ct);
        if (content is null) return new UploadedFile(upload, 0, []);
        var info = await blobs.GetInfoAsync(BlobContainers.Submissions, upload.BlobName, ct);
        var head = new byte[FileSignatures.HeadLength];
        var read = 0;
        while (read < head.Length && await content.Content.ReadAsync(head.AsMemory(read), ct) is var n and > 0) read += n;
        return new UploadedFile(upload, info?.Length ?? 0, head[..read]);
    }
}
