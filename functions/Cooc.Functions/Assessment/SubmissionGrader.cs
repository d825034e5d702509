using Cooc.Assessment;
using Cooc.Assessment.Grading;
using Cooc.Ports;

namespace Cooc.Functions.Assessment;

/// <summary>
/// Turns peers' reviews into a grade once a submission is gradeable (<see cref="Gradeability"/>). A completed review
/// can make two submissions gradeable: the one reviewed, and its reviewer's own (their debt of reviews paid), so
/// both are looked at. Idempotent: a graded submission is AlreadyGraded and nothing is written, so a redelivered
/// message changes nothing; two messages grading the same submission at once race on its ETag and the loser finds
/// it graded.
/// </summary>
public sealed class SubmissionGrader(IDocumentStore documents, AssessmentStore store, TimeProvider time)
{
    private static readonly IGradeEstimator Median = new MedianEstimator();

    public async Task AfterReviewAsync(Assignment assignment, Review review, CancellationToken ct)
    {
        // A record a crash left behind is repaired (it usually is up to date, and then nothing is written), where it matters:
        // while it says the reviewer still owes reviews.
        var record = await store.ReadAsync<ReviewerRecord>(assignment.AssignmentId, ReviewerRecord.IdFor(review.ReviewerId), ct);
        if ((record?.Value.ReviewsCompleted ?? 0) < assignment.Settings.MustGrade) await store.RecountReviewerAsync(assignment, review.ReviewerId, ct);
        await GradeAsync(assignment, review.SubmissionId, ct);
        await GradeAsync(assignment, Submission.IdFor(review.ReviewerId), ct);
    }

    /// <summary>Grades the submission if it is gradeable now, with a replace on the ETag it was decided from; else does nothing.</summary>
    public async Task GradeAsync(Assignment assignment, string submissionId, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var stored = await store.ReadAsync<Submission>(assignment.AssignmentId, submissionId, ct);
            if (stored is null || stored.Value.Grade is not null) return;
            var submission = stored.Value;
            // The author's reviewer record first: a point read that settles most messages before the reviews are read.
            var authorCompleted = (await store.ReadAsync<ReviewerRecord>(assignment.AssignmentId, ReviewerRecord.IdFor(submission.AuthorId), ct))?.Value.ReviewsCompleted ?? 0;
            if (authorCompleted < assignment.Settings.MustGrade) return;
            var reviews = await store.ReviewsOfAsync(submission, ct);
            var now = time.GetUtcNow();
            var decision = Gradeability.Decide(assignment, submission, authorCompleted, reviews, now);
            if (!decision.IsGradeable) return;
            var grade = PeerGrading.Grade(assignment, submission, decision, EstimatorFor(assignment), now);
            try
            {
                await documents.ReplaceAsync(Containers.Assessment, assignment.AssignmentId, PeerGrading.Apply(submission, grade, now), stored.ETag, ct);
                return;
            }
            catch (DocumentPreconditionFailedException) when (attempt < 10) { }
        }
    }

    /// <summary>
    /// The assignment's estimator. The reviewer model (Assessment/Estimation) is not wired yet: both choices grade
    /// with the median for now, and the grade records "median".
    /// </summary>
    private static IGradeEstimator EstimatorFor(Assignment assignment) => assignment.Settings.Estimator switch
    {
        EstimatorKind.Median => Median,
        _ => Median,
    };
}
