using Cooc.Embedded.Blobs;
using Cooc.Functions.Hosting;
using Cooc.Functions.Messaging;
using Cooc.Functions.Video.Packaging;
using Cooc.Ports;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Cooc.Functions.Video;

public static class VideoServices
{
    /// <summary>Video lectures: settings under "Cooc:Video" (limits, signature buckets, ffmpeg paths, playback key).</summary>
    public static IServiceCollection AddVideo(this IServiceCollection services, IConfiguration configuration, RunMode mode, string dataPath)
    {
        var section = configuration.GetSection("Cooc:Video");
        var options = section.Get<VideoOptions>() ?? new VideoOptions();
        services.AddSingleton(options);
        services.AddSingleton(section.Get<VideoToolOptions>() ?? new VideoToolOptions());
        services.AddSingleton(sp => new PlaybackTokens(PlaybackKey(options, mode, dataPath), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<FfmpegTools>();
        services.AddSingleton<Ffprobe>();
        services.AddSingleton<HlsPackager>();
        services.AddSingleton<VideoPlayback>();
        services.AddSingleton<LectureAccess>();
        services.AddSingleton<LectureVideos>();
        services.AddSingleton<UploadExpiry>();
        services.AddSingleton<VersionCleanup>();
        services.AddSingleton<IMessageHandler, VideoIngestHandler>();
        // The queue's scheduled messages, by Subject: an upload session's end, and an old version's removal.
        services.AddSingleton<IMessageHandler>(sp => SubjectHandlers.For<ExpireUpload, UploadExpiry>(sp, Queues.VideoIngest, UploadExpiry.Subject,
            m => m.CourseId is { Length: > 0 } && m.UploadId is { Length: > 0 }, "The message names no course or upload.",
            (expiry, m, _, ct) => expiry.ExpireAsync(m, ct)));
        services.AddSingleton<IMessageHandler>(sp => SubjectHandlers.For<RemoveVersion, VersionCleanup>(sp, Queues.VideoIngest, VersionCleanup.Subject,
            m => m.CourseId is { Length: > 0 } && m.LectureId is { Length: > 0 } && m.Version is { Length: > 0 }, "The message names no course, lecture or version.",
            (cleanup, m, _, ct) => cleanup.RemoveAsync(m, ct)));
        return services;
    }

    /// <summary>All instances must share the key: configured in Azure; standalone creates one in the data folder.</summary>
    private static byte[] PlaybackKey(VideoOptions options, RunMode mode, string dataPath) =>
        options.PlaybackKey is { Length: > 0 } configured ? Convert.FromBase64String(configured)
        : mode == RunMode.Standalone ? BlobSigningKeyFile.LoadOrCreate(Path.Combine(dataPath, "playback-signing.key"))
        : throw new InvalidOperationException("Set Cooc:Video:PlaybackKey (app setting Cooc__Video__PlaybackKey, base64 of 32 random bytes, e.g. a Key Vault reference).");
}
