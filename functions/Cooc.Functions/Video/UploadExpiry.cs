using System.Text.Json;
using Cooc.Ports;
using Cooc.Video;

namespace Cooc.Functions.Video;

public sealed record ExpireUpload(string CourseId, string UploadId);

/// <summary>
/// Abandoned uploads: opening a session schedules a message for its expiry on the video-ingest queue; when it comes due
/// a session still open is marked Expired and its staged blocks are deleted (Azure also drops uncommitted blocks
/// after 7 days on its own).
/// </summary>
public sealed class UploadExpiry(IDocumentStore documents, IBlobStore blobs, IMessageQueue queue, TimeProvider time)
{
    public const string Subject = nameof(ExpireUpload);

    public Task ScheduleAsync(UploadSession session, CancellationToken ct) =>
        queue.SendAsync(Queues.VideoIngest, new OutgoingMessage($"expire-upload:{session.UploadId}",
            JsonSerializer.Serialize(new ExpireUpload(session.CourseId, session.UploadId), DocumentJson.Options), session.ExpiresAt, Subject), ct);

    public async Task ExpireAsync(ExpireUpload request, CancellationToken ct)
    {
        var stored = await documents.ReadAsync<UploadSession>(Containers.Courses, request.CourseId, UploadSession.IdFor(request.UploadId), ct);
        if (stored is null || stored.Value.Status != UploadStatus.Open) return;
        if (!stored.Value.IsExpired(time.GetUtcNow()))
        {
            await ScheduleAsync(stored.Value, ct); // the clock that scheduled it ran ahead: look again at the expiry
            return;
        }
        await documents.ReplaceAsync(Containers.Courses, request.CourseId, stored.Value.Expire(), stored.ETag, ct);
        // Blob Storage cannot delete uncommitted blocks: committing an empty list discards them, then the empty blob goes.
        if ((await blobs.ListStagedBlocksAsync(BlobContainers.Video, stored.Value.BlobName, ct)).Count > 0)
            await blobs.CommitBlocksAsync(BlobContainers.Video, stored.Value.BlobName, [], "application/octet-stream", ct);
        await blobs.DeleteAsync(BlobContainers.Video, stored.Value.BlobName, ct);
    }
}
