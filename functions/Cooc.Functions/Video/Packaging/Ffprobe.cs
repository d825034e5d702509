using System.Globalization;
using Cooc.Video;

namespace Cooc.Functions.Video.Packaging;

/// <summary>
/// What a source file is, from "ffprobe -v error -print_format json -show_format -show_streams", opened with the
/// demuxers of <see cref="VideoToolOptions.AllowedDemuxers"/> only and the local file protocol only. A file that is
/// not a video, is damaged or truncated gives a <see cref="VideoProcessingException"/> with a readable reason.
/// </summary>
public sealed class Ffprobe(FfmpegTools tools)
{
    public async Task<ProbeResult> ProbeAsync(string file, CancellationToken cancellationToken)
    {
        var path = Path.GetFullPath(file);
        if (!File.Exists(path)) throw new VideoProcessingException("could not read the file: it does not exist");
        if (new FileInfo(path).Length == 0) throw new VideoProcessingException("could not read the file: it is empty");
        var run = await tools.RunFfprobeAsync(
            [.. InputOptions(tools.Options), "-print_format", "json", "-show_format", "-show_streams", path], null, [path], cancellationToken);
        if (!run.Succeeded) throw new VideoProcessingException($"could not read the file: {Reason(run)}");
        if (run.OutputTruncated) throw new VideoProcessingException("could not read the file: it describes itself at absurd length");
        var probe = FfprobeJson.Parse(run.Output);
        if (probe.DurationSeconds <= 0)
        {
            var measured = await MeasureDurationAsync(path, cancellationToken);
            probe = measured > 0 ? probe with { DurationSeconds = measured }
                : throw new VideoProcessingException("could not read the file: it states no duration and its video has no timed frame");
        }
        if (!RenditionLadder.HasCopyableStreams(probe)) return probe;
        var keyframes = await KeyframeTimesAsync(path, cancellationToken);
        return probe with { KeyframesOnSegmentBoundaries = SegmentAlignment.KeyframesOnBoundaries(keyframes, probe.FrameRate, probe.DurationSeconds) };
    }

    /// <summary>
    /// The video's keyframe times in seconds from its first packet: its packets' flags, read without decoding (for an
    /// MP4 this reads the file once, at disk speed; only asked when the top rung could be stream-copied).
    /// </summary>
    public async Task<IReadOnlyList<double>> KeyframeTimesAsync(string file, CancellationToken cancellationToken)
    {
        var path = Path.GetFullPath(file);
        var keyframes = new List<double>();
        double? first = null;
        var run = await tools.RunFfprobeAsync(
            [.. InputOptions(tools.Options), "-select_streams", "V:0", "-show_entries", "packet=pts_time,flags", "-of", "csv=p=0", path],
            line =>
            {
                var parts = line.Split(',');
                if (parts.Length < 2 || !double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var pts)) return;
                first = Math.Min(first ?? pts, pts);
                if (parts[1].StartsWith('K')) keyframes.Add(pts);
            },
            [path], cancellationToken);
        if (!run.Succeeded) throw new VideoProcessingException($"could not read the file: {Reason(run)}");
        return keyframes.Select(t => t - (first ?? 0)).Order().ToList();
    }

    /// <summary>The options that make ffmpeg and ffprobe open a source safely: quiet but for errors, allowed demuxers, local files only.</summary>
    public static IReadOnlyList<string> InputOptions(VideoToolOptions options) =>
        ["-v", "error", "-format_whitelist", options.AllowedDemuxers, "-protocol_whitelist", "file"];

    /// <summary>For a file whose header states no duration: the end of its last video packet, reading the whole file (demuxing only).</summary>
    private async Task<double> MeasureDurationAsync(string path, CancellationToken cancellationToken)
    {
        var end = 0.0;
        var run = await tools.RunFfprobeAsync(
            [.. InputOptions(tools.Options), "-select_streams", "V:0", "-show_entries", "packet=pts_time,duration_time", "-of", "csv=p=0", path],
            line =>
            {
                var parts = line.Split(',');
                if (parts.Length < 1 || !double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var pts)) return;
                var duration = parts.Length > 1 && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : 0;
                end = Math.Max(end, pts + duration);
            },
            [path], cancellationToken);
        if (!run.Succeeded) throw new VideoProcessingException($"could not read the file: {Reason(run)}");
        return end;
    }

    private static string Reason(ToolRun run)
    {
        var summary = run.StderrSummary();
        if (summary.Contains("not on whitelist", StringComparison.Ordinal)) return "it is not an MP4, MOV, MKV or WebM video";
        return summary.Length > 0 ? summary : $"ffprobe failed (exit code {run.ExitCode})";
    }
}
