namespace Cooc.Assessment;

/// <summary>What keeps a submission from being graded by its peers now.</summary>
[Flags]
public enum GradeBlockers
{
    None = 0,
    /// <summary>Fewer completed reviews than <see cref="ClaimPolicy.Required"/>.</summary>
    ReviewsShort = 1,
    /// <summary>It already has a grade (peers' or staff's): a grade, once given, only changes by staff.</summary>
    AlreadyGraded = 8,
}

/// <summary>
/// The decision, with the counts behind it. Counted holds the reviews the grade is to be computed from (empty unless
/// gradeable).
/// </summary>
public sealed record GradeabilityDecision(
    bool IsGradeable,
    GradeBlockers Blockers,
    int ReviewsRequired,
    int ReviewsReceived,
    IReadOnlyList<Review> Counted);

/// <summary>
/// When peers' reviews become a grade. Call it after each completed review of the submission (and when flexible
/// grading starts applying). The author's own reviews do not gate computing: they gate the release of the grade to
/// the author (<see cref="GradeRelease"/>), so a learner who leaves after submitting still gets a grade computed,
/// and their submission never blocks anyone.
/// </summary>
public static class Gradeability
{
    /// <summary>
    /// Gradeable when the submission has no grade and at least Required completed reviews of its current revision.
    /// Counted (the choice, unlike ORA2, whose comment says the first gradedBy and code takes the latest): every
    /// completed review of the current revision at that moment, regular and extra, ordered by completion time then
    /// review id (ordinal). More reviews only make the median better, and the set is fixed with the grade: reviews
    /// completing later are kept as feedback but never move it.
    /// completedReviews may hold any reviews of the assignment; only this submission's current revision counts.
    /// </summary>
    public static GradeabilityDecision Decide(Assignment assignment, Submission submission, IEnumerable<Review> completedReviews, DateTimeOffset now)
    {
        var required = ClaimPolicy.Required(assignment, submission, now);
        var received = completedReviews
            .Where(r => r.SubmissionId == submission.Id && r.SubmissionRevision == submission.Revision)
            .DistinctBy(r => r.Id)
            .OrderBy(r => r.CompletedAt).ThenBy(r => r.Id, StringComparer.Ordinal)
            .ToList();
        var blockers = GradeBlockers.None;
        if (submission.Grade is not null) blockers |= GradeBlockers.AlreadyGraded;
        if (received.Count < required) blockers |= GradeBlockers.ReviewsShort;
        var gradeable = blockers == GradeBlockers.None;
        return new GradeabilityDecision(gradeable, blockers, required, received.Count, gradeable ? received : []);
    }
}
