using System.Diagnostics;
using Cooc.Assessment;
using Cooc.Assessment.Estimation;
using Cooc.Assessment.Grading;
using Cooc.Functions.Assessment;
using Cooc.GradingLoad;
using Microsoft.Extensions.DependencyInjection;

var submissions = Option("--submissions", 10_000);
var reviewsEach = Option("--reviews", 3);
var seed = Option("--seed", 1);
var single = Option("--single", 1000);
var fits = Option("--fits", 1) == 1;
var examples = Option("--calibration", 3);
const double MedianTarget = 2, FitTarget = 30;
Console.WriteLine($"grading: {submissions:N0} submissions x {reviewsEach} reviews, seed {seed}, {examples} calibration examples, {Environment.ProcessorCount} cores, load before: {Load()}");

var clock = Stopwatch.StartNew();
await using var run = await GradingRun.StartAsync(submissions, reviewsEach, seed, examples);
Console.WriteLine($"seeded through the store in {clock.Elapsed.TotalSeconds:N1} s: {run.Writes:N0} documents (submissions, reviews, completed leases, reviewer records with {examples} calibrations each)");
var store = run.Services.GetRequiredService<AssessmentStore>();
var assignment = run.Assignment;
var id = assignment.AssignmentId;

// (1) Median aggregation of the whole assignment, as the grading handler grades each submission
// (Gradeability.Decide, then PeerGrading.Grade with the MedianEstimator), all at once. Run twice: cold (first JIT) and warm.
var medianSeconds = new List<double>();
for (var pass = 1; pass <= 2; pass++)
{
    clock.Restart();
    var all = await store.QueryAllAsync<Submission>(id, Submission.DocumentKind, [], default);
    var reviews = await store.QueryAllAsync<Review>(id, Review.DocumentKind, [], default);
    var read = clock.Elapsed.TotalSeconds;
    clock.Restart();
    var median = new MedianEstimator();
    var now = DateTimeOffset.UtcNow;
    var byId = reviews.ToLookup(r => r.SubmissionId, StringComparer.Ordinal);
    var (graded, points) = (0, 0.0);
    foreach (var s in all)
    {
        var decision = Gradeability.Decide(assignment, s, byId[s.Id].Where(r => r.SubmissionRevision == s.Revision), now);
        if (!decision.IsGradeable) continue;
        var grade = PeerGrading.Grade(assignment, s, decision, median, now);
        graded++;
        points += grade.FinalPoints;
    }
    var compute = clock.Elapsed.TotalSeconds;
    clock.Restart();
    var once = median.Estimate(AssessmentDataBuilder.Build(assignment.CurrentRubric, reviews, all)).Submissions.Count;
    var oneCall = clock.Elapsed.TotalSeconds;
    medianSeconds.Add(read + compute);
    Console.WriteLine($"median aggregation ({(pass == 1 ? "cold" : "warm")}): read {all.Count:N0} submissions + {reviews.Count:N0} reviews {read:N3} s"
        + $" + compute {graded:N0} grades {compute:N3} s = {read + compute:N3} s (mean grade {points / Math.Max(1, graded):N2}/{assignment.CurrentRubric.MaxPoints});"
        + $" one MedianEstimator call over the assignment: {once:N0} items {oneCall:N3} s");
}

// (2) The reviewer model's full fit as the app runs it: ReviewerFitJob.FitAsync (load everything, fit, store head + parts).
clock.Restart();
await run.Services.GetRequiredService<ReviewerFitJob>().FitAsync(new FitReviewers(id), default);
var job = clock.Elapsed.TotalSeconds;
var head = (await run.Services.GetRequiredService<ReviewerFitStore>().ReadAsync(id, assignment.CurrentRubric.Version, default))?.Value
    ?? throw new InvalidOperationException("The fit job stored no fit.");
Console.WriteLine($"reviewer fit job ({(examples > 0 ? $"with anchors: {head.AnchorCount} staff scores of {examples} calibration examples" : "no anchors")}): {job:N1} s in all, fit {head.FitSeconds:N1} s,"
    + $" {head.ScoreCount:N0} criterion scores, {head.Parts} parts stored");

// The app's fit always uses the anchors it finds; without anchors is the estimator's own switch, timed here on the same
// data (the job's AssessmentDataBuilder view), fit only.
if (fits)
{
    var reviews = await store.QueryAllAsync<Review>(id, Review.DocumentKind, [], default);
    var all = await store.QueryAllAsync<Submission>(id, Submission.DocumentKind, [], default);
    var records = await store.QueryAllAsync<ReviewerRecord>(id, ReviewerRecord.DocumentKind, [], default);
    var data = AssessmentDataBuilder.Build(assignment.CurrentRubric, reviews, all, assignment.CalibrationExamples, records);
    foreach (var anchors in new[] { false, true })
    {
        clock.Restart();
        var fit = new ReviewerModelEstimator(useAnchors: anchors).Fit(data);
        Console.WriteLine($"reviewer model fit only, {(anchors ? "with" : "without")} anchors: {clock.Elapsed.TotalSeconds:N1} s ({fit.Grades.Count:N0} items, {fit.Parameters.Reviewers.Count:N0} reviewers)");
    }
}

// (3) One submission at a time, as the grading handler does after a review: SubmissionGrader.GradeAsync (read, reviews, decide, grade, replace).
if (single > 0)
{
    var grader = run.Services.GetRequiredService<SubmissionGrader>();
    var latencies = new double[Math.Min(single, submissions)];
    var total = Stopwatch.StartNew();
    for (var i = 0; i < latencies.Length; i++)
    {
        clock.Restart();
        if (!await grader.GradeAsync(assignment, Submission.IdFor(GradingRun.Learner(i)), default)) throw new InvalidOperationException($"Learner {i}'s submission was not graded.");
        latencies[i] = clock.Elapsed.TotalMilliseconds;
    }
    Array.Sort(latencies);
    var first = (await store.ReadAsync<Submission>(id, Submission.IdFor(GradingRun.Learner(0)), default))?.Value.Grade
        ?? throw new InvalidOperationException("The first submission has no stored grade.");
    Console.WriteLine($"one at a time (SubmissionGrader.GradeAsync, writes the grade): {latencies.Length:N0} submissions in {total.Elapsed.TotalSeconds:N2} s,"
        + $" p50 {latencies[latencies.Length / 2]:N2} ms, p99 {latencies[latencies.Length * 99 / 100]:N2} ms; stored e.g. {first.Points}/{first.MaxPoints} ({first.Estimator}, {first.CountedReviewIds.Count} reviews)");
}

Console.WriteLine($"load after: {Load()}");
Console.WriteLine($"target median aggregation < {MedianTarget} s: {(medianSeconds.Max() < MedianTarget ? "met" : "NOT met")} (cold {medianSeconds[0]:N3} s, warm {medianSeconds[1]:N3} s)");
Console.WriteLine($"target full reviewer fit < {FitTarget} s: {(job < FitTarget ? "met" : "NOT met")} ({job:N1} s, the job{(examples > 0 ? " with anchors" : ", no anchors")})");

int Option(string name, int fallback) =>
    Array.IndexOf(args, name) is var at and >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], out var value) ? value : fallback;

static string Load() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
