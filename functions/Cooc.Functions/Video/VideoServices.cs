using Cooc.Embedded.Blobs;
using Cooc.Functions.Hosting;
using Cooc.Functions.Messaging;
using Cooc.Functions.Video.Packaging;
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
        return services;
    }

    /// <summary>All instances must share the key: configured in Azure; standalone creates one in the data folder.</summary>
    private static byte[] PlaybackKey(VideoOptions options, RunMode mode, string dataPath) =>
        options.PlaybackKey is { Length: > 0 } configured ? Convert.FromBase64String(configured)
        : mode == RunMode.Standalone ? BlobSigningKeyFile.LoadOrCreate(Path.Combine(dataPath, "playback-signing.key"))
        : throw new InvalidOperationException("Set Cooc:Video:PlaybackKey (app setting Cooc__Video__PlaybackKey, base64 of 32 random bytes, e.g. a Key Vault reference).");
}
