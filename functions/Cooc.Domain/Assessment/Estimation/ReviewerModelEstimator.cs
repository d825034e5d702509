using Cooc.Assessment.Grading;

namespace Cooc.Assessment.Estimation;

/// <summary>
/// The reviewer model as an <see cref="IGradeEstimator"/>: fits the whole assignment (every peer score, and staff
/// anchors unless told not to) and grades every item. This is the background job and the final grading when reviews
/// close; for a submission that becomes gradeable in between, <see cref="FixedReviewerEstimator"/> grades it at once
/// with the latest fitted parameters.
/// </summary>
public sealed class ReviewerModelEstimator(ReviewerModelOptions? options = null, bool useAnchors = true) : IGradeEstimator
{
    /// <summary>As stored for <see cref="EstimatorKind.ReviewerModel"/>.</summary>
    public const string EstimatorName = "reviewerModel";

    public string Name => EstimatorName;

    public AssessmentEstimate Estimate(AssessmentData data) => Convert(data, Fit(data));

    /// <summary>The fit itself: parameters to keep for <see cref="FixedReviewerEstimator"/>, grades, reviewers.</summary>
    public ReviewerModelFit Fit(AssessmentData data) => ReviewerModel.Fit(ScoresOf(data, useAnchors), options);

    /// <summary>The estimate in the interface's terms, from a fit of the same data.</summary>
    public static AssessmentEstimate Convert(AssessmentData data, ReviewerModelFit fit)
    {
        var rubric = data.Rubric.Criteria;
        var counts = data.Scores.GroupBy(s => (s.SubmissionId, s.CriterionId)).ToDictionary(g => g.Key, g => g.Count());
        var submissions = new Dictionary<string, SubmissionEstimate>(StringComparer.Ordinal);
        foreach (var grade in fit.Grades)
        {
            var criteria = new Dictionary<string, CriterionEstimate>(StringComparer.Ordinal);
            for (var c = 0; c < rubric.Count; c++)
            {
                var count = counts.GetValueOrDefault((grade.SubmissionId, rubric[c].CriterionId));
                if (count > 0) criteria[rubric[c].CriterionId] = new CriterionEstimate(grade.CriterionPoints[c], null, count);
            }
            if (criteria.Count > 0) submissions[grade.SubmissionId] = new SubmissionEstimate(grade.SubmissionId, criteria, criteria.Values.Sum(e => e.Points));
        }
        var meanRange = fit.Parameters.Criteria.Count == 0 ? 0 : fit.Parameters.Criteria.Average(c => c.Range);
        var reviewers = fit.Reviewers.ToDictionary(
            r => r.ReviewerId,
            r => new ReviewerQuality(r.ReviewerId, r.Bias * meanRange, r.ReviewQuality, r.Scores),
            StringComparer.Ordinal);
        return new AssessmentEstimate(submissions, reviewers);
    }

    /// <summary>
    /// The estimator's view of the data: criteria in rubric order, one score per (item, reviewer) with each criterion's
    /// option, and staff points per item. Without anchors, anchors are dropped and so are the calibration examples'
    /// scores (as if the assignment had none).
    /// </summary>
    public static AssignmentScores ScoresOf(AssessmentData data, bool withAnchors)
    {
        var rubric = data.Rubric.Criteria;
        var criterionIndex = rubric.Select((c, i) => (c.CriterionId, i)).ToDictionary(p => p.CriterionId, p => p.i, StringComparer.Ordinal);
        var criteria = rubric.Select(c => new CriterionScale(c.Options.Select(o => (double)o.Points).ToArray())).ToArray();
        var calibrationItems = data.Anchors.Where(a => a.Source == AnchorSource.Calibration).Select(a => a.SubmissionId).ToHashSet(StringComparer.Ordinal);
        var peerScores = data.Scores
            .Where(s => withAnchors || !calibrationItems.Contains(s.SubmissionId))
            .GroupBy(s => (s.SubmissionId, s.ReviewerId))
            .Select(g =>
            {
                var options = Enumerable.Repeat(PeerScore.NotScored, rubric.Count).ToArray();
                foreach (var s in g) options[Index(criterionIndex, s.CriterionId)] = s.OptionIndex;
                return new PeerScore(g.Key.SubmissionId, g.Key.ReviewerId, options);
            })
            .ToList();
        var staffScores = !withAnchors ? [] : data.Anchors.GroupBy(a => a.SubmissionId, StringComparer.Ordinal)
            .Select(g =>
            {
                var points = new double?[rubric.Count];
                foreach (var a in g) points[Index(criterionIndex, a.CriterionId)] = a.Points;
                return new StaffScore(g.Key, points);
            })
            .ToList();
        return new AssignmentScores(criteria, peerScores, staffScores);
    }

    private static int Index(Dictionary<string, int> criterionIndex, string criterionId) =>
        criterionIndex.TryGetValue(criterionId, out var i) ? i : throw new ArgumentException($"The rubric has no criterion '{criterionId}'.");
}

/// <summary>
/// Grades each item of the data alone with fixed, previously fitted reviewer parameters (the provisional grade of a
/// newly gradeable submission): no refit, a fraction of a millisecond per item. Before any fit, use
/// <see cref="ReviewerModelParameters.Prior"/>. Anchored items get the staff's points. Provisional (the default) says
/// the parameters are a background fit's, so grades from them are fixed later; false for the final fit's parameters,
/// when reviews close (<see cref="PeerGrading.Finalize"/>).
/// </summary>
public sealed class FixedReviewerEstimator(ReviewerModelParameters parameters, bool provisional = true) : IGradeEstimator
{
    public string Name => ReviewerModelEstimator.EstimatorName;

    public ReviewerModelParameters Parameters => parameters;

    public bool Provisional => provisional;

    public AssessmentEstimate Estimate(AssessmentData data)
    {
        var scores = ReviewerModelEstimator.ScoresOf(data, withAnchors: true);
        if (scores.Criteria.Count != parameters.Criteria.Count
            || scores.Criteria.Zip(parameters.Criteria).Any(p => !p.First.OptionPoints.SequenceEqual(p.Second.OptionPoints)))
            throw new ArgumentException("The parameters were fitted for another rubric.", nameof(data));
        var staff = scores.StaffScores.ToDictionary(s => s.SubmissionId, StringComparer.Ordinal);
        var grades = scores.PeerScores.GroupBy(p => p.SubmissionId, StringComparer.Ordinal)
            .Select(g => parameters.Grade(g.Key, g.ToList(), staff.GetValueOrDefault(g.Key)))
            .ToList();
        var estimate = ReviewerModelEstimator.Convert(data, new ReviewerModelFit(parameters, grades));
        return estimate with { Reviewers = new Dictionary<string, ReviewerQuality>(StringComparer.Ordinal) };
    }
}
