namespace Cooc.Assessment.Grading;

/// <summary>
/// Open edX ORA2's rule: per criterion, the median of the peers' points; with an even count, the mean of the two
/// middle values rounded up ([1,2] → 2, [0,3] → 2, [1,2,3,4] → 3). Total is the sum over scored criteria. Uses each
/// item's own scores only; anchors are ignored (a staff grade overrides peers elsewhere, in <see cref="StaffRules"/>).
/// </summary>
public sealed class MedianEstimator : IGradeEstimator
{
    public const string EstimatorName = "median";

    public string Name => EstimatorName;

    public AssessmentEstimate Estimate(AssessmentData data) => PerCriterion.Estimate(data, points => new CriterionEstimate(Median(points), null, points.Count));

    /// <summary>The median of values; for an even count the mean of the two middle values, rounded up. Throws on none.</summary>
    public static double Median(IReadOnlyCollection<double> values)
    {
        if (values.Count == 0) throw new ArgumentException("The median of nothing is undefined.", nameof(values));
        var sorted = values.Order().ToList();
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : Math.Ceiling((sorted[middle - 1] + sorted[middle]) / 2);
    }
}
