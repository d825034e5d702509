namespace Cooc.Functions.Video.Packaging;

/// <summary>
/// Where ffmpeg and ffprobe are and what packaging may use. FfmpegPath/FfprobePath: a full path, or null to look the
/// tool up on PATH. TempPath: the folder under which packaging jobs get their work folders (the downloaded source and
/// the packaged output). MaxTempBytes: the most one job's output may be expected to take (checked before encoding,
/// see <see cref="HlsPackager.EstimateOutputBytes"/>). X264Preset: libx264's speed/size trade-off (veryfast by default;
/// "faster" or "medium" give smaller files for 1.3× to 3× the encoding time).
/// </summary>
public sealed record VideoToolOptions
{
    public string? FfmpegPath { get; init; }
    public string? FfprobePath { get; init; }
    public string TempPath { get; init; } = Path.Combine(Path.GetTempPath(), "cooc-video");
    public long MaxTempBytes { get; init; } = 20L * 1024 * 1024 * 1024;
    public string X264Preset { get; init; } = "veryfast";

    /// <summary>
    /// libx264's constant rate factor: the quality encoded rungs aim at, their bit rate capped at the rung's
    /// MaxVideoBitrate. Lecture footage (slides, a speaker) then takes far less than the cap; busy footage reaches it.
    /// </summary>
    public int X264Crf { get; init; } = 23;

    /// <summary>
    /// The demuxers ffmpeg may open a source with (its -format_whitelist): MP4/MOV and Matroska/WebM. Keeping text
    /// formats out matters: an "MP4" that is really an HLS or concat playlist would make ffmpeg fetch what it names.
    /// </summary>
    public string AllowedDemuxers { get; init; } = "mov,matroska";

    /// <summary>How many of the last stderr lines of a tool are kept for a failure message.</summary>
    public int StderrLinesKept { get; init; } = 30;
}
