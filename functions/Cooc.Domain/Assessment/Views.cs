namespace Cooc.Assessment;

/// <summary>A submitted file as shown; BlobName is random (see <see cref="SubmittedFile"/>), for the edge to sign a read URL.</summary>
public sealed record SubmittedFileView(string FileName, string ContentType, long Size, string BlobName);

/// <summary>
/// What a reviewer sees of the submission they hold a lease on: the work and the rubric version to score it with,
/// never who wrote it (no author id, submission id, lease id or submission date).
/// </summary>
public sealed record AnonymousSubmissionView(
    string AssignmentId,
    int RubricVersion,
    string? Text,
    IReadOnlyList<SubmittedFileView> Files,
    DateTimeOffset LeaseExpiresAt,
    bool Extra);

/// <summary>
/// A review as its author sees it: numbered 1, 2, ... in completion order, never naming the reviewer. ReviewId is
/// random (see <see cref="Review"/>), so the author can flag it. Counted: the grade was computed from it.
/// </summary>
public sealed record ReceivedReviewView(
    string ReviewId,
    int Number,
    IReadOnlyDictionary<string, int> Options,
    int Points,
    IReadOnlyDictionary<string, string> Feedback,
    string? OverallFeedback,
    bool Counted);

/// <summary>Where a learner's submission stands, in the words the learner sees.</summary>
public enum LearnerSubmissionState
{
    /// <summary>Peers have not completed enough reviews yet.</summary>
    WaitingForReviews,
    /// <summary>The learner still owes reviews (or their self-assessment) before they are graded or see the grade.</summary>
    WaitingForYourReviews,
    /// <summary>Reviews are due and it is still short: staff will grade it.</summary>
    WaitingForStaff,
    /// <summary>Everything is in; the grade is being computed.</summary>
    BeingGraded,
    Graded,
    UnderAppeal,
}

/// <summary>
/// The author's status page: reviews received of required, reviews they still owe, self-assessment owed, and the
/// grade only once they may see it (<see cref="VisibilityRules.CanSeeOwnGrade"/>); GradeHidden says one exists.
/// </summary>
public sealed record SubmissionStatusView(
    LearnerSubmissionState State,
    int Revision,
    DateTimeOffset SubmittedAt,
    bool Late,
    int ReviewsReceived,
    int ReviewsRequired,
    int ReviewsOwed,
    bool SelfAssessmentOwed,
    SubmissionGrade? Grade,
    bool GradeHidden,
    Appeal? Appeal);
