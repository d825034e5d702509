namespace Cooc.Assessment.Grading;

/// <summary>
/// One peer's choice for one criterion of one item. SubmissionId is the item's key: a submission's id
/// ("submission:{authorId}", current revision only) or a calibration example's <see cref="CalibrationExample.SubmissionKey"/>.
/// </summary>
public sealed record ReviewScore(string SubmissionId, string ReviewerId, string CriterionId, int OptionIndex);

public enum AnchorSource { Calibration, StaffGrade }

/// <summary>A score staff gave one criterion of one item, in points: ground truth an estimator may use.</summary>
public sealed record AnchorScore(string SubmissionId, string CriterionId, double Points, AnchorSource Source);

/// <summary>
/// Everything an estimator sees, for one rubric version: the rubric (option points per criterion), every peer score
/// to use, and staff anchors. Build it with <see cref="AssessmentDataBuilder"/>. Scores naming criteria or options
/// the rubric does not have are the caller's error: estimators may throw.
/// </summary>
public sealed record AssessmentData(RubricVersion Rubric, IReadOnlyList<ReviewScore> Scores, IReadOnlyList<AnchorScore> Anchors);

/// <summary>The estimated points of one criterion of one item; StandardError when the estimator knows it; ReviewCount scores it used.</summary>
public sealed record CriterionEstimate(double Points, double? StandardError, int ReviewCount);

/// <summary>Per criterion id the estimate of each criterion that has scores, and Total, their sum.</summary>
public sealed record SubmissionEstimate(string SubmissionId, IReadOnlyDictionary<string, CriterionEstimate> Criteria, double Total);

/// <summary>
/// What an estimator learned about a reviewer, when it models reviewers: Bias in points per criterion on average
/// (positive: generous), Reliability in 0..1 (1: always right). Null when unknown.
/// </summary>
public sealed record ReviewerQuality(string ReviewerId, double? Bias, double? Reliability, int ReviewCount);

/// <summary>Estimates per item key (every item with at least one score), and per reviewer id when the estimator models reviewers.</summary>
public sealed record AssessmentEstimate(IReadOnlyDictionary<string, SubmissionEstimate> Submissions, IReadOnlyDictionary<string, ReviewerQuality> Reviewers);

/// <summary>
/// Turns peer scores into grades. Implementations are pure and deterministic: the same data gives the same estimate
/// (order of Scores must not matter). <see cref="MedianEstimator"/> (ORA2's rule) and <see cref="MeanEstimator"/> use
/// each item's own scores only and ignore anchors; the reviewer model (Assessment/Estimation) uses all of them.
/// </summary>
public interface IGradeEstimator
{
    /// <summary>
    /// Recorded with each grade. For an estimator an assignment can select, its <see cref="EstimatorKind"/> as stored
    /// ("median", "reviewerModel"); others (the simulation's "mean") are never selectable.
    /// </summary>
    string Name { get; }

    AssessmentEstimate Estimate(AssessmentData data);
}
