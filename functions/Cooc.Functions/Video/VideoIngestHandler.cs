using Cooc.Functions.Messaging;
using Cooc.Functions.Video.Packaging;
using Cooc.Ports;
using Cooc.Video;
using Microsoft.Extensions.Logging;

namespace Cooc.Functions.Video;

/// <summary>
/// Packages a committed upload: source to a temporary folder, real type checked by its bytes, ffprobe, the rendition
/// ladder, ffmpeg HLS, every file uploaded under the version's prefix, and only then the lecture switches to the new
/// version. A redelivered message rewrites the same names and publishes the same version, so it produces no second
/// copy; a message for a version already published or superseded does nothing. A file that is not a video, or is
/// corrupt, ends the lecture in Failed with the reason. Without ffmpeg an MP4 is served as it is (progressive).
/// Afterwards the files of what the message retired (the replaced version, or this one if it failed or was
/// superseded) are scheduled for removal (<see cref="VersionCleanup"/>); the same queue carries upload expiries and
/// those removals, whose own handlers are chosen by Subject (VideoServices).
/// </summary>
public sealed class VideoIngestHandler(IBlobStore blobs, LectureVideos videos, LectureAccess lectures, VersionCleanup cleanup,
    FfmpegTools tools, Ffprobe ffprobe, HlsPackager packager, ILogger<VideoIngestHandler> logger, TimeProvider time) : IMessageHandler
{
    private static int warnedNoFfmpeg;

    public string Queue => Queues.VideoIngest;

    public async Task HandleAsync(ReceivedMessage message, CancellationToken ct)
    {
        var job = MessageHandlers.Parse<VideoIngestMessage>(message);
        if (job is null || string.IsNullOrEmpty(job.CourseId) || string.IsNullOrEmpty(job.LectureId) || string.IsNullOrEmpty(job.Version))
            throw new PoisonMessageException("The message names no course, lecture or version.");
        var video = (await lectures.ReadVideoAsync(job.CourseId, job.LectureId, ct))?.Value;
        if (video is null) return;
        if (!video.ShouldProcess(job.Version)) // published already, superseded, or failed: (again) schedule what it retired
        {
            await cleanup.ScheduleAsync(video, job.Version, ct);
            return;
        }

        var work = Path.Combine(tools.Options.TempPath, $"ingest-{Guid.NewGuid():N}");
        Directory.CreateDirectory(work);
        try
        {
            var result = await PackageAsync(job, work, ct);
            await videos.ChangeAsync(job.CourseId, job.LectureId, job.OrganizationId, v => v.Publish(result, time.GetUtcNow()), ct);
        }
        catch (VideoProcessingException e)
        {
            logger.LogWarning("Lecture {Lecture} version {Version} failed: {Reason}", job.LectureId, job.Version, e.Message);
            await videos.ChangeAsync(job.CourseId, job.LectureId, job.OrganizationId, v => v.Fail(e.Message, time.GetUtcNow(), job.Version), ct);
        }
        finally
        {
            try { Directory.Delete(work, recursive: true); } catch (IOException) { }
        }
        if ((await lectures.ReadVideoAsync(job.CourseId, job.LectureId, ct))?.Value is { } after)
            await cleanup.ScheduleAsync(after, job.Version, ct);
    }

    private async Task<PackagedVideo> PackageAsync(VideoIngestMessage job, string work, CancellationToken ct)
    {
        var source = Path.Combine(work, "source");
        var container = await DownloadAsync(job.SourceBlob, source, ct);
        if (container == VideoContainer.Unknown)
            throw new VideoProcessingException("the file is not a video: expected MP4, MOV, MKV or WebM");
        var prefix = VideoBlobNames.VersionPrefix(job.CourseId, job.LectureId, job.Version);
        if (!tools.Available)
        {
            if (Interlocked.Exchange(ref warnedNoFfmpeg, 1) == 0)
                logger.LogWarning("ffmpeg/ffprobe not found, so lectures are not packaged as HLS: MP4 uploads play as the uploaded file "
                    + "(one progressive rendition), other formats fail. To package: {Hint}", FfmpegTools.InstallHint);
            if (!VideoContainerSniffer.ServesProgressively(container))
                throw new VideoProcessingException("this server has no ffmpeg, so it can only play MP4 uploads as they are; upload an MP4, "
                    + "or ask the operator to " + FfmpegTools.InstallHint);
            return await ProgressiveAsync(job, source, ct);
        }
        var probe = await ffprobe.ProbeAsync(source, ct);
        var plan = RenditionLadder.Plan(probe);
        var output = Path.Combine(work, "out");
        var package = await packager.PackageAsync(source, probe, plan, output, ct);
        foreach (var file in package.Files)
        {
            await using var stream = File.OpenRead(Path.Combine(output, file));
            await blobs.PutAsync(BlobContainers.Video, prefix + file.Replace('\\', '/'), stream, ContentTypeOf(file), ct);
        }
        return package.ToPackagedVideo(job.Version, prefix);
    }

    /// <summary>The source as one progressive rendition: its duration read from the MP4's own header.</summary>
    private static async Task<PackagedVideo> ProgressiveAsync(VideoIngestMessage job, string source, CancellationToken ct)
    {
        await using var file = File.OpenRead(source);
        var duration = await Mp4Header.DurationSecondsAsync(file, ct)
            ?? throw new VideoProcessingException("the MP4 has no readable duration (moov/mvhd box)");
        var bandwidth = (long)(file.Length * 8 / Math.Max(duration, 1));
        return new PackagedVideo(job.Version, duration, [new Rendition("source", 0, 0, bandwidth, bandwidth, "", job.SourceBlob)], null, Progressive: true);
    }

    private async Task<VideoContainer> DownloadAsync(string blob, string file, CancellationToken ct)
    {
        await using var content = await blobs.ReadAsync(BlobContainers.Video, blob, null, ct)
            ?? throw new VideoProcessingException("the uploaded file is missing");
        if (content.Info.Length > tools.Options.MaxTempBytes)
            throw new VideoProcessingException($"the file is larger than this server's processing limit ({tools.Options.MaxTempBytes} bytes)");
        await using (var target = File.Create(file))
            await content.Content.CopyToAsync(target, ct);
        var head = new byte[VideoContainerSniffer.MinimumHeaderBytes];
        await using var read = File.OpenRead(file);
        var length = await read.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, ct);
        return VideoContainerSniffer.Detect(head.AsSpan(0, length));
    }

    private static string ContentTypeOf(string file) => Path.GetExtension(file) switch
    {
        ".m3u8" => "application/vnd.apple.mpegurl",
        ".ts" => "video/mp2t",
        ".jpg" => "image/jpeg",
        _ => "application/octet-stream",
    };
}
