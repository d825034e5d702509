using System.Diagnostics;
using System.Globalization;
using Cooc.PeerGrading.Simulation;

// dotnet run --project tests/Cooc.PeerGrading.Simulation -c Release -- --cohort 1000 [--cohort 10000] [--seed 1]
var cohorts = new List<int>();
ulong seed = 1;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--cohort" when i + 1 < args.Length: cohorts.Add(int.Parse(args[++i], CultureInfo.InvariantCulture)); break;
        case "--seed" when i + 1 < args.Length: seed = ulong.Parse(args[++i], CultureInfo.InvariantCulture); break;
        default:
            Console.Error.WriteLine("usage: --cohort N [--cohort N ...] [--seed S]");
            return 2;
    }
}
if (cohorts.Count == 0) cohorts.Add(1000);

foreach (var size in cohorts)
{
    var watch = Stopwatch.StartNew();
    var heterogeneous = new Scenario("heterogeneous", size, seed, ReviewerMix.Heterogeneous, LeaveShare: 0.2);
    var equal = heterogeneous with { Name = "equally reliable", Mix = ReviewerMix.EquallyReliable };
    var scarce = heterogeneous with { Name = "scarce: half leave", LeaveShare = 0.5 };
    RunResult Run(Scenario scenario, Policy policy) => new PeerGradingRun(scenario, policy, new Cohort(scenario, CourseSetup.OptionPoints)).Run();

    var main = new[] { Run(heterogeneous, Policy.Ora2), Run(heterogeneous, Policy.CoocAsImplemented), Run(heterogeneous, Policy.Cooc) };
    var equalRun = Run(equal, Policy.Cooc);
    var scarceRuns = new[] { Run(scarce, Policy.Ora2), Run(scarce, Policy.Cooc) };

    Console.WriteLine($"## Cohort of {size:N0} learners (seed {seed})");
    Console.WriteLine();
    Console.WriteLine(Report.Timing([.. main, equalRun, .. scarceRuns]));
    Console.WriteLine(Report.Accuracy(main[2]));
    Console.WriteLine(Report.Accuracy(equalRun));
    Console.WriteLine(Report.Accuracy(main[0]));
    Console.WriteLine($"({size:N0} learners: {watch.Elapsed.TotalSeconds:F0} s for the six runs)");
    Console.WriteLine();
}
return 0;
