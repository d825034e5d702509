using Cooc.Assessment;
using Cooc.Assessment.Grading;
using static Cooc.Domain.Tests.Assessment.AssessmentFixtures;

namespace Cooc.Domain.Tests.Assessment;

public sealed class MedianEstimatorTests
{
    [Theory]
    [InlineData(new double[] { 1, 2 }, 2)]
    [InlineData(new double[] { 1, 2, 3, 4 }, 3)]
    [InlineData(new double[] { 0, 3 }, 2)]
    [InlineData(new double[] { 4, 1, 3, 2 }, 3)]
    [InlineData(new double[] { 2, 2 }, 2)]
    [InlineData(new double[] { 5 }, 5)]
    [InlineData(new double[] { 3, 0, 1 }, 1)]
    [InlineData(new double[] { 0, 4, 4, 1, 2 }, 2)]
    [InlineData(new double[] { 0, 1, 1, 4 }, 1)]
    public void Median_takes_the_middle_and_rounds_an_even_pair_up(double[] values, double expected) =>
        Assert.Equal(expected, MedianEstimator.Median(values));

    [Fact]
    public void Median_of_nothing_throws() => Assert.Throws<ArgumentException>(() => MedianEstimator.Median([]));

    private static readonly RubricVersion Rubric = RubricRules.ToVersion(AssessmentFixtures.Rubric(), 1, Opens);

    private static ReviewScore Score(string item, string reviewer, string criterion, int option) => new(item, reviewer, criterion, option);

    [Fact]
    public void Estimates_each_criterion_from_option_points_and_sums_them()
    {
        // ideas options are worth 0,1,2,3; style options 0,2,4.
        var data = new AssessmentData(Rubric,
        [
            Score("s1", "r1", "ideas", 1), Score("s1", "r2", "ideas", 2), Score("s1", "r3", "ideas", 3),
            Score("s1", "r1", "style", 0), Score("s1", "r2", "style", 1),
            Score("s2", "r1", "ideas", 0),
        ], []);
        var estimate = new MedianEstimator().Estimate(data);
        var s1 = estimate.Submissions["s1"];
        Assert.Equal(2, s1.Criteria["ideas"].Points);
        Assert.Equal(3, s1.Criteria["ideas"].ReviewCount);
        Assert.Equal(1, s1.Criteria["style"].Points); // points 0 and 2: mean 1, already whole
        Assert.Equal(3, s1.Total);
        Assert.Equal(0, estimate.Submissions["s2"].Total);
        Assert.False(estimate.Submissions["s2"].Criteria.ContainsKey("style"));
        Assert.Empty(estimate.Reviewers);
        Assert.Equal("median", new MedianEstimator().Name);
    }

    [Fact]
    public void The_order_of_scores_does_not_matter()
    {
        ReviewScore[] scores = [Score("s1", "r1", "style", 1), Score("s1", "r2", "style", 2), Score("s1", "r3", "ideas", 0), Score("s1", "r4", "ideas", 3)];
        var forward = new MedianEstimator().Estimate(new AssessmentData(Rubric, scores, [])).Submissions["s1"];
        var backward = new MedianEstimator().Estimate(new AssessmentData(Rubric, scores.Reverse().ToList(), [])).Submissions["s1"];
        Assert.Equal(forward.Total, backward.Total);
        Assert.Equal(3 + 2, forward.Total); // style [2,4] → 3; ideas [0,3] → 1.5 → 2
    }

    [Fact]
    public void Mean_estimator_averages_with_a_standard_error()
    {
        var data = new AssessmentData(Rubric, [Score("s1", "r1", "ideas", 1), Score("s1", "r2", "ideas", 2), Score("s1", "r3", "style", 2)], []);
        var s1 = new MeanEstimator().Estimate(data).Submissions["s1"];
        Assert.Equal(1.5, s1.Criteria["ideas"].Points);
        Assert.Equal(0.5, s1.Criteria["ideas"].StandardError!.Value, 10);
        Assert.Null(s1.Criteria["style"].StandardError);
        Assert.Equal(5.5, s1.Total);
        Assert.Equal("mean", new MeanEstimator().Name);
    }
}
