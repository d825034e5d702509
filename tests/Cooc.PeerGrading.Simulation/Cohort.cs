using Cooc.Assessment.Estimation;

namespace Cooc.PeerGrading.Simulation;

/// <summary>
/// How a reviewer turns true options into chosen ones: latent grade 0.6 + Bias + Slope × (true − 0.6) + N(0, Noise²)
/// on each criterion's [0, 1] scale, rounded to the nearest option; careless ones pick at random, average-givers the
/// option nearest the class average.
/// </summary>
public sealed record ReviewerProfile(double Bias, double Slope, double Noise, bool Careless, bool AverageGiver);

/// <summary>A learner: when they submit, whether they leave right after (holding a lease or not), how they review, their work's truth.</summary>
public sealed record Learner(int Index, string Id, double SubmitDay, bool Leaves, bool HoldsLeaseWhenLeaving, ReviewerProfile Reviewer, int[] TrueOptions);

/// <summary>The seeded cohort: learners and the rubric's option values on [0, 1].</summary>
public sealed class Cohort
{
    public const double ClassCenter = 0.6;
    private readonly SeededRandom random;

    public Cohort(Scenario scenario, IReadOnlyList<int[]> optionPoints)
    {
        random = new SeededRandom(scenario.Seed);
        OptionValues = optionPoints.Select(p => p.Select(v => (double)v / p.Max()).ToArray()).ToArray();
        Learners = Enumerable.Range(0, scenario.Learners).Select(i => NewLearner(i, scenario)).ToArray();
    }

    public double[][] OptionValues { get; }
    public Learner[] Learners { get; }

    /// <summary>Reviewer's options for a work of the given true options (draws from the reviewing stream).</summary>
    public int[] Score(ReviewerProfile reviewer, IReadOnlyList<int> truth, SeededRandom draws) => truth.Select((t, c) =>
    {
        var values = OptionValues[c];
        if (reviewer.Careless) return draws.NextInt(values.Length);
        if (reviewer.AverageGiver) return Nearest(values, ClassCenter);
        var latent = ClassCenter + reviewer.Bias + reviewer.Slope * (values[t] - ClassCenter) + draws.NextNormal(0, reviewer.Noise);
        return Nearest(values, latent);
    }).ToArray();

    private Learner NewLearner(int index, Scenario scenario)
    {
        // A quarter of the cohort in the last three days (rush, densest just before the due date), the rest spread over four weeks.
        var submitDay = random.NextBool(0.25)
            ? Scenario.DueDay - Math.Min(3, random.NextExponential(1 / 0.8))
            : random.NextUniform() * Scenario.DueDay;
        var leaves = random.NextBool(scenario.LeaveShare);
        var holds = leaves && random.NextBool(Scenario.LeaversHoldingLease);
        var level = random.NextNormal(ClassCenter, 0.18);
        var truth = OptionValues.Select(values => Nearest(values, level + random.NextNormal(0, 0.12))).ToArray();
        return new Learner(index, $"l{index:00000}", Math.Min(submitDay, Scenario.DueDay - 1e-4), leaves, holds, NewReviewer(scenario.Mix), truth);
    }

    private ReviewerProfile NewReviewer(ReviewerMix mix)
    {
        if (mix == ReviewerMix.EquallyReliable) return new ReviewerProfile(0, 1, 0.15, false, false);
        var kind = random.NextUniform();
        if (kind < Scenario.CarelessShare) return new ReviewerProfile(0, 0, 0, true, false);
        if (kind < Scenario.CarelessShare + Scenario.AverageGiverShare) return new ReviewerProfile(0, 0, 0, false, true);
        return new ReviewerProfile(
            random.NextNormal(0.03, 0.08),
            Math.Clamp(random.NextNormal(1, 0.2), 0.3, 1.7),
            0.12 * Math.Exp(random.NextNormal(0, 0.4)),
            false, false);
    }

    private static int Nearest(double[] values, double x)
    {
        var best = 0;
        for (var o = 1; o < values.Length; o++) if (Math.Abs(values[o] - x) < Math.Abs(values[best] - x)) best = o;
        return best;
    }
}
