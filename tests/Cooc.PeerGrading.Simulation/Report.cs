using System.Globalization;
using System.Text;
using Cooc.Assessment;

namespace Cooc.PeerGrading.Simulation;

/// <summary>The metrics of the issue, as markdown tables.</summary>
public static class Report
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    private const int GradedBy = 3;

    /// <summary>Process metrics, one column per run (policy / scenario).</summary>
    public static string Timing(IReadOnlyList<RunResult> runs)
    {
        var text = new StringBuilder();
        text.AppendLine("| metric | " + string.Join(" | ", runs.Select(Label)) + " |");
        text.AppendLine("|---|" + string.Concat(runs.Select(_ => "---:|")));
        Row(text, "p50 / p90 hours to grade computed", runs, r => Pair(Hours(r, o => o.ComputedAt, all: true)));
        Row(text, "p50 / p90 hours to grade visible (learners who stayed)", runs, r => Pair(Hours(r, o => o.VisibleAt, all: false)));
        Row(text, "learners who stayed but found too few submissions to do their 5 reviews", runs, r =>
            Percent(r.Outcomes.Count(o => !o.Learner.Leaves && o.ReviewsGiven < 5), r.Outcomes.Count(o => !o.Learner.Leaves)));
        Row(text, "without a computed grade at due + 7 days", runs, r => Percent(r.Outcomes.Count(o => o.ComputedAt is null || o.ComputedAt > CourseSetup.Day(Scenario.DueDay + 7)), r.Outcomes.Count));
        Row(text, "never graded", runs, r => Percent(r.Outcomes.Count(o => o.ComputedAt is null), r.Outcomes.Count));
        Row(text, "graded by staff (short when reviews were due)", runs, r => Percent(r.Outcomes.Count(o => o.Source == GradeSource.Staff), r.Outcomes.Count));
        Row(text, $"peer grades on fewer than {GradedBy} reviews", runs, r =>
        {
            var peers = r.Outcomes.Where(o => o.Source == GradeSource.Peers).ToList();
            return Percent(peers.Count(o => o.Counted < GradedBy), peers.Count);
        });
        Row(text, "reviews received per submission (counted in grade)", runs, r =>
            $"{r.Outcomes.Average(o => o.Received).ToString("F2", Invariant)} ({r.Outcomes.Where(o => o.Source == GradeSource.Peers).DefaultIfEmpty().Average(o => o?.Counted ?? 0).ToString("F2", Invariant)})");
        return text.ToString();
    }

    /// <summary>Accuracy of each estimator's final grades on the peer-graded submissions of one run.</summary>
    public static string Accuracy(RunResult run)
    {
        var peerGraded = run.Outcomes.Where(o => o.Source == GradeSource.Peers).ToList();
        var truth = peerGraded.ToDictionary(o => o.SubmissionId, o => (double)TrueTotal(o.Learner));
        var byTruth = peerGraded.OrderBy(o => truth[o.SubmissionId]).ThenBy(o => o.Learner.Index).ToList();
        var tenth = Math.Max(1, byTruth.Count / 10);
        var (bottom, top) = (byTruth.Take(tenth).ToList(), byTruth.TakeLast(tenth).ToList());
        var medianRmse = Rmse(run, "median", peerGraded, truth);
        var text = new StringBuilder();
        text.AppendLine($"| estimator ({Label(run)}, {peerGraded.Count} peer-graded) | RMSE (points of 17) | vs median | mean error, top 10 % | mean error, bottom 10 % | fit seconds |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var name in run.Finals.Keys)
        {
            var rmse = Rmse(run, name, peerGraded, truth);
            text.AppendLine($"| {name} | {F(rmse)} | {Change(rmse, medianRmse)} | {F(MeanError(run, name, top, truth))} | {F(MeanError(run, name, bottom, truth))} | {run.FinalFitSeconds[name].ToString("F1", Invariant)} |");
        }
        var provisional = peerGraded.Where(o => o.ProvisionalPoints is not null).ToList();
        if (provisional.Count > 0)
        {
            var rmse = Math.Sqrt(provisional.Average(o => Math.Pow(o.ProvisionalPoints!.Value - truth[o.SubmissionId], 2)));
            var fits = run.BackgroundFitSeconds;
            text.AppendLine($"| reviewer model, provisional (daily fit's parameters at grading time) | {F(rmse)} | {Change(rmse, medianRmse)} | | | {fits.Count} daily fits, mean {fits.Average().ToString("F1", Invariant)}, max {fits.Max().ToString("F1", Invariant)} |");
        }
        return text.ToString();
    }

    public static int TrueTotal(Learner learner) => learner.TrueOptions.Select((o, c) => CourseSetup.OptionPoints[c][o]).Sum();

    private static string Label(RunResult run) => $"{run.Policy.Name}, {run.Scenario.Name}";

    private static void Row(StringBuilder text, string name, IReadOnlyList<RunResult> runs, Func<RunResult, string> value) =>
        text.AppendLine($"| {name} | " + string.Join(" | ", runs.Select(value)) + " |");

    /// <summary>p50 and p90 of hours from submission to the time; missing times count as never (∞).</summary>
    private static (double P50, double P90) Hours(RunResult run, Func<LearnerOutcome, DateTimeOffset?> at, bool all)
    {
        var hours = run.Outcomes.Where(o => all || !o.Learner.Leaves)
            .Select(o => at(o) is { } t ? (t - o.SubmittedAt).TotalHours : double.PositiveInfinity).Order().ToArray();
        return (Percentile(hours, 0.5), Percentile(hours, 0.9));
    }

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? double.NaN : sorted[(int)Math.Ceiling(p * sorted.Length) - 1];

    private static string Pair((double P50, double P90) p) => $"{F(p.P50)} / {F(p.P90)}";

    private static double Rmse(RunResult run, string estimator, IReadOnlyList<LearnerOutcome> items, Dictionary<string, double> truth) =>
        Math.Sqrt(items.Average(o => Math.Pow(run.Finals[estimator][o.SubmissionId].Total - truth[o.SubmissionId], 2)));

    private static double MeanError(RunResult run, string estimator, IReadOnlyList<LearnerOutcome> items, Dictionary<string, double> truth) =>
        items.Average(o => run.Finals[estimator][o.SubmissionId].Total - truth[o.SubmissionId]);

    private static string Change(double value, double baseline) => $"{((value - baseline) / baseline * 100).ToString("+0.0;-0.0", Invariant)} %";

    private static string Percent(int count, int of) => of == 0 ? "–" : $"{(100.0 * count / of).ToString("F1", Invariant)} %";

    private static string F(double value) => double.IsPositiveInfinity(value) ? "never" : value.ToString("F2", Invariant);
}
