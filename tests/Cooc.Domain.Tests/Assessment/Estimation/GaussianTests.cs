using Cooc.Assessment.Estimation;

namespace Cooc.Domain.Tests.Assessment.Estimation;

public sealed class GaussianTests
{
    [Theory]
    [InlineData(1e-12)]
    [InlineData(0.001)]
    [InlineData(0.2)]
    [InlineData(0.5)]
    [InlineData(0.97)]
    [InlineData(1 - 1e-9)]
    public void The_inverse_cdf_inverts_the_cdf(double p) =>
        Assert.Equal(p, Gaussian.Cdf(Gaussian.InverseCdf(p)), p * 1e-6 + 1e-9);

    [Theory]
    [InlineData(0, 0.5)]
    [InlineData(1.959963985, 0.025)]
    [InlineData(-1, 0.841344746)]
    [InlineData(3, 0.001349898)]
    public void Upper_tail_matches_known_values(double x, double expected) =>
        Assert.Equal(expected, Gaussian.UpperTail(x), expected * 1e-6);

    [Fact]
    public void Interval_probabilities_stay_finite_in_deep_tails()
    {
        Assert.Equal(Gaussian.LogUpperTail(40), Gaussian.LogIntervalProbability(40, double.PositiveInfinity), 6);
        Assert.True(double.IsFinite(Gaussian.LogIntervalProbability(40, 40.001)));
        Assert.True(double.IsFinite(Gaussian.LogIntervalProbability(-60, -59.5)));
        Assert.Equal(Math.Log(0.6826894921), Gaussian.LogIntervalProbability(-1, 1), 6);
    }

    [Theory]
    [InlineData(0, 1, 0.5, 0.7)]
    [InlineData(0, 1, double.NegativeInfinity, -3)]
    [InlineData(0, 0.01, 0.3, double.PositiveInfinity)]
    [InlineData(2, 1, -1, 5)]
    [InlineData(0, 1, 45, 45.01)]
    public void Truncated_draws_stay_in_their_interval(double mean, double sd, double low, double high)
    {
        var random = new SeededRandom(1);
        for (var i = 0; i < 2000; i++) Assert.InRange(Gaussian.SampleTruncated(mean, sd, low, high, random), low, high);
    }

    [Fact]
    public void A_half_normal_has_the_right_mean()
    {
        var random = new SeededRandom(2);
        var mean = Enumerable.Range(0, 200_000).Average(_ => Gaussian.SampleTruncated(0, 1, 0, double.PositiveInfinity, random));
        Assert.Equal(Math.Sqrt(2 / Math.PI), mean, 2);
    }

    [Fact]
    public void The_generator_repeats_for_a_seed()
    {
        var a = new SeededRandom(42);
        var b = new SeededRandom(42);
        Assert.Equal(Enumerable.Range(0, 10).Select(_ => a.NextULong()), Enumerable.Range(0, 10).Select(_ => b.NextULong()));
        Assert.NotEqual(SeededRandom.ForStream(1, "x").NextULong(), SeededRandom.ForStream(1, "y").NextULong());
    }
}
