using Cooc.Video;

namespace Cooc.Functions.Video.Packaging;

/// <summary>
/// One packaged rendition in the output folder: its media playlist ("720p/index.m3u8") and segments ("720p/seg_00000.ts"),
/// paths relative to the output folder with '/' separators. PeakBandwidth is the HLS peak segment bit rate (the
/// highest over any run of segments lasting 0.5 to 1.5 target durations), AverageBandwidth all bytes over all time.
/// </summary>
public sealed record PackagedRendition(
    RenditionPlan Plan,
    string MediaPlaylist,
    IReadOnlyList<string> Segments,
    int TargetDurationSeconds,
    double DurationSeconds,
    long Bytes,
    long PeakBandwidth,
    long AverageBandwidth)
{
    public string Folder => Plan.Name;
    public int SegmentCount => Segments.Count;

    /// <summary>The domain's rendition once uploaded under versionPrefix (e.g. "course/lecture/versions/v1/").</summary>
    public Rendition ToRendition(string versionPrefix) => Plan.ToRendition(versionPrefix + MediaPlaylist, PeakBandwidth, AverageBandwidth);
}

/// <summary>How long each ffmpeg stage took, for logs and the benchmark.</summary>
public sealed record PackagingTimings(TimeSpan Poster, TimeSpan Remux, TimeSpan Encode)
{
    public TimeSpan Total => Poster + Remux + Encode;
}

/// <summary>
/// Everything packaging wrote in the output folder: the renditions (lowest first, as planned), the poster JPEG, and
/// TotalBytes of all of it. <see cref="Files"/> lists each file relative to the folder, segments before their playlist.
/// MpegTsStart: the first video frame's MPEG-TS time (90 kHz) in the lowest rung's first segment, for captions.
/// </summary>
public sealed record HlsPackage(IReadOnlyList<PackagedRendition> Renditions, string Poster, double DurationSeconds, long TotalBytes, PackagingTimings Timings,
    long MpegTsStart)
{
    public IEnumerable<string> Files => Renditions.SelectMany(r => r.Segments.Append(r.MediaPlaylist)).Append(Poster);

    /// <summary>The domain's record of this version once its files are uploaded under versionPrefix.</summary>
    public PackagedVideo ToPackagedVideo(string version, string versionPrefix) =>
        new(version, DurationSeconds, Renditions.Select(r => r.ToRendition(versionPrefix)).ToList(), versionPrefix + Poster, Progressive: false, MpegTsStart);
}
