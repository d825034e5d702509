namespace Cooc.Video;

/// <summary>
/// What ffprobe says about a source: Width and Height as coded (before Rotation, in degrees, is applied); codec names
/// as ffprobe's codec_name ("h264", "hevc", "aac"); profiles as its profile names ("High", "LC"); VideoLevel as its
/// level (40 = 4.0); BitRate of the whole file in bits per second. KeyframesOnSegmentBoundaries: whether the video's
/// own keyframes fall where segments are cut (<see cref="SegmentAlignment"/>); null when not examined.
/// </summary>
public sealed record ProbeResult(
    double DurationSeconds,
    int Width,
    int Height,
    string? VideoCodec,
    string? AudioCodec,
    long? BitRate,
    double? FrameRate,
    string? VideoProfile = null,
    int? VideoLevel = null,
    string? AudioProfile = null,
    int Rotation = 0,
    bool? KeyframesOnSegmentBoundaries = null)
{
    public bool IsQuarterTurned => ((Rotation % 180) + 180) % 180 == 90;
    public int DisplayWidth => IsQuarterTurned ? Height : Width;
    public int DisplayHeight => IsQuarterTurned ? Width : Height;
    public bool HasAudio => !string.IsNullOrEmpty(AudioCodec);
}

/// <summary>
/// One rung to package. Remux: copy the source streams as they are (no scaling, no re-encoding), otherwise encode
/// H.264 Profile/Level at constant quality, never above MaxVideoBitrate (with BufferSize; VideoBitrate is the nominal rate the cap derives from) and AAC-LC at AudioBitrate
/// (0: no audio). Bit rates in bits per second.
/// </summary>
public sealed record RenditionPlan(string Name, int Width, int Height, bool Remux, long VideoBitrate, long AudioBitrate, string Codecs, string? Profile, string? Level)
{
    public long MaxVideoBitrate => VideoBitrate * 107 / 100;
    public long BufferSize => VideoBitrate * 3 / 2;

    /// <summary>A peak estimate with container overhead, for when the packager does not measure its segments.</summary>
    public long EstimatedBandwidth => (MaxVideoBitrate + AudioBitrate) * 110 / 100;

    public Rendition ToRendition(string blob, long? peakBandwidth = null, long? averageBandwidth = null) =>
        new(Name, Width, Height, peakBandwidth ?? EstimatedBandwidth, averageBandwidth, Codecs, blob);
}

/// <summary>
/// The HLS rendition ladder: 360p, 480p, 720p and 1080p, never above the source. A rung's number is the picture's short
/// side, so a portrait 1080×1920 video gets 360×640 ... 1080×1920. A source whose short side is not a standard rung
/// (and at most 1080) is itself the top rung, replacing a standard rung within 10% below it (no 720p next to 730p).
/// The top rung is remuxed when it is the source itself, unrotated, H.264 (8-bit 4:2:0 profile) with AAC or no audio,
/// and its keyframes are known to fall on the segment boundaries (otherwise its segments would not line up with the
/// encoded rungs', and players switching rungs would skip or repeat a few seconds).
/// </summary>
public static class RenditionLadder
{
    public const int SegmentSeconds = 6;
    public const int MaxHeight = 1080;
    public const double DefaultFrameRate = 30;

    /// <summary>Time-based keyframes every segment, for ffmpeg's -force_key_frames (robust to variable frame rates).</summary>
    public const string ForceKeyFramesExpression = "expr:gte(t,n_forced*6)";

    public static readonly IReadOnlyList<int> StandardHeights = [360, 480, 720, 1080];

    /// <summary>Target bit rates of the standard rungs at up to 30 frames per second: video, audio.</summary>
    private static readonly IReadOnlyDictionary<int, (long Video, long Audio)> StandardBitrates = new Dictionary<int, (long, long)>
    {
        [360] = (800_000, 96_000),
        [480] = (1_400_000, 128_000),
        [720] = (2_800_000, 128_000),
        [1080] = (5_000_000, 192_000),
    };

