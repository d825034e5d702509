namespace Cooc.Assessment.Estimation;

/// <summary>
/// The posterior of one submission's grades with reviewer parameters fixed, by quadrature: a grid over the submission
/// effect u, and for each criterion a grid over quality q, where each peer's chosen option contributes
/// P(z in its interval | q) = Φ((high − m)/σ) − Φ((low − m)/σ) with m = μ + b + a (q − μ). The grids and the prior
/// kernel N(q; μ + u, τc²) depend only on the population, so one instance grades any number of submissions.
/// </summary>
internal sealed class SubmissionPosterior
{
    private const int QualityPoints = 121;
    private const int EffectPoints = 41;
    private readonly CriterionLevels[] levels;
    private readonly PopulationEstimate population;
    private readonly double[][] grid, rounded, kernel; // kernel[c][j × QualityPoints + g], already weighted by N(u_j)

    public sealed record Observation(double Low, double High, double Bias, double Slope, double NoiseSd);

    /// <summary>Per criterion, the posterior mean and variance of the grade (the option value its quality rounds to, on
    /// [0, 1]); and the posterior sd of the total in points.</summary>
    public sealed record Result(double[] Means, double[] Variances, double TotalSd);

    public SubmissionPosterior(CriterionLevels[] levels, PopulationEstimate population)
    {
        this.levels = levels;
        this.population = population;
        var C = levels.Length;
        var tauU = Math.Max(population.SubmissionSd, 1e-3);
        var effects = Grid(-5 * tauU, 5 * tauU, EffectPoints);
        grid = new double[C][];
        rounded = new double[C][];
        kernel = new double[C][];
        for (var c = 0; c < C; c++)
        {
            var mu = population.CriterionMean[c];
            var tau = Math.Max(population.CriterionSd[c], 1e-3);
            var spread = 6 * Math.Sqrt(tau * tau + tauU * tauU);
            grid[c] = Grid(Math.Min(0, mu - spread), Math.Max(1, mu + spread), QualityPoints);
            rounded[c] = grid[c].Select(levels[c].Round).ToArray();
            kernel[c] = new double[EffectPoints * QualityPoints];
            for (var j = 0; j < EffectPoints; j++)
            {
                // Each criterion carries the 1/C-th root of the effect's prior, so the product over criteria has it once.
                var effectPrior = -0.5 * effects[j] * effects[j] / (tauU * tauU) / C;
                for (var g = 0; g < QualityPoints; g++)
                {
                    var d = (grid[c][g] - mu - effects[j]) / tau;
                    kernel[c][j * QualityPoints + g] = Math.Exp(effectPrior - 0.5 * d * d);
                }
            }
        }
    }

    public Result Integrate(IReadOnlyList<Observation>[] observations)
    {
        var C = levels.Length;
        var likelihood = new double[C][];
        for (var c = 0; c < C; c++) likelihood[c] = Likelihood(c, observations[c]);

        // Per effect grid point: log weight, and the conditional moments of each criterion and of the total.
        var logWeight = new double[EffectPoints];
        var first = new double[EffectPoints * C];
        var second = new double[EffectPoints * C];
        var total = new double[EffectPoints];
        var within = new double[EffectPoints];
        for (var j = 0; j < EffectPoints; j++)
        {
            for (var c = 0; c < C && !double.IsNegativeInfinity(logWeight[j]); c++)
            {
                double mass = 0, m1 = 0, m2 = 0;
                var row = kernel[c].AsSpan(j * QualityPoints, QualityPoints);
                for (var g = 0; g < QualityPoints; g++)
                {
                    var w = row[g] * likelihood[c][g];
                    var value = rounded[c][g];
                    mass += w; m1 += w * value; m2 += w * value * value;
                }
                logWeight[j] += mass > 0 ? Math.Log(mass) : double.NegativeInfinity;
                if (mass <= 0) break;
                first[j * C + c] = m1 / mass;
                second[j * C + c] = m2 / mass;
                total[j] += levels[c].Range * first[j * C + c];
                within[j] += levels[c].Range * levels[c].Range * Math.Max(second[j * C + c] - first[j * C + c] * first[j * C + c], 0);
            }
        }
        var maxLog = logWeight.Max();
        double weightSum = 0, totalSum = 0, totalSquareSum = 0, withinVariance = 0;
        var firstSum = new double[C];
        var secondSum = new double[C];
        for (var j = 0; j < EffectPoints && double.IsFinite(maxLog); j++)
        {
            var weight = Math.Exp(logWeight[j] - maxLog);
            if (!(weight > 0)) continue;
            weightSum += weight;
            for (var c = 0; c < C; c++) { firstSum[c] += weight * first[j * C + c]; secondSum[c] += weight * second[j * C + c]; }
            totalSum += weight * total[j];
            totalSquareSum += weight * total[j] * total[j];
            withinVariance += weight * within[j];
        }
        if (weightSum <= 0)
            return new Result(population.CriterionMean.Select(m => Math.Clamp(m, 0, 1)).ToArray(), new double[C], double.NaN);
        var means = firstSum.Select(m => m / weightSum).ToArray();
        var variances = secondSum.Select((m, c) => Math.Max(m / weightSum - means[c] * means[c], 0)).ToArray();
        var totalMean = totalSum / weightSum;
        var totalVariance = withinVariance / weightSum + Math.Max(totalSquareSum / weightSum - totalMean * totalMean, 0);
        return new Result(means, variances, Math.Sqrt(totalVariance));
    }

    /// <summary>The likelihood of the criterion's chosen options at each grid quality, scaled so its maximum is 1.</summary>
    private double[] Likelihood(int c, IReadOnlyList<Observation> observations)
    {
        var mu = population.CriterionMean[c];
        var log = new double[QualityPoints];
        foreach (var o in observations)
        {
            var sd = Math.Max(o.NoiseSd, 1e-3);
            for (var g = 0; g < QualityPoints; g++)
            {
                var m = mu + o.Bias + o.Slope * (grid[c][g] - mu);
                log[g] += Gaussian.LogIntervalProbability((o.Low - m) / sd, (o.High - m) / sd);
            }
        }
        var max = log.Max();
        for (var g = 0; g < QualityPoints; g++) log[g] = Math.Exp(log[g] - max);
        return log;
    }

    private static double[] Grid(double from, double to, int points) =>
        Enumerable.Range(0, points).Select(i => from + (to - from) * i / (points - 1)).ToArray();
}
