using System.Globalization;
using Cooc.Video;

namespace Cooc.Functions.Video.Packaging;

/// <summary>Reads back a media playlist ffmpeg wrote, checks that it names only its own segments, and measures them.</summary>
public static class MediaPlaylistReader
{
    public static PackagedRendition Measure(string outputFolder, RenditionPlan rung)
    {
        var playlist = HlsArguments.MediaPlaylist(rung);
        var path = Path.Combine(outputFolder, rung.Name, HlsArguments.PlaylistName);
        if (!File.Exists(path)) throw new VideoProcessingException($"ffmpeg wrote no playlist for {rung.Name}");
        var targetDuration = 0;
        double? pendingDuration = null;
        var segments = new List<(string Path, double Seconds, long Bytes)>();
        foreach (var raw in File.ReadLines(path))
        {
            var line = raw.Trim();
            if (line.StartsWith("#EXT-X-TARGETDURATION:", StringComparison.Ordinal))
                targetDuration = int.Parse(line["#EXT-X-TARGETDURATION:".Length..], CultureInfo.InvariantCulture);
            else if (line.StartsWith("#EXTINF:", StringComparison.Ordinal))
                pendingDuration = double.Parse(line["#EXTINF:".Length..].Split(',')[0], CultureInfo.InvariantCulture);
            else if (line.Length > 0 && !line.StartsWith('#'))
            {
                if (line.IndexOfAny(['/', '\\', ':', '?']) >= 0 || line.StartsWith('.'))
                    throw new VideoProcessingException($"the {rung.Name} playlist names a file outside its folder: {line}");
                var file = new FileInfo(Path.Combine(outputFolder, rung.Name, line));
                if (!file.Exists || pendingDuration is null) throw new VideoProcessingException($"the {rung.Name} playlist names a missing segment: {line}");
                segments.Add(($"{rung.Name}/{line}", pendingDuration.Value, file.Length));
                pendingDuration = null;
            }
        }
        if (segments.Count == 0) throw new VideoProcessingException($"ffmpeg wrote no segment for {rung.Name}");
        var seconds = segments.Sum(s => s.Seconds);
        var bytes = segments.Sum(s => s.Bytes) + new FileInfo(path).Length;
        var average = (long)Math.Ceiling(segments.Sum(s => s.Bytes) * 8 / Math.Max(seconds, 0.001));
        var peak = PeakBitRate(segments.Select(s => (s.Seconds, s.Bytes)).ToList(), targetDuration) ?? average;
        return new PackagedRendition(rung, playlist, segments.Select(s => s.Path).ToList(), targetDuration, seconds, bytes, Math.Max(peak, average), average);
    }

    /// <summary>
    /// The peak segment bit rate as HLS (RFC 8216bis) defines it: the largest bit rate of any contiguous run of
    /// segments lasting between 0.5 and 1.5 target durations; null when no run qualifies (a video shorter than that).
    /// </summary>
    public static long? PeakBitRate(IReadOnlyList<(double Seconds, long Bytes)> segments, int targetDuration)
    {
        double? peak = null;
        for (var first = 0; first < segments.Count; first++)
        {
            double seconds = 0, bits = 0;
            for (var last = first; last < segments.Count && seconds < 1.5 * targetDuration; last++)
            {
                seconds += segments[last].Seconds;
                bits += segments[last].Bytes * 8.0;
                if (seconds >= 0.5 * targetDuration && seconds <= 1.5 * targetDuration && seconds > 0)
                    peak = Math.Max(peak ?? 0, bits / seconds);
            }
        }
        return peak is { } value ? (long)Math.Ceiling(value) : null;
    }
}
