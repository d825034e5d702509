using System.Diagnostics;
using Cooc.ClaimLoad;

// Peer-review claim latency against a running standalone app (tests/benchmarks/claims.sh starts one and runs this).
// Options (name value): --url, --key (the server's token-signing.key), --org, --submissions 10000, --clients 64,
// --warmup 5 (s), --duration 15 (s), --review-share 0.9, --reviews-per-learner 5 (0: one learner per client),
// --essay-length 1500, --graded-by 3, --must-grade 5, --seed-parallelism 32,
// --rate 0 (claims per second over all clients, 0: closed loop, each client as fast as answered),
// --claims-per-learner 0 (N: a client goes on as the next learner after N claims, and stops when the measured half of
// the learners is used up; with --review-share 0 and 1, every claim is a learner's first: a rush of new claims),
// --warmup-submissions 0 (N: the warmup runs on a second assignment of N submissions by other learners, and the measured
// run may use every learner of the first; 0: warmup and measured run take halves of the first assignment's learners),
// --samples FILE (none: writes every measured claim as "sent at ms,latency ms,kind" lines, to see when the slow ones ran).
var options = Options.Parse(args);
var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 1024, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
using var http = new HttpClient(handler) { BaseAddress = new Uri(options.Url), Timeout = TimeSpan.FromMinutes(2) };
var api = new CoocApi(http);
var tokens = LocalTokens.FromKeyFile(options.Key, options.Org);

var seeding = new Seeding(api, tokens, options.SeedParallelism);
var (courseId, assignmentId) = await seeding.CreateAssignmentAsync(options.GradedBy, options.MustGrade);
Console.WriteLine($"== assignment {assignmentId}: seeding {options.Submissions} learners (enroll + submit, {options.SeedParallelism} at a time, through the API)");
var seconds = await seeding.SubmitAsync(assignmentId, courseId, options.Submissions, options.EssayLength);
Console.WriteLine($"   {options.Submissions} open submissions in {seconds:F1} s ({options.Submissions * 2 / seconds:F0} requests/s)");

// The reviewers are authors (they must have submitted), newest first; warmup and measured run draw from separate
// halves, so the measured run starts with fresh reviewers, unless the warmup has an assignment of its own. A client
// moves to the next learner after ReviewsPerLearner.
var run = new ClaimRun(api, tokens, assignmentId, options.ReviewShare, options.ReviewsPerLearner, options.Rate, options.ClaimsPerLearner);
var reviewers = Enumerable.Range(0, options.Submissions).Reverse().Select(Seeding.Learner).ToList();
var wrap = options.ClaimsPerLearner == 0;
if (options.WarmupSubmissions > 0)
{
    var (warmupCourseId, warmupAssignmentId) = await seeding.CreateAssignmentAsync(options.GradedBy, options.MustGrade);
    Console.WriteLine($"== warmup assignment {warmupAssignmentId}: seeding {options.WarmupSubmissions} other learners");
    await seeding.SubmitAsync(warmupAssignmentId, warmupCourseId, options.WarmupSubmissions, options.EssayLength, Seeding.WarmupLearner);
    var warmup = new ClaimRun(api, tokens, warmupAssignmentId, options.ReviewShare, options.ReviewsPerLearner, options.Rate, options.ClaimsPerLearner);
    var warmupLearners = Enumerable.Range(0, options.WarmupSubmissions).Reverse().Select(Seeding.WarmupLearner).ToList();
    Console.WriteLine($"== warmup: {options.Warmup} s, {options.Clients} clients (on the warmup assignment; not measured)");
    var warming = Stopwatch.StartNew();
    await warmup.RunAsync(options.Clients, new LearnerPool(warmupLearners, wrap), TimeSpan.FromSeconds(options.Warmup), record: false, seed: 1);
    PrintWarmup(warming.Elapsed.TotalSeconds, options.Warmup);
}
else
{
    Console.WriteLine($"== warmup: {options.Warmup} s, {options.Clients} clients (other learners; not measured)");
    var warming = Stopwatch.StartNew();
    await run.RunAsync(options.Clients, new LearnerPool(reviewers[(reviewers.Count / 2)..], wrap), TimeSpan.FromSeconds(options.Warmup), record: false, seed: 1);
    PrintWarmup(warming.Elapsed.TotalSeconds, options.Warmup);
    reviewers = reviewers[..(reviewers.Count / 2)];
}
var claimers = new LearnerPool(reviewers, wrap);

