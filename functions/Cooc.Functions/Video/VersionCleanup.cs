using System.Text.Json;
using Cooc.Ports;
using Cooc.Video;
using Microsoft.Extensions.Logging;

namespace Cooc.Functions.Video;

public sealed record RemoveVersion(string CourseId, string LectureId, string Version);

/// <summary>
/// Deletes the files of versions that no longer play: when a re-upload is published, the version it replaced (its
/// packaged files under versions/{uploadId}/ and its source) goes once every signed URL of it has expired
/// (<see cref="VideoOptions.RetentionOfOldVersions"/>); a failed or superseded upload's files go the same way. The
/// removal is a message on video-ingest scheduled for then; it looks at the lecture again when it runs and never
/// deletes the version that plays or the one being packaged. Deleting is idempotent, so redelivery is harmless.
/// </summary>
public sealed class VersionCleanup(IBlobStore blobs, IMessageQueue queue, LectureAccess lectures, VideoOptions options, ILogger<VersionCleanup> logger,
    TimeProvider time)
{
    public const string Subject = nameof(RemoveVersion);

    /// <summary>Schedules the removal of what handling an ingest message for version retired (see <see cref="LectureVideo.RetiredBy"/>).</summary>
    public async Task ScheduleAsync(LectureVideo video, string version, CancellationToken ct)
    {
        foreach (var retired in video.RetiredBy(version))
            await queue.SendAsync(Queues.VideoIngest, new OutgoingMessage($"remove-version:{retired}", // upload ids are unique
                JsonSerializer.Serialize(new RemoveVersion(video.CourseId, video.LectureId, retired), DocumentJson.Options),
                time.GetUtcNow() + options.RetentionOfOldVersions, Subject), ct);
    }

    /// <summary>The scheduled removal: the lecture as it is now decides (<see cref="RemoveAsync(RemoveVersion, LectureVideo?, CancellationToken)"/>).</summary>
    public async Task RemoveAsync(RemoveVersion request, CancellationToken ct) =>
        await RemoveAsync(request, (await lectures.ReadVideoAsync(request.CourseId, request.LectureId, ct))?.Value, ct);

    /// <summary>Deletes the version's files and source unless the lecture plays or packages it (then nothing happens).</summary>
    public async Task RemoveAsync(RemoveVersion request, LectureVideo? video, CancellationToken ct)
    {
        if (video is not null && !video.MayRemove(request.Version)) return;
        var prefix = VideoBlobNames.VersionPrefix(request.CourseId, request.LectureId, request.Version);
        var files = await blobs.ListAsync(BlobContainers.Video, prefix, ct);
        foreach (var file in files)
            await blobs.DeleteAsync(BlobContainers.Video, file.Name, ct);
        var source = await blobs.DeleteAsync(BlobContainers.Video, VideoBlobNames.Source(request.CourseId, request.LectureId, request.Version), ct);
        logger.LogInformation("Removed version {Version} of lecture {Lecture}: {Files} files, source {Source}",
            request.Version, request.LectureId, files.Count, source ? "deleted" : "already gone");
    }
}
