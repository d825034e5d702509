using System.Globalization;
using Cooc.Video;

namespace Cooc.Functions.Video.Packaging;

/// <summary>
/// The ffmpeg argument lists of packaging, run with the output folder as working directory so that every name is
/// relative: "{rung}/index.m3u8" and "{rung}/seg_00000.ts" ... (MPEG-TS, <see cref="RenditionLadder.SegmentSeconds"/>
/// each), and "poster.jpg". The source is opened with <see cref="Ffprobe.InputOptions"/>; its first video stream that
/// is not a cover picture ("0:V:0") and first audio stream ("0:a:0") are used, others dropped.
/// </summary>
public static class HlsArguments
{
    public const string PlaylistName = "index.m3u8";
    public const string SegmentPattern = "seg_%05d.ts";
    public const string PosterName = "poster.jpg";
    public const int PosterMaxWidth = 1280;

    /// <summary>Copies the streams into segments: no decoding, so each segment starts at the source's first keyframe after 6 s.</summary>
    public static IReadOnlyList<string> Remux(string source, ProbeResult probe, RenditionPlan rung, VideoToolOptions options)
    {
        if (!rung.Remux) throw new ArgumentException($"Rung {rung.Name} is to be encoded, not remuxed.", nameof(rung));
        List<string> arguments = [.. Head(source, options), "-map", "0:V:0"];
        if (probe.HasAudio) arguments.AddRange(["-map", "0:a:0"]);
        arguments.AddRange(["-c", "copy"]);
        arguments.AddRange(HlsOutput(rung.Name));
        return arguments;
    }

    /// <summary>
    /// One ffmpeg run for all the encoded rungs: the source is decoded once, split, scaled per rung (square pixels,
    /// 8-bit 4:2:0) and each copy encoded with libx264 at the rung's profile, level and capped bit rate, a keyframe
    /// forced at every multiple of 6 s and none at scene cuts, with AAC-LC stereo audio at the rung's rate. Video is
    /// capped-quality (CRF with the rung's MaxVideoBitrate and BufferSize as VBV), not average-bit-rate: simple
    /// pictures such as slides stay far under the rung's rate instead of being padded up to it.
    /// </summary>
    public static IReadOnlyList<string> Encode(string source, ProbeResult probe, IReadOnlyList<RenditionPlan> rungs, VideoToolOptions options)
    {
        if (rungs.Count == 0 || rungs.Any(r => r.Remux)) throw new ArgumentException("Give one or more rungs to encode.", nameof(rungs));
        List<string> arguments = [.. Head(source, options), "-filter_complex", ScaleGraph(rungs)];
        var keyframeInterval = Invariant(RenditionLadder.KeyframeInterval(probe.FrameRate));
        for (var i = 0; i < rungs.Count; i++)
        {
            var rung = rungs[i];
            arguments.AddRange(["-map", $"[v{i}]"]);
            if (probe.HasAudio && rung.AudioBitrate > 0)
                arguments.AddRange(["-map", "0:a:0", "-c:a", "aac", "-b:a", Invariant(rung.AudioBitrate), "-ac", "2"]);
            arguments.AddRange([
                "-c:v", "libx264", "-preset", options.X264Preset,
                "-profile:v", rung.Profile ?? CodecStrings.HighProfile, "-level:v", rung.Level ?? "4.0",
                "-crf", Invariant(options.X264Crf), "-maxrate", Invariant(rung.MaxVideoBitrate), "-bufsize", Invariant(rung.BufferSize),
                "-g", keyframeInterval, "-sc_threshold", "0", "-force_key_frames", RenditionLadder.ForceKeyFramesExpression,
            ]);
            arguments.AddRange(HlsOutput(rung.Name));
        }
        return arguments;
    }

    /// <summary>One frame at atSeconds as a JPEG, at most 1280 pixels wide, upright.</summary>
    public static IReadOnlyList<string> Poster(string source, double atSeconds, VideoToolOptions options) =>
    [
        "-hide_banner", "-nostdin", "-nostats", "-y", .. Ffprobe.InputOptions(options),
        "-ss", atSeconds.ToString("0.###", CultureInfo.InvariantCulture), "-i", source,
        "-map", "0:V:0", "-frames:v", "1", "-vf", $"scale=w='min({PosterMaxWidth},iw)':h=-2,setsar=1", "-q:v", "3",
        "-f", "image2", "-update", "1", PosterName,
    ];

    /// <summary>Where the poster frame is taken: a tenth into the video, but not past its end (0 for a video under 1 s).</summary>
    public static double PosterTime(double durationSeconds) =>
        durationSeconds >= 1 ? Math.Round(durationSeconds / 10, 3) : 0;

    public static string MediaPlaylist(RenditionPlan rung) => $"{rung.Name}/{PlaylistName}";

    /// <summary>"[0:V:0]split=2[s0][s1];[s0]scale=640:360,setsar=1,format=yuv420p[v0];[s1]..." (no split for one rung).</summary>
    private static string ScaleGraph(IReadOnlyList<RenditionPlan> rungs)
    {
        var chains = rungs.Select((rung, i) => $"scale={rung.Width}:{rung.Height},setsar=1,format=yuv420p[v{i}]").ToList();
        if (rungs.Count == 1) return "[0:V:0]" + chains[0];
        var split = $"[0:V:0]split={rungs.Count}" + string.Concat(rungs.Select((_, i) => $"[s{i}]"));
        return string.Join(';', chains.Select((chain, i) => $"[s{i}]{chain}").Prepend(split));
    }

    private static IEnumerable<string> Head(string source, VideoToolOptions options) =>
        ["-hide_banner", "-nostdin", "-nostats", "-y", .. Ffprobe.InputOptions(options), "-i", source];

    private static IEnumerable<string> HlsOutput(string rungName) =>
    [
        "-max_muxing_queue_size", "4096",
        "-f", "hls", "-hls_time", Invariant(RenditionLadder.SegmentSeconds), "-hls_playlist_type", "vod",
        "-hls_flags", "independent_segments", "-hls_segment_type", "mpegts",
        "-hls_segment_filename", $"{rungName}/{SegmentPattern}", $"{rungName}/{PlaylistName}",
    ];

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
