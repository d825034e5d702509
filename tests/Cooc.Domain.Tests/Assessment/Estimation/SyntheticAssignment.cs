using Cooc.Assessment.Estimation;

namespace Cooc.Domain.Tests.Assessment.Estimation;

/// <summary>A reviewer of the synthetic data: latent grade μ + bias + slope (q − μ) + N(0, noise²), rounded to an option.</summary>
public sealed record SyntheticReviewer(double Bias, double Slope, double Noise, bool Careless = false);

/// <summary>
/// Seeded synthetic assignments for the estimator's tests: criteria with options 0..4 points, true options from a
/// per-submission level plus per-criterion noise, each submission scored by reviewers in a fixed rotation.
/// </summary>
public sealed class SyntheticAssignment
{
    public const double Center = 0.6;
    private readonly SeededRandom random;

    public SyntheticAssignment(int submissions, int criteria, ulong seed)
    {
        random = new SeededRandom(seed);
        Criteria = Enumerable.Range(0, criteria).Select(_ => new CriterionScale([0, 1, 2, 3, 4])).ToArray();
        Truth = new int[submissions][];
        for (var s = 0; s < submissions; s++)
        {
            var level = random.NextNormal(Center, 0.18);
            Truth[s] = Enumerable.Range(0, criteria).Select(_ => Round(level + random.NextNormal(0, 0.12))).ToArray();
        }
    }

    public IReadOnlyList<CriterionScale> Criteria { get; }
    public int[][] Truth { get; }

    public static string SubmissionId(int s) => $"s{s:0000}";
    public static string ReviewerId(int r) => $"r{r:0000}";

    public double TrueTotal(int s) => Truth[s].Sum();

    /// <summary>Reviewer r's options for true options.</summary>
    public int[] Score(SyntheticReviewer reviewer, IReadOnlyList<int> truth) => truth.Select(t => reviewer.Careless
        ? random.NextInt(5)
        : Round(Center + reviewer.Bias + reviewer.Slope * (t / 4.0 - Center) + random.NextNormal(0, reviewer.Noise))).ToArray();

    /// <summary>Each submission s scored by reviewsEach reviewers, reviewer (s + k × step + 1) mod count for k = 0, 1, ...</summary>
    public List<PeerScore> Reviews(IReadOnlyList<SyntheticReviewer> reviewers, int reviewsEach, int step = 7)
    {
        var scores = new List<PeerScore>();
        for (var s = 0; s < Truth.Length; s++)
        {
            for (var k = 0; k < reviewsEach; k++)
            {
                var r = (s + k * step + 1) % reviewers.Count;
                scores.Add(new PeerScore(SubmissionId(s), ReviewerId(r), Score(reviewers[r], Truth[s])));
            }
        }
        return scores;
    }

    /// <summary>Staff-scored calibration examples ("cal0"...) with the given true options, scored by every reviewer.</summary>
    public (List<PeerScore> Scores, List<StaffScore> Staff) Calibration(IReadOnlyList<SyntheticReviewer> reviewers, params int[][] examples)
    {
        var scores = new List<PeerScore>();
        var staff = new List<StaffScore>();
        for (var e = 0; e < examples.Length; e++)
        {
            staff.Add(StaffScore.FromOptions($"cal{e}", Criteria, examples[e]));
            for (var r = 0; r < reviewers.Count; r++) scores.Add(new PeerScore($"cal{e}", ReviewerId(r), Score(reviewers[r], examples[e])));
        }
        return (scores, staff);
    }

    /// <summary>Root mean squared error of the totals against the truth.</summary>
    public double Rmse(Func<int, double> estimate) =>
        Math.Sqrt(Enumerable.Range(0, Truth.Length).Average(s => Math.Pow(estimate(s) - TrueTotal(s), 2)));

    /// <summary>ORA2's rule per criterion: the median of the chosen points.</summary>
    public static double MedianTotal(IEnumerable<PeerScore> scores)
    {
        var list = scores.ToList();
        return Enumerable.Range(0, list[0].Options.Count).Sum(c =>
        {
            var points = list.Select(p => (double)p.Options[c]).Order().ToArray();
            var m = points.Length / 2;
            return points.Length % 2 == 1 ? points[m] : Math.Ceiling((points[m - 1] + points[m]) / 2);
        });
    }

    private static int Round(double value) => Math.Clamp((int)Math.Round(value * 4), 0, 4);
}
