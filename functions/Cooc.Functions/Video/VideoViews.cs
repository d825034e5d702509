using Cooc.Video;

namespace Cooc.Functions.Video;

public sealed record LectureVideoView(string CourseId, string LectureId, VideoStatus Status, string? FailureReason, double? DurationSeconds,
    IReadOnlyList<string> Renditions, IReadOnlyList<string> Captions, bool Progressive, bool Processing, DateTimeOffset UpdatedAt)
{
    public static LectureVideoView Of(LectureVideo v) => new(v.CourseId, v.LectureId, v.Status, v.FailureReason, v.DurationSeconds,
        v.Renditions.Select(r => r.Name).ToList(), v.Captions.Select(c => c.Language).ToList(), v.Progressive, v.ProcessingVersion is not null, v.UpdatedAt);
}

public sealed record CaptionView(string Language, string Name, string Url, bool Default);

/// <summary>MasterPlaylistUrl for HLS, or ProgressiveUrl (an MP4 served with Range) when the lecture was not packaged.</summary>
public sealed record PlaybackView(string? MasterPlaylistUrl, string? ProgressiveUrl, string? PosterUrl, double? DurationSeconds,
    IReadOnlyList<CaptionView> Captions, DateTimeOffset ExpiresAt);

public sealed record UploadView(string UploadId, string Status, string FileName, long Size, int BlockSize, int BlockCount,
    string UploadUrl, IReadOnlyList<string> MissingBlocks, DateTimeOffset ExpiresAt);

public sealed record OpenUpload(string? FileName, long? Size, string? ContentType);

public sealed record CaptionUpload(string? Name, string? Vtt);

public sealed record ProgressInput(IReadOnlyList<WatchedIntervalInput>? Intervals, double? Position);

public sealed record WatchedIntervalInput(double Start, double End);

public sealed record ProgressView(string LectureId, double WatchedSeconds, double? DurationSeconds, double ResumePosition, bool Completed,
    IReadOnlyList<WatchedInterval> Watched, int CompletedLectures, int TotalLectures);
