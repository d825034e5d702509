using Cooc.Common;
using Cooc.Ports;

namespace Cooc.Video;

/// <summary>Where the lecture's latest upload is: waiting for one, being packaged, packaged, or refused by the packager.</summary>
public enum VideoStatus { AwaitingUpload, Processing, Ready, Failed }

/// <summary>
/// One playable rendition. Blob is its full name in the "video" container: the media playlist of an HLS rendition,
/// or the source file itself for a progressive one. Bandwidth is the peak bit rate (HLS BANDWIDTH), in bits per second.
/// </summary>
public sealed record Rendition(string Name, int Width, int Height, long Bandwidth, long? AverageBandwidth, string Codecs, string Blob);

/// <summary>
/// What the packager wrote for one version, all of it in place before it is published. MpegTsStart is the MPEG-TS
/// presentation time (90 kHz) of the first video frame of its segments (ffmpeg starts at about 1.4 s, 126000), which
/// WebVTT captions must be mapped to (X-TIMESTAMP-MAP); null for a progressive version.
/// </summary>
public sealed record PackagedVideo(string Version, double DurationSeconds, IReadOnlyList<Rendition> Renditions, string? PosterBlob, bool Progressive,
    long? MpegTsStart = null);

/// <summary>
/// A lecture's video: courses container, partition = courseId, id "video:{lectureId}" (<see cref="IdFor"/>), kind "video".
/// CurrentVersion (with its Renditions, DurationSeconds, PosterBlob, Progressive) is what plays; ProcessingVersion is
/// being packaged meanwhile, so a re-upload never interrupts playback and switches over only in <see cref="Publish"/>.
/// PreviousVersion is the one the last publish replaced: its files are removed once no signed URL of it is valid.
/// </summary>
public sealed record LectureVideo(
    string Id,
    string CourseId,
    string LectureId,
    string OrganizationId,
    VideoStatus Status,
    string? FailureReason,
    string? CurrentVersion,
    string? ProcessingVersion,
    string? SourceBlob,
    double? DurationSeconds,
    IReadOnlyList<Rendition> Renditions,
    string? PosterBlob,
    bool Progressive,
    IReadOnlyList<CaptionTrack> Captions,
    DateTimeOffset UpdatedAt,
    string? PreviousVersion = null,
    long? MpegTsStart = null) : IDocument
{
    public const string DocumentKind = "video";
    public const int MaxFailureReasonLength = 500;

    public string Kind => DocumentKind;

    public static string IdFor(string lectureId) => $"video:{lectureId}";

    public static LectureVideo New(string courseId, string lectureId, string organizationId, DateTimeOffset now) =>
        new(IdFor(lectureId), courseId, lectureId, organizationId, VideoStatus.AwaitingUpload, null, null, null, null, null, [], null, false, [], now);

    /// <summary>A version has been published, even while a newer upload is processing or has failed.</summary>
    public bool IsPlayable => CurrentVersion is not null && Renditions.Count > 0;

    /// <summary>A redelivered ingest message for this version has nothing left to do.</summary>
    public bool AlreadyPublished(string version) => CurrentVersion == version;

    /// <summary>
    /// Whether an ingest message for this version should be (re)packaged: false once it is published or failed, and
    /// when a newer upload superseded it.
    /// </summary>
    public bool ShouldProcess(string version) => Status == VideoStatus.Processing && ProcessingVersion == version;

    /// <summary>
    /// A version's files (and its source) may be deleted: it is neither the one playing nor the one being packaged (it
    /// was replaced, superseded, or failed).
    /// </summary>
    public bool MayRemove(string version) => !string.IsNullOrEmpty(version) && version != CurrentVersion && !ShouldProcess(version);

    /// <summary>
    /// After an ingest message for version was handled (or found nothing to do), the versions whose files are to go:
    /// the one its publish replaced, or the version itself when it failed or was superseded.
    /// </summary>
    public IReadOnlyList<string> RetiredBy(string version) =>
        version == CurrentVersion ? PreviousVersion is { } previous && MayRemove(previous) ? [previous] : []
        : MayRemove(version) ? [version] : [];

    /// <summary>A new upload is committed: package it as version. Repeating it for the same version changes nothing.</summary>
    public LectureVideo StartProcessing(string version, string sourceBlob, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(version);
        ArgumentException.ThrowIfNullOrEmpty(sourceBlob);
        if (AlreadyPublished(version) || ShouldProcess(version)) return this;
        return this with { Status = VideoStatus.Processing, ProcessingVersion = version, SourceBlob = sourceBlob, FailureReason = null, UpdatedAt = now };
    }

    /// <summary>
    /// Switches playback to the packaged version: the only place CurrentVersion changes. Publishing it again is a no-op;
    /// a version that is no longer the one processing (superseded, or failed) is refused.
    /// </summary>
    public Outcome<LectureVideo> Publish(PackagedVideo result, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(result.Version);
        if (result.Renditions.Count == 0) throw new ArgumentException("A packaged video has at least one rendition.", nameof(result));
        if (result.Progressive && result.Renditions.Count != 1) throw new ArgumentException("A progressive video is one rendition.", nameof(result));
        if (!double.IsFinite(result.DurationSeconds) || result.DurationSeconds <= 0)
            throw new ArgumentException("A packaged video has a positive duration.", nameof(result));
        if (AlreadyPublished(result.Version)) return this;
        if (!ShouldProcess(result.Version))
            return Refusal.Conflict("This version is no longer being processed.", $"The lecture is {Status} with version '{ProcessingVersion ?? CurrentVersion}'.");
        return this with
        {
            Status = VideoStatus.Ready, FailureReason = null, CurrentVersion = result.Version, ProcessingVersion = null,
            DurationSeconds = result.DurationSeconds, Renditions = result.Renditions, PosterBlob = result.PosterBlob,
            Progressive = result.Progressive, UpdatedAt = now, PreviousVersion = CurrentVersion ?? PreviousVersion, MpegTsStart = result.MpegTsStart,
        };
    }

    /// <summary>
    /// The upload cannot be packaged (not a video, corrupt): Failed with a readable reason. The published version, if
    /// any, keeps playing. With version set, a failure of a superseded or already published version changes nothing.
    /// </summary>
    public LectureVideo Fail(string reason, DateTimeOffset now, string? version = null)
    {
        if (version is not null && (AlreadyPublished(version) || ProcessingVersion != version)) return this;
        var readable = string.Join(' ', (reason ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (readable.Length == 0) readable = "The video could not be processed.";
        if (readable.Length > MaxFailureReasonLength) readable = readable[..(MaxFailureReasonLength - 1)] + "…";
        return this with { Status = VideoStatus.Failed, FailureReason = readable, UpdatedAt = now };
    }

    /// <summary>Adds the track, or replaces the one of the same language (tags compare case-insensitively).</summary>
    public LectureVideo WithCaption(CaptionTrack track)
    {
        var replaced = false;
        var captions = Captions.Select(c =>
        {
            if (!CaptionRules.SameLanguage(c.Language, track.Language)) return c;
            replaced = true;
            return track;
        }).ToList();
        if (!replaced) captions.Add(track);
        return this with { Captions = captions, UpdatedAt = track.UpdatedAt > UpdatedAt ? track.UpdatedAt : UpdatedAt };
    }

    public LectureVideo WithoutCaption(string language, DateTimeOffset now) =>
        Captions.Any(c => CaptionRules.SameLanguage(c.Language, language))
            ? this with { Captions = Captions.Where(c => !CaptionRules.SameLanguage(c.Language, language)).ToList(), UpdatedAt = now }
            : this;
}
