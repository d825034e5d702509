namespace Cooc.Video;

/// <summary>RFC 6381 codec strings for the HLS CODECS attribute: "avc1.PPCCLL" for H.264, "mp4a.40.N" for AAC.</summary>
public static class CodecStrings
{
    public const string AacLc = "mp4a.40.2";
    public const string HighProfile = "high";

    /// <summary>H.264 levels: level_idc, the largest frame in macroblocks and the most macroblocks per second (ITU-T H.264 table A-1).</summary>
    private static readonly (int Idc, int MaxFrameMbs, long MaxMbsPerSecond)[] Levels =
    [
        (30, 1_620, 40_500), (31, 3_600, 108_000), (32, 5_120, 216_000), (40, 8_192, 245_760), (42, 8_704, 522_240),
        (50, 22_080, 589_824), (51, 36_864, 983_040), (52, 36_864, 2_073_600),
    ];

    /// <summary>ffprobe's H.264 profile names that every HLS player decodes (8-bit 4:2:0), as profile_idc and constraint flags.</summary>
    private static readonly Dictionary<string, (int Idc, int Constraints)> PlayableProfiles = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Constrained Baseline"] = (0x42, 0xE0),
        ["Baseline"] = (0x42, 0x00),
        ["Main"] = (0x4D, 0x40),
        ["High"] = (0x64, 0x00),
    };

    /// <summary>The lowest level (3.0 at least, for broad compatibility) that fits the frame size and rate, as level_idc (31 = 3.1).</summary>
    public static int H264LevelFor(int width, int height, double frameRate)
    {
        var frameMbs = (long)Math.Ceiling(width / 16.0) * (long)Math.Ceiling(height / 16.0);
        var mbsPerSecond = frameMbs * frameRate;
        foreach (var (idc, maxFrameMbs, maxMbsPerSecond) in Levels)
            if (frameMbs <= maxFrameMbs && mbsPerSecond <= maxMbsPerSecond) return idc;
        return Levels[^1].Idc;
    }

    /// <summary>"3.1" for level_idc 31, as ffmpeg's -level takes it.</summary>
    public static string LevelName(int levelIdc) => $"{levelIdc / 10}.{levelIdc % 10}";

    public static string Avc1(int profileIdc, int constraintFlags, int levelIdc) => $"avc1.{profileIdc:x2}{constraintFlags:x2}{levelIdc:x2}";

    /// <summary>What this packager encodes: High profile at the level the rendition needs.</summary>
    public static string EncodedH264(int width, int height, double frameRate) => Avc1(0x64, 0x00, H264LevelFor(width, height, frameRate));

    /// <summary>
    /// Whether a source H.264 stream with this ffprobe profile can be copied as is: Baseline, Main, High, or unknown
    /// (assumed High); not High 10 nor 4:2:2 / 4:4:4, which many players cannot decode.
    /// </summary>
    public static bool IsPlayableH264Profile(string? profile) => profile is null || PlayableProfiles.ContainsKey(profile);

    /// <summary>The codec string of a copied H.264 stream, from ffprobe's profile name and level (41 = 4.1); what is unknown is derived.</summary>
    public static string CopiedH264(string? profile, int? level, int width, int height, double frameRate)
    {
        var (idc, constraints) = profile is not null && PlayableProfiles.TryGetValue(profile, out var known) ? known : (0x64, 0x00);
        var levelIdc = level is >= 10 and <= 62 ? level.Value : H264LevelFor(width, height, frameRate);
        return Avc1(idc, constraints, levelIdc);
    }

    /// <summary>The codec string of a copied AAC stream from ffprobe's audio profile: LC unless it says HE-AAC (v2).</summary>
    public static string CopiedAac(string? audioProfile) => audioProfile?.ToUpperInvariant() switch
    {
        "HE-AAC" => "mp4a.40.5",
        "HE-AACV2" => "mp4a.40.29",
        _ => AacLc,
    };
}
