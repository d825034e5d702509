using System.Collections.Concurrent;
using Cooc.Functions.Video.Packaging;

namespace Cooc.Adapters.Tests.Video;

[CollectionDefinition(Name)]
public sealed class VideoCollection : ICollectionFixture<VideoTestMedia>
{
    public const string Name = "video (ffmpeg)";
}

/// <summary>
/// Test videos made on demand with ffmpeg's lavfi sources in a temp folder (no media is committed), each once per run,
/// and the tools to run. Without ffmpeg every test of the collection fails, saying what to install: never skipped.
/// </summary>
public sealed class VideoTestMedia : IDisposable
{
    public const string Missing =
        "The video tests need ffmpeg and ffprobe on PATH: apt-get install ffmpeg (or run ./tools/ensure-ffmpeg.sh).";

    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> made = new();

    public VideoTestMedia()
    {
        Tools = new FfmpegTools(new VideoToolOptions());
        if (!Tools.Available) throw new InvalidOperationException(Missing);
        Folder = Directory.CreateTempSubdirectory("cooc-video-tests-").FullName;
    }

    public FfmpegTools Tools { get; }
    public string Folder { get; }

    /// <summary>13 s of 1280×720 at 25 fps, H.264 Main (x264 superfast, a keyframe every 2 s) with 48 kHz AAC-LC mono.</summary>
    public Task<string> H264With720pAudio() => Make("h264-720p.mp4", async path => await Ffmpeg(
        "-f", "lavfi", "-i", "testsrc=size=1280x720:rate=25", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
        "-t", "13", "-c:v", "libx264", "-preset", "superfast", "-profile:v", "main", "-g", "50", "-pix_fmt", "yuv420p",
        "-c:a", "aac", "-b:a", "96k", path));

    /// <summary>8 s of 854×480 at 25 fps, H.264 (a keyframe every 2 s) without any audio stream.</summary>
    public Task<string> H264Silent480p() => Make("h264-480p-silent.mp4", async path => await Ffmpeg(
        "-f", "lavfi", "-i", "testsrc=size=854x480:rate=25", "-t", "8", "-c:v", "libx264", "-preset", "ultrafast", "-g", "50", "-pix_fmt", "yuv420p", path));

    /// <summary>13 s of 854×480 at 25 fps, H.264/AAC with x264's default keyframe interval (250 frames: at 0 and 10 s only).</summary>
    public Task<string> H264KeyframesEvery10s() => Make("h264-480p-gop10s.mp4", async path => await Ffmpeg(
        "-f", "lavfi", "-i", "testsrc=size=854x480:rate=25", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-t", "13",
        "-c:v", "libx264", "-preset", "superfast", "-g", "250", "-sc_threshold", "0", "-pix_fmt", "yuv420p", "-c:a", "aac", path));

    /// <summary>8 s of 640×360 at 25 fps, VP9 with Opus, in WebM.</summary>
    public Task<string> Vp9Opus360p() => Make("vp9-360p.webm", async path => await Ffmpeg(
        "-f", "lavfi", "-i", "testsrc=size=640x360:rate=25", "-f", "lavfi", "-i", "sine=frequency=330",
        "-t", "8", "-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8", "-pix_fmt", "yuv420p", "-c:a", "libopus", path));

    /// <summary>The 720p source, stream-copied with a 90° display rotation (a phone filmed upright).</summary>
    public Task<string> Rotated720p() => Make("rotated-720p.mp4", async path => await Ffmpeg(
        "-i", await H264With720pAudio(), "-c", "copy", "-metadata:s:v:0", "rotate=90", path));

    /// <summary>3 s of AAC in an MP4 (an M4A by another name): no video stream.</summary>
    public Task<string> AudioOnly() => Make("audio-only.mp4", async path => await Ffmpeg(
        "-f", "lavfi", "-i", "sine=frequency=440", "-t", "3", "-c:a", "aac", path));

    public Task<string> TextRenamedMp4() => Make("notes.mp4", path => File.WriteAllTextAsync(path, "These are my lecture notes, not a video.\n"));

    /// <summary>The first half of the 720p source, whose index ("moov") is at the end: nothing says what the data is.</summary>
    public Task<string> TruncatedMp4() => Make("truncated.mp4", async path => await Truncate(await H264With720pAudio(), path));

    /// <summary>The first half of a "faststart" copy (index first): it probes fine but ends at about 6 s of 13.</summary>
    public Task<string> TruncatedFaststartMp4() => Make("truncated-faststart.mp4", async path =>
    {
        var whole = Path.Combine(Folder, "faststart.mp4");
        await Ffmpeg("-i", await H264With720pAudio(), "-c", "copy", "-movflags", "+faststart", whole);
        await Truncate(whole, path);
    });

    public string NewFolder(string name) => Directory.CreateDirectory(Path.Combine(Folder, $"{name}-{Guid.NewGuid():N}")).FullName;

    public async Task<ToolRun> Ffprobe(params string[] arguments) => await Tools.RunFfprobeAsync(arguments, null, [], CancellationToken.None);

    public async Task<ToolRun> FfmpegRun(params string[] arguments) =>
        await Tools.RunFfmpegAsync(["-hide_banner", "-nostdin", "-v", "error", .. arguments], null, [], CancellationToken.None);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // a leftover temp folder is harmless
        }
    }

    private async Task Ffmpeg(params string[] arguments) => (await FfmpegRun(["-y", .. arguments])).EnsureSucceeded();

    private Task<string> Make(string name, Func<string, Task> write) =>
        made.GetOrAdd(name, _ => new Lazy<Task<string>>(async () =>
        {
            var path = Path.Combine(Folder, name);
            await write(path);
            return path;
        })).Value;

    private static async Task Truncate(string whole, string half)
    {
        var bytes = await File.ReadAllBytesAsync(whole);
        await File.WriteAllBytesAsync(half, bytes[..(bytes.Length / 2)]);
    }
}
