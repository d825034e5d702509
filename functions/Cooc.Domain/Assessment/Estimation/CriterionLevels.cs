namespace Cooc.Assessment.Estimation;

/// <summary>
/// A criterion's options on the model's [0, 1] scale: the distinct point values in ascending order, and for each
/// option the interval of latent grades that a reviewer rounds to it (cut midway between neighbouring values).
/// </summary>
internal sealed class CriterionLevels
{
    private readonly double[] optionValue;
    private readonly double[] optionLow;
    private readonly double[] optionHigh;
    private readonly double[] levels;

    private CriterionLevels(double min, double range, double[] levels, double[] value, double[] low, double[] high)
    {
        this.levels = levels;
        Min = min;
        Range = range;
        optionValue = value;
        optionLow = low;
        optionHigh = high;
    }

    public double Min { get; }

    /// <summary>Highest minus lowest option points (0 when all options are worth the same).</summary>
    public double Range { get; }

    public int OptionCount => optionValue.Length;

    public static CriterionLevels From(CriterionScale scale)
    {
        if (scale.OptionPoints.Count == 0) throw new ArgumentException("A criterion needs at least one option.");
        if (scale.OptionPoints.Any(p => !double.IsFinite(p))) throw new ArgumentException("Option points must be finite.");
        var min = scale.Min;
        var divisor = scale.Range > 0 ? scale.Range : 1;
        var levels = scale.OptionPoints.Select(p => (p - min) / divisor).Distinct().Order().ToArray();
        var value = new double[scale.OptionPoints.Count];
        var low = new double[value.Length];
        var high = new double[value.Length];
        for (var o = 0; o < value.Length; o++)
        {
            value[o] = (scale.OptionPoints[o] - min) / divisor;
            var k = Array.IndexOf(levels, value[o]);
            low[o] = k == 0 ? double.NegativeInfinity : 0.5 * (levels[k - 1] + levels[k]);
            high[o] = k == levels.Length - 1 ? double.PositiveInfinity : 0.5 * (levels[k] + levels[k + 1]);
        }
        return new CriterionLevels(min, scale.Range, levels, value, low, high);
    }

    /// <summary>The option's value on the [0, 1] scale.</summary>
    public double Value(int option) => optionValue[option];

    /// <summary>The latent grades a reviewer who chose this option could have had in mind.</summary>
    public (double Low, double High) Interval(int option) => (optionLow[option], optionHigh[option]);

    /// <summary>The option value a latent quality rounds to: the grade staff would give a submission of that quality.</summary>
    public double Round(double value)
    {
        var k = 0;
        while (k < levels.Length - 1 && value >= 0.5 * (levels[k] + levels[k + 1])) k++;
        return levels[k];
    }

    /// <summary>Points on the [0, 1] scale, clamped to the option bounds.</summary>
    public double FromPoints(double points) => Range > 0 ? Math.Clamp((points - Min) / Range, 0, 1) : 0;

    /// <summary>Back to points, within the option bounds.</summary>
    public double ToPoints(double value) => Min + Range * Math.Clamp(value, 0, 1);
}
