using Cooc.Assessment;

namespace Cooc.Functions.Assessment;

/// <summary>A calibration example; learners never get the staff's options and notes (they see them per criterion once they scored it).</summary>
public sealed record CalibrationExampleView(string ExampleId, int RubricVersion, string Text, Dictionary<string, int>? StaffOptions, Dictionary<string, string>? StaffNotes);

/// <summary>
/// An assignment: every rubric version (submissions and reviews name theirs; the last is current) and the calibration
/// examples: all of them for staff, the active ones for learners.
/// </summary>
public sealed record AssignmentView(
    string AssignmentId,
    string CourseId,
    string ModuleId,
    Dictionary<string, string> Title,
    Dictionary<string, string> Prompt,
    AssignmentSettings Settings,
    List<RubricVersion> Rubrics,
    IReadOnlyList<CalibrationExampleView> CalibrationExamples,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static AssignmentView Of(Assignment a, bool staff) =>
        new(a.AssignmentId, a.CourseId, a.ModuleId, a.Title, a.Prompt, a.Settings, a.Rubrics,
            (staff ? a.CalibrationExamples : AssignmentRules.ActiveCalibrationExamples(a))
                .Select(e => new CalibrationExampleView(e.ExampleId, e.RubricVersion, e.Text, staff ? e.StaffOptions : null, staff ? e.StaffNotes : null)).ToList(),
            a.CreatedAt, a.UpdatedAt);
}

/// <summary>
/// POST .../calibration. Staff add an example: Text and Options (their option index per criterion of the current
/// rubric), optional Notes. Learners score one: ExampleId and Options, and get the differences back.
/// </summary>
public sealed record CalibrationInput(string? ExampleId, string? Text, Dictionary<string, int>? Options, Dictionary<string, string>? Notes);

/// <summary>
/// The answer to a claim. Available: ReviewId (submit the review to POST .../reviews/{reviewId}), the submission as
/// its reviewer sees it (no author) and the rubric version to score it with. Otherwise nothing is waiting (Detail says so).
/// </summary>
public sealed record ClaimView(bool Available, string? ReviewId, AnonymousSubmissionView? Submission, RubricVersion? Rubric, string? Detail)
{
    public static readonly ClaimView Nothing = new(false, null, null, null, "Nothing is waiting for a review right now; try again later.");

    public static ClaimView Of(Assignment assignment, ClaimResult claim) =>
        new(true, claim.Lease.ReviewId, VisibilityRules.ForReviewer(claim.Submission, claim.Lease), assignment.Rubric(claim.Lease.RubricVersion), null);
}

/// <summary>A review as its reviewer submitted it.</summary>
public sealed record SubmittedReviewView(string ReviewId, int RubricVersion, Dictionary<string, int> Options, Dictionary<string, string> Feedback,
    string? OverallFeedback, int Points, bool Extra, DateTimeOffset CompletedAt)
{
    public static SubmittedReviewView Of(Review r) => new(r.Id, r.RubricVersion, r.Options, r.Feedback, r.OverallFeedback, r.Points, r.Extra, r.CompletedAt);
}

/// <summary>
/// The author's own submission: where it stands, what they sent and, once they may see their grade, the reviews it
/// got (numbered, never naming a reviewer). SubmissionId is what the appeal route takes.
/// </summary>
public sealed record MySubmissionView(
    string SubmissionId,
    SubmissionStatusView Status,
    string? Text,
    IReadOnlyList<SubmittedFileView> Files,
    IReadOnlyList<ReceivedReviewView> Reviews);

public sealed record AppealInput(string? Reason);

/// <summary>What staff see after grading or resolving an appeal: the grade in force, the peers' grade kept beside it, the audit entry, the appeal and when the grade was released.</summary>
public sealed record StaffGradeView(string SubmissionId, string AuthorId, SubmissionStatus Status, SubmissionGrade? Grade, SubmissionGrade? PeerGrade, StaffAuditEntry Audit,
    Appeal? Appeal = null, DateTimeOffset? ReleasedAt = null)
{
    public static StaffGradeView Of(StaffDecision decision)
    {
        var s = decision.Submission;
        return new(s.Id, s.AuthorId, s.Status, s.Grade, s.PeerGrade, decision.Audit, s.Appeal, s.ReleasedAt);
    }
}

/// <summary>Who waits for what (<see cref="WaitingReport"/>); a row's submission id is "submission:{authorId}".</summary>
public sealed record WaitingReportView(string AssignmentId, DateTimeOffset At, IReadOnlyList<WaitingRow> Rows);
