using Cooc.Assessment.Estimation;

namespace Cooc.GradingLoad;

/// <summary>
/// The seeded cohort: each learner's true option per criterion, whom they review, and how they score. Learners are
/// put in a seeded random order; the reviewers of learner i's submission are the learners that follow i in that order
/// at seeded distinct offsets, so each reviews exactly as many submissions as each submission gets, never their own.
/// Reviewers differ: bias and noise (in option steps) per reviewer, 10% careless (any option), 5% who always give the
/// middle option. Every draw comes from its own named stream, so the data do not depend on the order of seeding.
/// </summary>
public sealed class Reviewers
{
    private readonly ulong seed;
    private readonly int[] order;
    private readonly int[] position;
    private readonly int[] offsets;
    private readonly int[][] optionPoints;

    public Reviewers(int seed, int learners, int reviewsEach, int[][] optionPoints)
    {
        this.seed = (ulong)seed;
        this.optionPoints = optionPoints;
        var random = SeededRandom.ForStream(this.seed, "order");
        order = Enumerable.Range(0, learners).ToArray();
        for (var i = learners - 1; i > 0; i--)
        {
            var j = random.NextInt(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        position = new int[learners];
        for (var p = 0; p < learners; p++) position[order[p]] = p;
        var chosen = new SortedSet<int>();
        while (chosen.Count < reviewsEach) chosen.Add(1 + random.NextInt(learners - 1));
        offsets = [.. chosen];
    }

    public IEnumerable<int> ReviewersOf(int learner) => offsets.Select(d => order[(position[learner] + d) % order.Length]);

    public double Uniform(int learner, string what) => SeededRandom.ForStream(seed, $"{what}:{learner}").NextUniform();

    /// <summary>The submission's true option per criterion: a per-submission quality plus per-criterion variation.</summary>
    public int[] TrueOptions(int learner)
    {
        var random = SeededRandom.ForStream(seed, $"true:{learner}");
        var quality = random.NextNormal(0.6, 0.2);
        return optionPoints.Select(points => Clamp((int)Math.Round((points.Length - 1) * random.NextNormal(quality, 0.15)), points.Length)).ToArray();
    }

    /// <summary>The reviewer's options for an item whose true options are given; what names the item.</summary>
    public int[] Score(int reviewer, IReadOnlyList<int> truth, string what)
    {
        var kind = SeededRandom.ForStream(seed, $"reviewer:{reviewer}");
        var (careless, average) = (kind.NextBool(0.10), kind.NextBool(0.05));
        var (bias, noise) = (kind.NextNormal(0, 0.5), 0.3 + 0.9 * kind.NextUniform());
        var random = SeededRandom.ForStream(seed, $"{what}:{reviewer}");
        return optionPoints.Select((points, c) =>
        {
            var n = points.Length;
            if (careless) return random.NextInt(n);
            if (average) return (n - 1) / 2;
            return Clamp((int)Math.Round(truth[c] + bias + random.NextNormal(0, noise)), n);
        }).ToArray();
    }

    private static int Clamp(int option, int count) => Math.Clamp(option, 0, count - 1);
}
