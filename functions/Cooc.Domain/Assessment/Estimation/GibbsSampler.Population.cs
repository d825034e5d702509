namespace Cooc.Assessment.Estimation;

/// <summary>
/// The reviewers' population: spread of bias and slope, the distribution of reliability and (with anchors) the mean
/// bias and slope. The spreads use parameter expansion (b_r = β + ξ η_r, a_r = α + ζ θ_r, with the scales ξ and ζ
/// drawn from the grades): without it the chain crawls towards a spread near zero when reviewers are alike.
/// </summary>
internal sealed partial class GibbsSampler
{
    private static readonly double[] NoiseShapes = [0.5, 0.75, 1, 1.5, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64, 96];
    private readonly ReviewerStats[] stats;
    private double biasSpreadVar = 0.01, slopeSpreadVar = 0.05; // var of η and θ; biasVar = ξ² × this
    private double noiseShape = 2;

    internal readonly record struct ReviewerStats(double N, double Sx, double Sxx, double Sy, double Sxy, double Syy);

    private void SamplePopulation()
    {
        var R = data.Reviewers;
        if (R == 0) return;
        if (learnPopulationMeans)
        {
            biasMean = NormalPosterior(0, 0.1 * 0.1, bias.Sum(), R, biasVar);
            slopeMean = NormalPosterior(1, 0.25 * 0.25, slope.Sum(), R, slopeVar);
        }
        ExpandBiasSpread();
        ExpandSlopeSpread();
        SampleNoisePopulation();
    }

    /// <summary>η_r = (b_r − β)/ξ with ξ = √(biasVar/ση²); a new ξ from the grades; a new ση² from η.</summary>
    private void ExpandBiasSpread()
    {
        var R = data.Reviewers;
        var scale = Math.Sqrt(biasVar / biasSpreadVar);
        double num = 0, den = 0, squares = 0;
        for (var r = 0; r < R; r++)
        {
            var eta = (bias[r] - biasMean) / scale;
            var st = stats[r];
            num += precision[r] * eta * (st.Sy - slope[r] * st.Sx - st.N * biasMean);
            den += precision[r] * eta * eta * st.N;
        }
        var newScale = den > 0 ? random.NextNormal(num / den, 1 / Math.Sqrt(den)) : scale;
        for (var r = 0; r < R; r++)
        {
            var eta = (bias[r] - biasMean) / scale;
            bias[r] = biasMean + newScale * eta;
            squares += eta * eta;
        }
        biasSpreadVar = InverseGamma(1 + R / 2.0, 0.005 + squares / 2);
        biasVar = Math.Max(newScale * newScale * biasSpreadVar, 1e-8);
    }

    /// <summary>The same for slopes: θ_r = (a_r − α)/ζ, a new ζ, a new σθ².</summary>
    private void ExpandSlopeSpread()
    {
        var R = data.Reviewers;
        var scale = Math.Sqrt(slopeVar / slopeSpreadVar);
        double num = 0, den = 0, squares = 0;
        for (var r = 0; r < R; r++)
        {
            var theta = (slope[r] - slopeMean) / scale;
            var st = stats[r];
            num += precision[r] * theta * (st.Sxy - bias[r] * st.Sx - slopeMean * st.Sxx);
            den += precision[r] * theta * theta * st.Sxx;
        }
        var newScale = den > 0 ? random.NextNormal(num / den, 1 / Math.Sqrt(den)) : scale;
        for (var r = 0; r < R; r++)
        {
            var theta = (slope[r] - slopeMean) / scale;
            slope[r] = slopeMean + newScale * theta;
            squares += theta * theta;
        }
        slopeSpreadVar = InverseGamma(1 + R / 2.0, 0.02 + squares / 2);
        slopeVar = Math.Max(newScale * newScale * slopeSpreadVar, 1e-8);
    }

    /// <summary>
    /// Precisions are Gamma(k, θ): k from a grid with θ integrated out (few shapes: alike or very different
    /// reviewers), then θ given k.
    /// </summary>
    private void SampleNoisePopulation()
    {
        const double rateShape = 1, rateRate = 0.001;
        var R = data.Reviewers;
        double sum = 0, logSum = 0;
        for (var r = 0; r < R; r++) { sum += precision[r]; logSum += Math.Log(precision[r]); }
        Span<double> logWeight = stackalloc double[NoiseShapes.Length];
        var max = double.NegativeInfinity;
        for (var j = 0; j < NoiseShapes.Length; j++)
        {
            var k = NoiseShapes[j];
            logWeight[j] = (k - 1) * logSum - R * LogGamma(k) + LogGamma(rateShape + k * R) - (rateShape + k * R) * Math.Log(rateRate + sum);
            max = Math.Max(max, logWeight[j]);
        }
        double total = 0;
        for (var j = 0; j < NoiseShapes.Length; j++) total += logWeight[j] = Math.Exp(logWeight[j] - max);
        var pick = random.NextUniform() * total;
        var chosen = NoiseShapes.Length - 1;
        for (var j = 0; j < NoiseShapes.Length; j++)
        {
            pick -= logWeight[j];
            if (pick <= 0) { chosen = j; break; }
        }
        noiseShape = NoiseShapes[chosen];
        precisionRate = random.NextGamma(rateShape + noiseShape * R, rateRate + sum);
    }

    /// <summary>Mean of σ² under the population's Gamma(k, θ) on precision (for k ≤ 1, the σ² of the mean precision).</summary>
    private double TypicalNoiseVariance() => noiseShape > 1 ? precisionRate / (noiseShape - 1) : precisionRate / noiseShape;

    /// <summary>log Γ(x) for x &gt; 0 (Lanczos, g = 7).</summary>
    internal static double LogGamma(double x)
    {
        if (x < 0.5) return Math.Log(Math.PI / Math.Abs(Math.Sin(Math.PI * x))) - LogGamma(1 - x);
        x -= 1;
        var a = 0.99999999999980993 + 676.5203681218851 / (x + 1) - 1259.1392167224028 / (x + 2) + 771.32342877765313 / (x + 3)
            - 176.61502916214059 / (x + 4) + 12.507343278686905 / (x + 5) - 0.13857109526572012 / (x + 6)
            + 9.9843695780195716e-6 / (x + 7) + 1.5056327351493116e-7 / (x + 8);
        var t = x + 7.5;
        return 0.9189385332046728 + (x + 0.5) * Math.Log(t) - t + Math.Log(a);
    }
}
