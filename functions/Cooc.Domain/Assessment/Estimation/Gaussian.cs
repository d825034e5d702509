namespace Cooc.Assessment.Estimation;

/// <summary>
/// The standard normal distribution: tail probabilities (in logs, so deep tails do not underflow), the inverse CDF,
/// interval probabilities, and draws from a normal truncated to an interval.
/// </summary>
public static class Gaussian
{
    private const double Sqrt2 = 1.4142135623730951;
    private const double LogHalf = -0.6931471805599453;
    private const double LogSqrt2Pi = 0.9189385332046728;

    /// <summary>log φ(x), the log density.</summary>
    public static double LogDensity(double x) => -0.5 * x * x - LogSqrt2Pi;

    /// <summary>log P(Z &gt; x), accurate in both tails (fractional error of P below 1.2e-7).</summary>
    public static double LogUpperTail(double x)
    {
        if (double.IsPositiveInfinity(x)) return double.NegativeInfinity;
        if (double.IsNegativeInfinity(x)) return 0;
        if (x >= 0) return LogHalf + LogErfc(x / Sqrt2);
        return Log1PlusX(-Math.Exp(LogHalf + LogErfc(-x / Sqrt2)));
    }

    /// <summary>P(Z &gt; x).</summary>
    public static double UpperTail(double x) => Math.Exp(LogUpperTail(x));

    /// <summary>P(Z ≤ x).</summary>
    public static double Cdf(double x) => Math.Exp(LogUpperTail(-x));

    /// <summary>log P(a &lt; Z ≤ b) for a ≤ b, either bound possibly infinite.</summary>
    public static double LogIntervalProbability(double a, double b)
    {
        if (a > 0) return LogTailDifference(a, b);
        if (b < 0) return LogTailDifference(-b, -a);
        var outside = UpperTail(-a) + UpperTail(b); // P(Z ≤ a) + P(Z > b)
        return outside < 1 ? Log1PlusX(-outside) : LogDensity(0.5 * (a + b)) + Math.Log(Math.Max(b - a, 1e-300));
    }

    /// <summary>The x with P(Z ≤ x) = p, for 0 &lt; p &lt; 1 (Acklam's rational approximation, relative error 1.2e-9).</summary>
    public static double InverseCdf(double p)
    {
        if (p <= 0) return double.NegativeInfinity;
        if (p >= 1) return double.PositiveInfinity;
        const double low = 0.02425;
        if (p < low) return LowerTailInverse(p);
        if (p > 1 - low) return -LowerTailInverse(1 - p);
        var q = p - 0.5;
        var r = q * q;
        return (((((-3.969683028665376e+01 * r + 2.209460984245205e+02) * r - 2.759285104469687e+02) * r + 1.383577518672690e+02) * r - 3.066479806614716e+01) * r + 2.506628277459239e+00) * q
             / (((((-5.447609879822406e+01 * r + 1.615858368580409e+02) * r - 1.556989798598866e+02) * r + 6.680131188771972e+01) * r - 1.328068155288572e+01) * r + 1);
    }

    /// <summary>A draw of N(mean, sd²) conditioned on lying in [low, high] (either bound possibly infinite).</summary>
    public static double SampleTruncated(double mean, double sd, double low, double high, SeededRandom random)
    {
        var a = (low - mean) / sd;
        var b = (high - mean) / sd;
        if (a >= 0) return mean + sd * SampleUpper(a, b, random);
        if (b <= 0) return mean - sd * SampleUpper(-b, -a, random);
        var pa = Math.Exp(LogUpperTail(-a));
        var pb = 1 - UpperTail(b);
        var x = InverseCdf(pa + random.NextUniform() * (pb - pa));
        return mean + sd * Math.Clamp(x, a, b);
    }

    /// <summary>A standard normal draw conditioned on [a, b] with 0 ≤ a &lt; b.</summary>
    private static double SampleUpper(double a, double b, SeededRandom random)
    {
        var logQa = LogUpperTail(a);
        var logQb = LogUpperTail(b);
        var ratio = Math.Exp(logQb - logQa); // Q(b)/Q(a)
        if (a < 30 && ratio < 1 - 1e-9)
        {
            // Inverse CDF in the upper tail, where Q keeps its relative precision.
            var qa = Math.Exp(logQa);
            var q = qa * (ratio + random.NextUniform() * (1 - ratio));
            return Math.Clamp(-InverseCdf(q), a, b);
        }
        return SampleUpperByRejection(a, b, random);
    }

    private static double SampleUpperByRejection(double a, double b, SeededRandom random)
    {
        if (b - a < 1 / Math.Max(a, 1e-3))
        {
            for (var i = 0; i < 1000; i++)
            {
                var z = a + random.NextUniform() * (b - a);
                if (random.NextUniform() <= Math.Exp(0.5 * (a * a - z * z))) return z;
            }
            return a;
        }
        var rate = 0.5 * (a + Math.Sqrt(a * a + 4));
        for (var i = 0; i < 1000; i++)
        {
            var z = a + random.NextExponential(rate);
            if (z <= b && random.NextUniform() <= Math.Exp(-0.5 * (z - rate) * (z - rate))) return z;
        }
        return a;
    }

    private static double LogTailDifference(double a, double b)
    {
        var logQa = LogUpperTail(a);
        var d = LogUpperTail(b) - logQa;
        var fraction = -Math.Exp(d); // log(Q(a) - Q(b)) = log Q(a) + log(1 - Q(b)/Q(a))
        return fraction > -1 + 1e-9
            ? logQa + Log1PlusX(fraction)
            : LogDensity(0.5 * (a + b)) + Math.Log(Math.Max(b - a, 1e-300));
    }

    private static double LowerTailInverse(double p)
    {
        var q = Math.Sqrt(-2 * Math.Log(p));
        return (((((-7.784894002430293e-03 * q - 3.223964580411365e-01) * q - 2.400758277161838e+00) * q - 2.549732539343734e+00) * q + 4.374664141464968e+00) * q + 2.938163982698783e+00)
             / ((((7.784695709041462e-03 * q + 3.224671290700398e-01) * q + 2.445134137142996e+00) * q + 3.754408661907416e+00) * q + 1);
    }

    /// <summary>log erfc(z) for z ≥ 0 (Numerical Recipes' Chebyshev fit, fractional error below 1.2e-7), without underflow.</summary>
    private static double LogErfc(double z)
    {
        var t = 1 / (1 + 0.5 * z);
        return Math.Log(t) - z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806
            + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
    }

    private static double Log1PlusX(double x) =>
        Math.Abs(x) < 1e-4 ? x * (1 - x * (0.5 - x / 3)) : Math.Log(1 + x);
}