    public static IReadOnlyList<RenditionPlan> Plan(ProbeResult source)
    {
        if (source.Width <= 0 || source.Height <= 0) throw new ArgumentException("The source has no video picture.", nameof(source));
        var shortSide = Math.Min(source.DisplayWidth, source.DisplayHeight);
        var top = Math.Min(shortSide, MaxHeight);
        var heights = StandardHeights.Where(h => h <= top).ToList();
        if (!heights.Contains(top))
        {
            heights.RemoveAll(h => h >= top * 0.9);
            heights.Add(top);
        }
        var frameRate = FrameRateOf(source.FrameRate);
        return heights.Select(h => Rung(source, h, isSource: h == shortSide, frameRate)).ToList();
    }

    /// <summary>Frames between keyframes (ffmpeg -g) so every segment starts on one: 6 s × the frame rate (30 when unknown).</summary>
    public static int KeyframeInterval(double? frameRate) => (int)Math.Round(SegmentSeconds * FrameRateOf(frameRate));

    public static bool CanRemux(ProbeResult source) => HasCopyableStreams(source) && source.KeyframesOnSegmentBoundaries == true;

    /// <summary>Codecs, profile and orientation allow a stream copy (whether its keyframes fit is a second question, worth a probe).</summary>
    public static bool HasCopyableStreams(ProbeResult source) =>
        string.Equals(source.VideoCodec, "h264", StringComparison.OrdinalIgnoreCase)
        && (!source.HasAudio || string.Equals(source.AudioCodec, "aac", StringComparison.OrdinalIgnoreCase))
        && source.Rotation % 360 == 0
        && CodecStrings.IsPlayableH264Profile(source.VideoProfile);

    private static RenditionPlan Rung(ProbeResult source, int shortSide, bool isSource, double frameRate)
    {
        var remux = isSource && CanRemux(source);
        var (width, height) = remux ? (source.Width, source.Height)
            : isSource ? (EvenDown(source.DisplayWidth), EvenDown(source.DisplayHeight))
            : Scaled(source, shortSide);
        var (video, audio) = TargetBitrates(shortSide, frameRate, source.HasAudio);
        if (remux && source.BitRate is > 0 and var total) video = Math.Max(total - audio, 0);
        var name = $"{Math.Min(width, height)}p";
        if (remux)
        {
            var copied = CodecStrings.CopiedH264(source.VideoProfile, source.VideoLevel, width, height, frameRate);
            var codecs = source.HasAudio ? $"{copied},{CodecStrings.CopiedAac(source.AudioProfile)}" : copied;
            return new RenditionPlan(name, width, height, true, video, audio, codecs, null, null);
        }
        var level = CodecStrings.H264LevelFor(width, height, frameRate);
        var encoded = CodecStrings.Avc1(0x64, 0x00, level);
        return new RenditionPlan(name, width, height, false, video, audio, source.HasAudio ? $"{encoded},{CodecStrings.AacLc}" : encoded,
            CodecStrings.HighProfile, CodecStrings.LevelName(level));
    }

    /// <summary>The short side at the rung, the long side scaled to keep the aspect ratio, both even (as 4:2:0 needs).</summary>
    private static (int Width, int Height) Scaled(ProbeResult source, int shortSide)
    {
        var (w, h) = (source.DisplayWidth, source.DisplayHeight);
        var longSide = (int)Math.Round(Math.Max(w, h) * (double)shortSide / Math.Min(w, h) / 2, MidpointRounding.AwayFromZero) * 2;
        return h > w ? (shortSide, longSide) : (longSide, shortSide);
    }

    /// <summary>The standard rung's rates; between rungs, scaled by picture area from the next rung up; × 1.5 above 30 fps.</summary>
    private static (long Video, long Audio) TargetBitrates(int shortSide, double frameRate, bool hasAudio)
    {
        var standard = StandardHeights.FirstOrDefault(h => h >= shortSide, MaxHeight);
        var (video, audio) = StandardBitrates[standard];
        var scaled = (long)(video * Math.Pow((double)shortSide / standard, 2));
        if (frameRate > 31) scaled = scaled * 3 / 2;
        return (Math.Max(scaled, 150_000), hasAudio ? audio : 0);
    }

    private static double FrameRateOf(double? frameRate) => frameRate is { } f && double.IsFinite(f) && f > 0 && f <= 240 ? f : DefaultFrameRate;

    private static int EvenDown(int value) => Math.Max(2, value - value % 2);
}
