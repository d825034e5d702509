using Cooc.Assessment;
using Cooc.Ports;

namespace Cooc.Functions.Assessment;

/// <summary>
/// What storage holds for the files a submission names: per blob name, its upload document, the blob's length and
/// first bytes (<see cref="UploadedFile"/>), for <see cref="SubmissionRules.Submit"/> to check. Blobs that are not
/// submission blobs of this assignment, or have no upload document, are left out (and so refused).
/// </summary>
public sealed class UploadedFiles(AssessmentStore store, IBlobStore blobs)
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
