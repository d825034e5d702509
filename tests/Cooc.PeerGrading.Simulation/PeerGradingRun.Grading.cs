using System.Diagnostics;
using Cooc.Assessment;
using Cooc.Assessment.Estimation;
using Cooc.Assessment.Grading;
using PeerGradingRules = Cooc.Assessment.PeerGrading;

namespace Cooc.PeerGrading.Simulation;

/// <summary>Grading: peers' grades when gradeable, staff for what is short when reviews are due, the reviewer model's fits.</summary>
public sealed partial class PeerGradingRun
{
    private static readonly MedianEstimator Median = new();
    private ReviewerModelParameters? latestParameters;
    private readonly List<double> backgroundFitSeconds = [];

    /// <summary>
    /// After each review of the submission or by its author, and when flexible grading starts: grade it once gradeable.
    /// Gradeability looks at the reviews alone; a policy whose grade waits for the author's own reviews (ORA2, Cooc
    /// before that change) checks the author's count first. Release (what the author sees) keeps the real count.
    /// </summary>
    private void CheckGrade(string authorId)
    {
        var now = clock.Now;
        var submission = submissions[authorId];
        var authorReviews = records[authorId].ReviewsCompleted;
        var mustGrade = setup.Assignment.Settings.MustGrade;
        if (submission.Grade is null && (!policy.ComputeWaitsForAuthor || authorReviews >= mustGrade))
        {
            var decision = Gradeability.Decide(setup.Assignment, submission, reviewsOf[submission.Id], now);
            if (!decision.IsGradeable) return;
            var grade = PeerGradingRules.Grade(setup.Assignment, submission, decision, Median, now);
            Update(PeerGradingRules.Apply(submission, grade, now));
            times[authorId].ComputedAt = now;
            if (policy.FitsReviewerModel) GradeProvisionally(submission, decision);
        }
        if (times[authorId].VisibleAt is null && GradeRelease.IsDue(setup.Assignment, submissions[authorId], authorReviews, null, now))
            times[authorId].VisibleAt = now;
    }

    /// <summary>The reviewer model's grade at once, with the latest background fit's parameters (or the prior before the first).</summary>
    private void GradeProvisionally(Submission submission, GradeabilityDecision decision)
    {
        var parameters = latestParameters ?? ReviewerModelParameters.Prior(ReviewerModelEstimator.ScoresOf(Data([]), false).Criteria);
        var grade = PeerGradingRules.Grade(setup.Assignment, submission, decision, new FixedReviewerEstimator(parameters), clock.Now);
        times[submission.AuthorId].ProvisionalPoints = grade.Points;
    }

    /// <summary>The background job: fit the reviewer model over every review so far.</summary>
    private void FitInBackground()
    {
        var watch = Stopwatch.StartNew();
        var estimator = new ReviewerModelEstimator(new ReviewerModelOptions(scenario.Seed, BurnInSweeps: 60, SampleSweeps: 60));
        latestParameters = estimator.Fit(Data(reviewsOf.Values.SelectMany(r => r))).Parameters;
        backgroundFitSeconds.Add(watch.Elapsed.TotalSeconds);
    }

    /// <summary>Reviews are due: everything still short goes to staff, who grade it with the true options within 36 hours.</summary>
    private void SendShortOnesToStaff()
    {
        foreach (var item in StaffQueue.Build(setup.Assignment, submissions.Values, clock.Now))
        {
            if (!item.Attention.HasFlag(StaffAttention.ShortOfReviews)) continue;
            var authorId = item.Submission.AuthorId;
            clock.After(Hours(36 * behaviour[authorId].NextUniform()), () => GradeByStaff(authorId));
        }
    }

    private void GradeByStaff(string authorId)
    {
        var submission = submissions[authorId];
        if (submission.Grade is not null) return;
        var input = new StaffGradeInput(setup.ByCriterion(learners[authorId].TrueOptions), "Short of peer reviews when reviews were due.");
        var decision = CourseSetup.Expect(StaffRules.Grade(setup.Assignment, setup.Course, submission, input, setup.Staff, $"audit-{authorId}", clock.Now));
        Update(decision.Submission);
        times[authorId].ComputedAt = clock.Now;
        if (GradeRelease.IsDue(setup.Assignment, decision.Submission, records[authorId].ReviewsCompleted, null, clock.Now))
            times[authorId].VisibleAt = clock.Now;
    }

    /// <summary>The estimator data: given reviews, staff grades as anchors, calibration examples and the learners' scores of them.</summary>
    private AssessmentData Data(IEnumerable<Review> reviews) =>
        AssessmentDataBuilder.Build(setup.Rubric, reviews, submissions.Values, setup.Assignment.CalibrationExamples, records.Values);

    private RunResult Results()
    {
        // Final grades: every estimator on the same reviews, those each peer grade counted (all reviews of the others).
        var reviews = submissions.Values.SelectMany(s => s.Grade is { Source: GradeSource.Peers } grade
            ? reviewsOf[s.Id].Where(r => grade.CountedReviewIds.Contains(r.Id))
            : reviewsOf[s.Id]).ToList();
        var data = Data(reviews);
        var finals = new Dictionary<string, IReadOnlyDictionary<string, SubmissionEstimate>>();
        var fitSeconds = new Dictionary<string, double>();
        IEnumerable<(string Name, IGradeEstimator Estimator)> estimators = policy.FitsReviewerModel
            ?
            [
                ("median", Median), ("mean", new MeanEstimator()),
                ("reviewer model, no anchors", new ReviewerModelEstimator(new ReviewerModelOptions(scenario.Seed), useAnchors: false)),
                ("reviewer model, anchors", new ReviewerModelEstimator(new ReviewerModelOptions(scenario.Seed), useAnchors: true)),
            ]
            : [("median", Median)];
        foreach (var (name, estimator) in estimators)
        {
            var watch = Stopwatch.StartNew();
            finals[name] = estimator.Estimate(data).Submissions;
            fitSeconds[name] = watch.Elapsed.TotalSeconds;
        }
        var outcomes = cohort.Learners.Select(l =>
        {
            var submission = submissions[l.Id];
            var t = times[l.Id];
            return new LearnerOutcome(l, submission.Id, t.SubmittedAt, t.ComputedAt, t.VisibleAt, submission.Grade?.Source,
                submission.Grade?.CountedReviewIds.Count ?? 0, reviewsOf[submission.Id].Count, records[l.Id].ReviewsCompleted, t.ProvisionalPoints);
        }).ToList();
        return new RunResult(scenario, policy, outcomes, finals, fitSeconds, backgroundFitSeconds);
    }
}
