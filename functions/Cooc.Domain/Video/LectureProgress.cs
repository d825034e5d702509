using System.Text.Json.Serialization;
using Cooc.Ports;

namespace Cooc.Video;

/// <summary>A stretch of the lecture the player played, in seconds from the start.</summary>
public sealed record WatchedInterval(double Start, double End)
{
    [JsonIgnore]
    public double Length => End - Start;
}

/// <summary>What the player reports: the stretches played since its last report (or all of them again), and where it is.</summary>
public sealed record ProgressReport(IReadOnlyList<WatchedInterval> Intervals, double? Position);

/// <summary>
/// One learner's progress in one lecture: learners container, partition = learnerId, id "progress:{learnerId}:{lectureId}"
/// (<see cref="IdFor"/>; learner ids hold no ':'), kind "progress". Watched is the merged, credited stretches and
/// WatchedSeconds their total. Completed is sticky. LastReportAt and CreditedSince carry the rate limit: CreditedSince is
/// how far the seconds credited since the first report ran ahead of the playback-rate allowance earned by LastReportAt
/// (negative: allowance in hand; see <see cref="ProgressRules"/>).
/// </summary>
public sealed record LectureProgress(
    string Id,
    string CourseId,
    string LearnerId,
    string LectureId,
    string OrganizationId,
    IReadOnlyList<WatchedInterval> Watched,
    double WatchedSeconds,
    double ResumePosition,
    bool Completed,
    DateTimeOffset? CompletedAt,
    DateTimeOffset LastReportAt,
    double CreditedSince,
    DateTimeOffset UpdatedAt) : IDocument
{
    public const string DocumentKind = "progress";

    public string Kind => DocumentKind;

    public static string IdFor(string learnerId, string lectureId) => $"progress:{learnerId}:{lectureId}";

    /// <summary>Nothing watched yet: what <see cref="ProgressRules.Apply"/> starts from on a learner's first report.</summary>
    public static LectureProgress Start(string courseId, string learnerId, string lectureId, string organizationId, DateTimeOffset now) =>
        new(IdFor(learnerId, lectureId), courseId, learnerId, lectureId, organizationId, [], 0, 0, false, null, now, 0, now);
}
