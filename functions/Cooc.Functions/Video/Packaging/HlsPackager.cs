using System.Diagnostics;
using System.Text.RegularExpressions;
using Cooc.Video;

namespace Cooc.Functions.Video.Packaging;

/// <summary>
/// Packages a source as HLS into an output folder, writing only inside it: "{rung}/index.m3u8" and
/// "{rung}/seg_NNNNN.ts" per planned rung (an existing folder of that name is replaced) and "poster.jpg".
/// Three ffmpeg runs: the poster frame; the remuxed rung, if any (a stream copy, typically 100× real time or more);
/// and every encoded rung at once, so the source is decoded a single time.
/// Disk: the output needs about the source's size for a remuxed rung plus each encoded rung's capped bit rate × the
/// duration (+10% for MPEG-TS), <see cref="EstimateOutputBytes"/>, e.g. 1.1 GB for an hour of 720p source with a
/// 360p/480p/720p ladder; packaging refuses to start when that exceeds MaxTempBytes or the disk's free space.
/// </summary>
public sealed partial class HlsPackager(FfmpegTools tools)
{
    /// <summary>Packaged output may fall short of the probed duration by this much (or 5%) before the source counts as truncated.</summary>
    public const double DurationToleranceSeconds = 2;

    public async Task<HlsPackage> PackageAsync(string sourceFile, ProbeResult probe, IReadOnlyList<RenditionPlan> plan, string outputFolder,
        CancellationToken cancellationToken)
    {
        RequireUsablePlan(plan);
        var source = Path.GetFullPath(sourceFile);
        if (!File.Exists(source)) throw new VideoProcessingException("could not read the file: it does not exist");
        var output = Path.GetFullPath(outputFolder);
        Directory.CreateDirectory(output);
        RequireDiskSpace(output, EstimateOutputBytes(new FileInfo(source).Length, probe, plan));
        foreach (var rung in plan)
        {
            var folder = Path.Combine(output, rung.Name);
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
            Directory.CreateDirectory(folder);
        }
        string[] hidden = [source, output];
        var options = tools.Options;

        var clock = Stopwatch.StartNew();
        await WritePosterAsync(source, probe, output, hidden, cancellationToken);
        var posterTime = clock.Elapsed;

        clock.Restart();
        foreach (var rung in plan.Where(r => r.Remux))
            (await tools.RunFfmpegAsync(HlsArguments.Remux(source, probe, rung, options), output, hidden, cancellationToken)).EnsureSucceeded();
        var remuxTime = clock.Elapsed;

        clock.Restart();
        var encoded = plan.Where(r => !r.Remux).ToList();
        if (encoded.Count > 0)
            (await tools.RunFfmpegAsync(HlsArguments.Encode(source, probe, encoded, options), output, hidden, cancellationToken)).EnsureSucceeded();
        var encodeTime = clock.Elapsed;

        var renditions = plan.Select(rung => MediaPlaylistReader.Measure(output, rung)).ToList();
        RequireWholeDuration(probe, renditions);
        var posterBytes = new FileInfo(Path.Combine(output, HlsArguments.PosterName)).Length;
        var start = await VideoStartAsync(Path.Combine(output, renditions[0].Segments[0]), cancellationToken);
        return new HlsPackage(renditions, HlsArguments.PosterName, renditions.Max(r => r.DurationSeconds),
            renditions.Sum(r => r.Bytes) + posterBytes, new PackagingTimings(posterTime, remuxTime, encodeTime), WebVttTimestampMap.ToMpegTs(start));
    }

    /// <summary>
    /// The presentation time of the first video frame of a segment (ffmpeg's MPEG-TS muxer starts at 1.4 s plus the
    /// encoder's reorder delay): what the source's time 0, and so a caption's time 0, became.
    /// </summary>
    private async Task<double> VideoStartAsync(string segment, CancellationToken cancellationToken)
    {
        var run = await tools.RunFfprobeAsync(["-v", "error", "-select_streams", "V:0", "-show_entries", "stream=start_time", "-of", "csv=p=0", segment],
            null, [segment], cancellationToken);
        var text = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        return run.Succeeded && double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
            ? seconds
            : throw new VideoProcessingException($"could not read back a packaged segment: {run.StderrSummary()}");
    }

    /// <summary>The expected size of the output: the source's size for a remuxed rung, (capped video + audio rate) × duration for the others, + 10%.</summary>
    public static long EstimateOutputBytes(long sourceBytes, ProbeResult probe, IReadOnlyList<RenditionPlan> plan)
    {
        var seconds = Math.Max(probe.DurationSeconds, 1);
        var payload = plan.Sum(rung => rung.Remux ? sourceBytes : (rung.MaxVideoBitrate + rung.AudioBitrate) / 8.0 * seconds);
        return (long)(payload * 1.1) + 1024 * 1024;
    }

    private async Task WritePosterAsync(string source, ProbeResult probe, string output, IReadOnlyList<string> hidden, CancellationToken cancellationToken)
    {
        var poster = new FileInfo(Path.Combine(output, HlsArguments.PosterName));
        if (poster.Exists) poster.Delete();
        // A seek past the last decodable frame gives no frame without failing: then take the first one.
        foreach (var at in new[] { HlsArguments.PosterTime(probe.DurationSeconds), 0 }.Distinct())
        {
            (await tools.RunFfmpegAsync(HlsArguments.Poster(source, at, tools.Options), output, hidden, cancellationToken)).EnsureSucceeded();
            poster.Refresh();
            if (poster.Exists && poster.Length > 0) return;
        }
        throw new VideoProcessingException("could not read the file: no video frame could be decoded for the poster");
    }

    private void RequireDiskSpace(string output, long estimate)
    {
        var limit = tools.Options.MaxTempBytes;
        if (estimate > limit)
            throw new VideoProcessingException($"the video is too long to package here: it needs about {Megabytes(estimate)} of temporary disk, more than the {Megabytes(limit)} allowed");
        long? free = null;
        try
        {
            free = new DriveInfo(output).AvailableFreeSpace;
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException)
        {
            // unknown free space: let ffmpeg find out
        }
        if (free < estimate)
            throw new VideoProcessingException($"not enough temporary disk to package the video: it needs about {Megabytes(estimate)}, {Megabytes(free.Value)} are free");
    }

    /// <summary>ffmpeg stops without an error at the end of a truncated file: a rendition much shorter than the probe says is a failure.</summary>
    private static void RequireWholeDuration(ProbeResult probe, IReadOnlyList<PackagedRendition> renditions)
    {
        var shortest = renditions.Min(r => r.DurationSeconds);
        var tolerance = Math.Max(DurationToleranceSeconds, probe.DurationSeconds * 0.05);
        if (probe.DurationSeconds - shortest > tolerance)
            throw new VideoProcessingException(
                $"the file ends early: only {shortest:0.#} s of its {probe.DurationSeconds:0.#} s could be read (a truncated or damaged upload)");
    }

    private static void RequireUsablePlan(IReadOnlyList<RenditionPlan> plan)
    {
        if (plan.Count == 0) throw new ArgumentException("Plan at least one rendition.", nameof(plan));
        if (plan.Any(r => !SafeName().IsMatch(r.Name))) throw new ArgumentException("Rendition names must be plain folder names.", nameof(plan));
        if (plan.Select(r => r.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count() != plan.Count)
            throw new ArgumentException("Rendition names must differ.", nameof(plan));
    }

    private static string Megabytes(long bytes) => $"{bytes / (1024.0 * 1024):0} MB";

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$")]
    private static partial Regex SafeName();
}
