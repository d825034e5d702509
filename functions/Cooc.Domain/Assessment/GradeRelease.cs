using Cooc.Ports;

namespace Cooc.Assessment;

/// <summary>
/// When a computed grade is released to its author. A grade is computed as soon as the reviews suffice
/// (<see cref="Gradeability"/>), whatever the author did; it is released (shown to the author, counted toward course
/// progress) once the author has done their part: their required reviews (<see cref="ReviewsOwed"/>) and the
/// self-assessment if the assignment asks for one. A staff grade is released at once. Release is a one-way step,
/// recorded as <see cref="Submission.ReleasedAt"/> by whichever event comes last: the grade computed while the author
/// was done, or the author's last owed review (or self-assessment) after grading. Applying it twice changes nothing.
/// </summary>
public static class GradeRelease
{
    /// <summary>
    /// No new submission can arrive any more: after the due date when late work is refused, else once reviews are due.
    /// </summary>
    public static bool SubmissionsClosed(Assignment assignment, DateTimeOffset now) => now >= SubmissionsCloseAt(assignment);

    /// <summary>When submissions close: the due date when late work is refused, else the reviews-due date.</summary>
    public static DateTimeOffset SubmissionsCloseAt(Assignment assignment) =>
        assignment.Settings.Late.Kind == LatePolicyKind.Refuse ? assignment.Settings.DueAt : assignment.Settings.ReviewsDueAt;

    /// <summary>
    /// Reviews the author still owes: mustGrade minus those completed (regular and extra alike), at least 0. Once
    /// submissions are closed and fewer other submissions exist than mustGrade (otherSubmissions, when known), the
    /// debt is capped at their number: nobody can review a submission twice, so more could never be paid. Before
    /// that, more submissions may still come, so the full mustGrade stands.
    /// </summary>
    public static int ReviewsOwed(Assignment assignment, int authorCompletedReviews, int? otherSubmissions, DateTimeOffset now)
    {
        var mustGrade = assignment.Settings.MustGrade;
        if (otherSubmissions is { } others && SubmissionsClosed(assignment, now)) mustGrade = Math.Min(mustGrade, Math.Max(0, others));
        return Math.Max(0, mustGrade - authorCompletedReviews);
    }

    /// <summary>The assignment asks for a self-assessment and the author has not given it.</summary>
    public static bool SelfAssessmentOwed(Assignment assignment, Submission submission) =>
        assignment.Settings.SelfAssessment && submission.SelfAssessment is null;

    /// <summary>Graded, and either by staff or with the author's reviews (and self-assessment) done.</summary>
    public static bool IsDue(Assignment assignment, Submission submission, int authorCompletedReviews, int? otherSubmissions, DateTimeOffset now) =>
        submission.Grade is not null
        && (submission.IsStaffGraded
            || (ReviewsOwed(assignment, authorCompletedReviews, otherSubmissions, now) == 0 && !SelfAssessmentOwed(assignment, submission)));

    /// <summary>The submission with ReleasedAt = now when the release is due and not yet recorded; otherwise the same instance.</summary>
    public static Submission Release(Assignment assignment, Submission submission, int authorCompletedReviews, int? otherSubmissions, DateTimeOffset now) =>
        submission.ReleasedAt is null && IsDue(assignment, submission, authorCompletedReviews, otherSubmissions, now)
            ? submission with { ReleasedAt = now, UpdatedAt = now }
            : submission;

    /// <summary>
    /// <see cref="Release"/> as one conditional patch of the stored submission: it sets the fields Release changes,
    /// and holds only while the submission is still the revision read and unreleased, whatever counters changed meanwhile.
    /// </summary>
    public static (DocumentPatch Patch, IReadOnlyList<Condition> When) AsPatch(Submission read, Submission released) =>
        (new DocumentPatch([], null, [SetProperty.Of("releasedAt", released.ReleasedAt), SetProperty.Of("updatedAt", released.UpdatedAt)]),
         [Condition.Eq(SubmissionCounters.Revision, read.Revision), Condition.Eq("releasedAt", null)]);
}
