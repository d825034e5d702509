using System.Globalization;
using Cooc.Functions.Video.Packaging;

namespace Cooc.Adapters.Tests.Video;

/// <summary>Checks on what the packager wrote, by reading the files back and running ffprobe on them.</summary>
internal static class PackagedOutputAssertions
{
    /// <summary>Every segment decodes without a single error and has the rung's picture size (and audio when expected).</summary>
    public static async Task SegmentsDecode(VideoTestMedia media, string output, PackagedRendition rendition, bool expectAudio)
    {
        foreach (var segment in rendition.Segments)
        {
            var run = await media.Ffprobe("-v", "error", "-count_frames", "-show_entries", "stream=codec_type,width,height,nb_read_frames",
                "-of", "csv=p=0", Path.Combine(output, segment));
            Assert.True(run.Succeeded && run.StderrTail.Count == 0, $"{segment}: {run.StderrSummary()}");
            // An MPEG-TS lists its streams twice, once under its program: hence Distinct.
            var streams = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Distinct().ToList();
            var video = Assert.Single(streams, s => s.StartsWith("video", StringComparison.Ordinal)).Split(',');
            Assert.Equal($"{rendition.Plan.Width}x{rendition.Plan.Height}", $"{video[1]}x{video[2]}");
            Assert.True(int.Parse(video[3], CultureInfo.InvariantCulture) > 0, $"{segment} has no frame");
            Assert.Equal(expectAudio, streams.Any(s => s.StartsWith("audio", StringComparison.Ordinal)));
        }
    }

    /// <summary>An encoded rung: target duration at most 7, every segment but the last 6 s (±0.1).</summary>
    public static void SixSecondSegments(string output, PackagedRendition rendition)
    {
        var text = File.ReadAllText(Path.Combine(output, rendition.MediaPlaylist));
        Assert.InRange(rendition.TargetDurationSeconds, 1, 7);
        Assert.Contains($"#EXT-X-TARGETDURATION:{rendition.TargetDurationSeconds}\n", text);
        var durations = text.Split('\n').Where(l => l.StartsWith("#EXTINF:", StringComparison.Ordinal))
            .Select(l => double.Parse(l["#EXTINF:".Length..].TrimEnd(','), CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(rendition.SegmentCount, durations.Count);
        Assert.All(durations.SkipLast(1), d => Assert.InRange(d, 5.9, 6.1));
        Assert.InRange(durations[^1], 0.01, 6.1);
    }

    /// <summary>Playlists name their segments by bare relative names, for the app to sign later.</summary>
    public static void RelativeNamesOnly(string output, PackagedRendition rendition)
    {
        var uris = File.ReadAllLines(Path.Combine(output, rendition.MediaPlaylist)).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        Assert.Equal(rendition.Segments.Select(Path.GetFileName), uris);
        Assert.All(uris, uri => Assert.Matches("^seg_[0-9]{5}\\.ts$", uri));
    }

    public static async Task PosterIsJpeg(VideoTestMedia media, string output, HlsPackage package, int width, int height)
    {
        var path = Path.Combine(output, package.Poster);
        var head = (await File.ReadAllBytesAsync(path))[..3];
        Assert.Equal(new byte[] { 0xFF, 0xD8, 0xFF }, head);
        var run = (await media.Ffprobe("-v", "error", "-show_entries", "stream=codec_name,width,height", "-of", "csv=p=0", path)).EnsureSucceeded();
        Assert.Equal($"mjpeg,{width},{height}", run.Output.Trim());
    }

    /// <summary>The package lists exactly the files in the folder, and counts all their bytes.</summary>
    public static void AccountsForEveryFile(string output, HlsPackage package)
    {
        var onDisk = Directory.EnumerateFiles(output, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(output, f).Replace('\\', '/')).Order().ToList();
        Assert.Equal(onDisk, package.Files.Order().ToList());
        Assert.Equal(onDisk.Sum(f => new FileInfo(Path.Combine(output, f)).Length), package.TotalBytes);
    }

    /// <summary>The decoded frames of a playlist, hashed together: equal hashes mean the very same pictures.</summary>
    public static async Task<string> DecodedVideoHash(VideoTestMedia media, string input) =>
        (await media.FfmpegRun("-i", input, "-map", "0:v:0", "-fps_mode", "passthrough", "-f", "md5", "-")).EnsureSucceeded().Output.Trim();
}
