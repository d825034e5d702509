namespace Cooc.Assessment.Grading;

/// <summary>
/// The plain mean per criterion, with its standard error (sample standard deviation / √n, from two scores): the
/// baseline the simulation compares against. Not selectable by assignments.
/// </summary>
public sealed class MeanEstimator : IGradeEstimator
{
    public const string EstimatorName = "mean";

    public string Name => EstimatorName;

    public AssessmentEstimate Estimate(AssessmentData data) => PerCriterion.Estimate(data, points =>
    {
        var mean = points.Average();
        double? error = points.Count < 2 ? null : Math.Sqrt(points.Sum(p => (p - mean) * (p - mean)) / (points.Count - 1) / points.Count);
        return new CriterionEstimate(mean, error, points.Count);
    });
}