var loadBefore = File.ReadAllText("/proc/loadavg").Split(' ')[..3];
Console.WriteLine($"== measured: {options.Duration} s, {options.Clients} clients, {(options.Rate > 0 ? $"paced at {options.Rate} claims/s" : "closed loop")}, review share {options.ReviewShare:P0}, "
    + $"{(options.ClaimsPerLearner > 0 ? $"next learner after {options.ClaimsPerLearner} claims (until the learners are used up)" : options.ReviewsPerLearner > 0 ? $"next learner after {options.ReviewsPerLearner} reviews" : "one learner per client")}"
    + $" (load average before: {string.Join(' ', loadBefore)})");
var startedAt = DateTimeOffset.UtcNow;
var watch = Stopwatch.StartNew();
var results = await run.RunAsync(options.Clients, claimers, TimeSpan.FromSeconds(options.Duration), record: true, seed: 1000);
var elapsed = watch.Elapsed.TotalSeconds;
var loadAfter = File.ReadAllText("/proc/loadavg").Split(' ')[..3];
Report.Print(results, elapsed, options, loadBefore, loadAfter);
if (options.Samples is { Length: > 0 } samplesFile) Report.WriteSamples(results, startedAt, samplesFile);

// A warmup whose learners run out within a few seconds leaves the JIT's tiering unfinished: the first second of the
// measured run is then slower (mean latency 10.7-15.4 ms against 8.2-10.2 ms after it; docs/benchmarks.md, "Eighth pass").
static void PrintWarmup(double seconds, double planned) => Console.WriteLine($"   warmup load lasted {seconds:F1} s"
    + (seconds < planned - 0.5 ? $" (its learners ran out before {planned} s)" : "")
    + (seconds < 5 ? "; under 5 s of load the server is not warm yet: give the warmup more learners (WARMUP_SUBMISSIONS)" : ""));

/// <summary>Command-line options; every one has a default.</summary>
internal sealed record Options(string Url, string Key, string Org, int Submissions, int Clients, double Warmup, double Duration,
    double ReviewShare, int ReviewsPerLearner, int EssayLength, int GradedBy, int MustGrade, int SeedParallelism, double Rate, int ClaimsPerLearner,
    int WarmupSubmissions, string Samples)
{
    public static Options Parse(string[] args)
    {
        var given = new Dictionary<string, string>();
        for (var i = 0; i + 1 < args.Length; i += 2) given[args[i].TrimStart('-')] = args[i + 1];
        string Get(string name, string fallback) => given.TryGetValue(name, out var v) ? v : fallback;
        return new Options(Get("url", "http://127.0.0.1:7071"), Get("key", "token-signing.key"), Get("org", "bench-org"),
            int.Parse(Get("submissions", "10000")), int.Parse(Get("clients", "64")), double.Parse(Get("warmup", "5")),
            double.Parse(Get("duration", "15")), double.Parse(Get("review-share", "0.9")), int.Parse(Get("reviews-per-learner", "5")),
            int.Parse(Get("essay-length", "1500")), int.Parse(Get("graded-by", "3")), int.Parse(Get("must-grade", "5")),
            int.Parse(Get("seed-parallelism", "32")), double.Parse(Get("rate", "0")), int.Parse(Get("claims-per-learner", "0")),
            int.Parse(Get("warmup-submissions", "0")), Get("samples", ""));
    }
}
