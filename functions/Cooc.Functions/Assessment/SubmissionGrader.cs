using Cooc.Assessment;
using Cooc.Assessment.Grading;
using Cooc.Ports;

namespace Cooc.Functions.Assessment;

/// <summary>
/// Turns peers' reviews into a grade once a submission is gradeable (<see cref="Gradeability"/>: its reviews suffice,
/// whatever its author did), then releases it to the author when due (<see cref="GradeReleases"/>). A completed
/// review concerns two submissions: the one reviewed (maybe gradeable now) and its reviewer's own (their debt of
/// reviews paid: maybe released now). Idempotent: a graded submission is AlreadyGraded and nothing is written, so a
/// redelivered message changes nothing; two messages grading the same submission at once race on its conditional
/// patch and the loser finds it graded.
/// </summary>
public sealed class SubmissionGrader(IDocumentStore documents, AssessmentStore store, GradeReleases releases, ReviewerFitStore fits, TimeProvider time)
{
    private static readonly IGradeEstimator Median = new MedianEstimator();
    private const int MaxAttempts = 10;

    /// <summary>redelivered: the message came before, so steps after a write may have been cut short: progress is refreshed again.</summary>
    public async Task AfterReviewAsync(Assignment assignment, Review review, CancellationToken ct, bool redelivered = false)
    {
        // The request that completed the review recounted the reviewer's record before sending this message, so the
        // first delivery finds it up to date. A redelivery repairs it where it matters (while it says the reviewer still
        // owes reviews): the message may come from a run cut short, or from tooling.
        if (redelivered)
        {
            var record = await store.ReadAsync<ReviewerRecord>(assignment.AssignmentId, ReviewerRecord.IdFor(review.ReviewerId), ct);
            if ((record?.Value.ReviewsCompleted ?? 0) < assignment.Settings.MustGrade) await store.RecountReviewerAsync(assignment, review.ReviewerId, ct);
        }
        if (await GradeAsync(assignment, review.SubmissionId, ct) || redelivered)
            await releases.SettleAsync(assignment, review.SubmissionId, redelivered, ct);
        await releases.SettleAsync(assignment, Submission.IdFor(review.ReviewerId), redelivered, ct);
    }

    /// <summary>Flexible grading's scheduled look at one submission: graded and released if due (nothing if the assignment is gone).</summary>
    public async Task GradeWhenFlexibleAsync(GradeWhenFlexible flexible, bool redelivered, CancellationToken ct)
    {
        var assignment = (await store.ReadAsync<Assignment>(flexible.AssignmentId, flexible.AssignmentId, ct))?.Value;
        if (assignment is not null && (await GradeAsync(assignment, flexible.SubmissionId, ct) || redelivered))
            await releases.SettleAsync(assignment, flexible.SubmissionId, redelivered, ct);
    }

    /// <summary>
    /// Grades the submission if it is gradeable now, with one conditional patch (<see cref="PeerGrading.AsPatch"/>);
    /// else does nothing. When the patch's condition fails (resubmitted, graded or appealed meanwhile), it decides again
    /// on what it reads. True when this call graded it.
    /// </summary>
    public async Task<bool> GradeAsync(Assignment assignment, string submissionId, CancellationToken ct)
    {
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var stored = await store.ReadAsync<Submission>(assignment.AssignmentId, submissionId, ct);
            if (stored is null || stored.Value.Grade is not null) return false;
            var submission = stored.Value;
            var reviews = await store.ReviewsOfAsync(submission, ct);
            var now = time.GetUtcNow();
            var decision = Gradeability.Decide(assignment, submission, reviews, now);
            if (!decision.IsGradeable) return false;
            var grade = PeerGrading.Grade(assignment, submission, decision, await EstimatorForAsync(assignment, submission, decision, ct), now);
            var (patch, when) = PeerGrading.AsPatch(submission, PeerGrading.Apply(submission, grade, now));
            if (await documents.PatchAsync<Submission>(Containers.Assessment, assignment.AssignmentId, submissionId, patch, when, ct) is not null)
                return true;
        }
        throw new InvalidOperationException($"Submission {submissionId} changed under each of {MaxAttempts} attempts to grade it.");
    }

    /// <summary>
    /// The assignment's estimator. The median: final at once. The reviewer model: the latest background fit's
    /// parameters for the counted reviewers (<see cref="ReviewerFitStore.EstimatorForAsync"/>), so the grade is
    /// provisional until reviews close (<see cref="GradeFinalization"/>); once the final fit is stored, final at once.
    /// </summary>
    private async Task<IGradeEstimator> EstimatorForAsync(Assignment assignment, Submission submission, GradeabilityDecision decision, CancellationToken ct) =>
        assignment.Settings.Estimator switch
        {
            EstimatorKind.ReviewerModel => await fits.EstimatorForAsync(assignment, submission.RubricVersion, decision.Counted.Select(r => r.ReviewerId), ct),
            _ => Median,
        };
}
