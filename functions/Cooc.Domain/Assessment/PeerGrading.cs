using Cooc.Assessment.Estimation;
using Cooc.Assessment.Grading;
using Cooc.Ports;

namespace Cooc.Assessment;

/// <summary>Turns a gradeable submission's counted reviews into its grade.</summary>
public static class PeerGrading
{
    /// <summary>
    /// Grades from the counted reviews alone, with an estimator that looks at one submission at a time (the median).
    /// For the reviewer model, estimate over the whole assignment and use <see cref="FromEstimate"/>.
    /// </summary>
    public static SubmissionGrade Grade(Assignment assignment, Submission submission, GradeabilityDecision decision, IGradeEstimator estimator, DateTimeOffset now)
    {
        if (!decision.IsGradeable) throw new ArgumentException("The submission is not gradeable.", nameof(decision));
        var rubric = RubricOf(assignment, submission);
        var estimate = estimator.Estimate(AssessmentDataBuilder.Build(rubric, decision.Counted, [submission]));
        var mine = estimate.Submissions.GetValueOrDefault(submission.Id)
            ?? throw new InvalidOperationException($"The estimator gave no estimate for '{submission.Id}'.");
        return FromEstimate(assignment, submission, decision, mine, estimator.Name, now) with { Provisional = IsProvisional(estimator) };
    }

    /// <summary>
    /// Grades from a reviewer model's fixed parameters are provisional unless those parameters are the final fit's
    /// (<see cref="FixedReviewerEstimator.Provisional"/>); every other estimator's grades are final at once.
    /// </summary>
    public static bool IsProvisional(IGradeEstimator estimator) => estimator is FixedReviewerEstimator { Provisional: true };

    /// <summary>
    /// Fixes a provisional peer grade once: the same counted reviews (counted: those reviews, any order; others are
    /// ignored) graded with the final estimator (the final fit's parameters). The peer grade is replaced, and the grade
    /// in force too unless staff's overrides it. A submission whose peer grade is not provisional comes back unchanged
    /// (the same instance), so finalizing twice changes nothing.
    /// </summary>
    public static Submission Finalize(Assignment assignment, Submission submission, IReadOnlyList<Review> counted, IGradeEstimator final, DateTimeOffset now)
    {
        if (submission.PeerGrade is not { Provisional: true } provisional) return submission;
        if (IsProvisional(final)) throw new ArgumentException("Final grades need final parameters.", nameof(final));
        var ids = provisional.CountedReviewIds;
        var reviews = counted.Where(r => ids.Contains(r.Id)).DistinctBy(r => r.Id).ToList();
        if (reviews.Count != ids.Distinct().Count())
            throw new ArgumentException($"Give every review the grade of '{submission.Id}' counted.", nameof(counted));
        var rubric = RubricOf(assignment, submission);
        var estimate = final.Estimate(AssessmentDataBuilder.Build(rubric, reviews)).Submissions.GetValueOrDefault(submission.Id)
            ?? throw new InvalidOperationException($"The estimator gave no estimate for '{submission.Id}'.");
        var grade = FromEstimate(rubric, submission, ids, estimate, final.Name, now);
        return submission with { PeerGrade = grade, Grade = submission.IsStaffGraded ? submission.Grade : grade, UpdatedAt = now };
    }

    /// <summary>
    /// The grade from an estimate: per criterion the estimated points clamped to 0..the criterion's best option
    /// (0 for a criterion the estimate lacks), Points their sum, FinalPoints after the late penalty.
    /// </summary>
    public static SubmissionGrade FromEstimate(Assignment assignment, Submission submission, GradeabilityDecision decision, SubmissionEstimate estimate, string estimatorName, DateTimeOffset now) =>
        FromEstimate(RubricOf(assignment, submission), submission, decision.Counted.Select(r => r.Id).ToList(), estimate, estimatorName, now);

    private static SubmissionGrade FromEstimate(RubricVersion rubric, Submission submission, List<string> counted, SubmissionEstimate estimate, string estimatorName, DateTimeOffset now)
    {
        var criteria = rubric.Criteria.Select(c => new CriterionGrade(c.CriterionId,
            Math.Clamp(estimate.Criteria.GetValueOrDefault(c.CriterionId)?.Points ?? 0, 0, c.MaxPoints), c.MaxPoints)).ToList();
        return Compose(GradeSource.Peers, estimatorName, criteria, rubric.MaxPoints, submission.LatePenaltyPercent, [.. counted], null, null, now);
    }

    /// <summary>The submission with its peer grade in force: Graded, Grade and PeerGrade set. A staff grade is never replaced.</summary>
    public static Submission Apply(Submission submission, SubmissionGrade grade, DateTimeOffset now)
    {
        if (grade.Source != GradeSource.Peers) throw new ArgumentException("Staff grades go through StaffRules.", nameof(grade));
        if (submission.IsStaffGraded) return submission;
        return submission with { Grade = grade, PeerGrade = grade, Status = SubmissionStatus.Graded, UpdatedAt = now };
    }

    /// <summary>
    /// <see cref="Apply"/> as one conditional patch of the stored submission: it sets the fields Apply changes, and
    /// holds only while the submission is still the revision graded, waiting and without a grade. Claims' and reviews'
    /// counter patches in the meantime do not stop it (a replace on the ETag lost to each of them and graded again):
    /// the counted reviews stay those completed when the grade was decided (<see cref="Gradeability.Decide"/>).
    /// </summary>
    public static (DocumentPatch Patch, IReadOnlyList<Condition> When) AsPatch(Submission read, Submission graded) =>
        (new DocumentPatch([], null,
            [SetProperty.Of("grade", graded.Grade), SetProperty.Of("peerGrade", graded.PeerGrade), SetProperty.Of("status", graded.Status),
             SetProperty.Of("updatedAt", graded.UpdatedAt)]),
         [Condition.Eq(SubmissionCounters.Revision, read.Revision), Condition.Eq("status", SubmissionStatus.Waiting), Condition.Eq("grade", null)]);

    /// <summary>Points × (100 − penalty) / 100.</summary>
    public static double AfterPenalty(double points, int latePenaltyPercent) => points * (100 - latePenaltyPercent) / 100.0;

    internal static SubmissionGrade Compose(GradeSource source, string? estimator, List<CriterionGrade> criteria, int maxPoints, int penalty,
        List<string> counted, string? gradedBy, string? reason, DateTimeOffset now)
    {
        var points = criteria.Sum(c => c.Points);
        return new SubmissionGrade(source, estimator, criteria, points, maxPoints, penalty, AfterPenalty(points, penalty), counted, gradedBy, reason, now);
    }

    internal static RubricVersion RubricOf(Assignment assignment, Submission submission) =>
        assignment.Rubric(submission.RubricVersion) ?? throw new ArgumentException($"The assignment has no rubric version {submission.RubricVersion}.", nameof(submission));
}
