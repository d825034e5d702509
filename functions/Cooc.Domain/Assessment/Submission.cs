using System.Text.Json.Serialization;
using Cooc.Ports;

namespace Cooc.Assessment;

/// <summary>Waiting: for peer reviews, the author's own reviews, or staff. Graded: has a grade. UnderAppeal: the author appealed it.</summary>
public enum SubmissionStatus { Waiting, Graded, UnderAppeal }

/// <summary>
/// A file already uploaded to the "submissions" blob container. BlobName is "{assignmentId}/{uploadId}" with a random
/// upload id (<see cref="SubmissionRules.BlobName"/>): never derived from the author, since reviewers fetch it.
/// </summary>
public sealed record SubmittedFile(string FileName, string ContentType, long Size, string BlobName);

public enum GradeSource { Peers, Staff }

public sealed record CriterionGrade(string CriterionId, double Points, int MaxPoints);

/// <summary>
/// A grade: Points (sum of the criteria) out of MaxPoints, and FinalPoints after the late penalty
/// (Points × (100 − LatePenaltyPercent) / 100). For peers, CountedReviewIds are the reviews it was computed from, in
/// completion order (<see cref="Gradeability"/>), and Estimator names the <see cref="Grading.IGradeEstimator"/>; for staff, GradedBy and Reason say who and why.
/// Provisional: a reviewer-model grade computed at once with the latest background fit's parameters; it is fixed once,
/// when reviews close (<see cref="PeerGrading.Finalize"/>), and must not count toward course completion or certificates
/// until then. Median and staff grades are final at once (false).
/// </summary>
public sealed record SubmissionGrade(
    GradeSource Source,
    string? Estimator,
    List<CriterionGrade> Criteria,
    double Points,
    int MaxPoints,
    int LatePenaltyPercent,
    double FinalPoints,
    List<string> CountedReviewIds,
    string? GradedBy,
    string? Reason,
    DateTimeOffset GradedAt)
{
    public bool Provisional { get; init; }
}

public enum AppealStatus { Open, Resolved }

/// <summary>The author's one appeal of a grade, and how staff resolved it.</summary>
public sealed record Appeal(string Reason, DateTimeOffset At, AppealStatus Status, string? Response, string? ResolvedBy, DateTimeOffset? ResolvedAt, bool GradeChanged);

/// <summary>The author's own scoring of their submission: shown beside the peers' grade, never counted in it.</summary>
public sealed record SelfAssessment(Dictionary<string, int> Options, Dictionary<string, string> Feedback, string? OverallFeedback, DateTimeOffset At);

/// <summary>
/// A learner's current submission: assessment container, partition = assignmentId, id "submission:{authorId}"
/// (<see cref="IdFor"/>), kind "submission". One per learner: a resubmission replaces it (with the ETag) and bumps
/// Revision, resetting the review counters; reviews and leases name the revision they are for, so those of an
/// earlier revision never count. The id holds the author's id, so it is never shown to reviewers.
/// Counters, kept by storage with the transitions of <see cref="ClaimPolicy"/> and <see cref="ReviewRules"/>:
/// ActiveLeases are open regular leases (they count toward the required reviews), ExtraLeases open extra leases
/// (they never do), CompletedReviews every completed review of this revision; ReviewerIds everyone who was ever
/// given a lease on this revision, so nobody is handed it twice.
/// Grade is the grade in force; PeerGrade keeps the peers' grade after a staff override, for the audit.
/// FlagCount counts open flags of this revision (<see cref="FlagRules"/>); SelfAssessment is the author's own scoring.
/// ReleasedAt: when the grade was released to its author (<see cref="GradeRelease"/>): from then on they see it and it
/// counts toward their course progress (<see cref="ReleasedGrade"/>). Set once, never cleared.
/// </summary>
public sealed record Submission(
    string Id,
    string AssignmentId,
    string CourseId,
    string OrganizationId,
    string AuthorId,
    int Revision,
    int RubricVersion,
    string? Text,
    List<SubmittedFile> Files,
    DateTimeOffset SubmittedAt,
    bool Late,
    int LatePenaltyPercent,
    int ActiveLeases,
    int ExtraLeases,
    int CompletedReviews,
    List<string> ReviewerIds,
    SubmissionStatus Status,
    SubmissionGrade? Grade,
    SubmissionGrade? PeerGrade,
    Appeal? Appeal,
    SelfAssessment? SelfAssessment,
    int FlagCount,
    DateTimeOffset UpdatedAt) : IDocument
{
    public const string DocumentKind = "submission";
    private const string IdPrefix = "submission:";

    public string Kind => DocumentKind;

    public static string IdFor(string authorId) => IdPrefix + authorId;

    /// <summary>When the grade was released to the author; null while unreleased (or ungraded).</summary>
    public DateTimeOffset? ReleasedAt { get; init; }

    [JsonIgnore]
    public bool IsStaffGraded => Grade?.Source == GradeSource.Staff;

    /// <summary>The grade in force once released (FinalPoints of MaxPoints), else null: what course progress counts.</summary>
    [JsonIgnore]
    public SubmissionGrade? ReleasedGrade => ReleasedAt is null ? null : Grade;
}

/// <summary>A file the learner uploaded beforehand, by its blob name.</summary>
public sealed record SubmittedFileInput(string? FileName, string? ContentType, long? Size, string? BlobName);

public sealed record SubmissionInput(string? Text, List<SubmittedFileInput>? Files);

/// <summary>
/// The stored submission and the one it replaced, if any: storage marks that revision's still active leases
/// released (<see cref="ClaimPolicy.Release"/>) without touching the new counters.
/// </summary>
public sealed record SubmissionResult(Submission Submission, Submission? Replaced);
