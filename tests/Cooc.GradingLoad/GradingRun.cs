using Cooc.Assessment;
using Cooc.Common;
using Cooc.Courses;
using Cooc.Enrollments;
using Cooc.Functions.Hosting;
using Cooc.Identity;
using Cooc.Ports;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cooc.GradingLoad;

/// <summary>
/// One standalone app (embedded SQLite documents and queue, local-file blobs) on a fresh data folder, with one
/// peer-graded assignment seeded through the app's document store in the shapes the app writes: the assignment (with
/// up to 3 staff calibration examples, made by AssignmentRules), per learner a submission (SubmissionRules.Submit), a reviewer
/// record (calibrations scored by CalibrationRules) and, per review, the completed lease and the review
/// (ClaimPolicy.LeaseFor/Take, ReviewRules.Complete/Record). Reviewers are other learners, each doing as many reviews as
/// each submission gets. Scores come from seeded reviewers (<see cref="Reviewers"/>).
/// </summary>
public sealed class GradingRun : IAsyncDisposable
{
    public const string AssignmentId = "asg_gradeload";
    private const string CourseId = "crs_gradeload";
    private const string Org = "load-org";
    private static readonly string[] CriterionIds = ["thesis", "evidence", "structure", "style"];
    private static readonly int[][] OptionPoints = [[0, 1, 2, 3, 4], [0, 2, 4, 6, 8], [0, 1, 2, 3], [0, 1, 2]];
    private static readonly int[][] CalibrationOptions = [[1, 1, 1, 0], [2, 2, 2, 1], [4, 3, 3, 2]];
    private readonly string dataPath = Path.Combine(Path.GetTempPath(), "gradebench-data-" + Guid.NewGuid().ToString("N"));
    private readonly WebApplication app;

    private GradingRun()
    {
        app = StandaloneApp.Build(["--urls", "http://127.0.0.1:0", "--Cooc:DataPath", dataPath, "--Cooc:RunConsumers", "false",
            "--Logging:LogLevel:Default", "Warning", "--Logging:LogLevel:Microsoft.Hosting.Lifetime", "Warning"],
            builder => builder.Logging.SetMinimumLevel(LogLevel.Warning));
    }

    public IServiceProvider Services => app.Services;
    public IDocumentStore Documents => Services.GetRequiredService<IDocumentStore>();
    public Assignment Assignment { get; private set; } = null!;
    public int Writes;

    public static async Task<GradingRun> StartAsync(int learners, int reviewsEach, int seed, int examples)
    {
        var run = new GradingRun();
        await run.app.StartAsync();
        await run.SeedAsync(learners, reviewsEach, seed, examples);
        return run;
    }

    public static string Learner(int i) => $"learner-{i:D6}";

    private async Task SeedAsync(int learners, int reviewsEach, int seed, int examples)
    {
        var now = DateTimeOffset.UtcNow;
        var opens = now.AddDays(-30);
        var staff = new Caller("ines", Org, new HashSet<Role> { Role.Instructor });
        var course = new Course(CourseId, CourseId, Org, "en", new() { ["en"] = "Writing" }, [],
            [new CourseModule("m1", new() { ["en"] = "Week 1" }, [])], null, null, null, CourseVisibility.Organization,
            CourseStatus.Published, staff.UserId, opens, opens, opens);
        await Documents.UpsertAsync(Containers.Courses, CourseId, course);
        var rubric = new RubricInput(OptionPoints.Select((points, c) => new CriterionInput(CriterionIds[c], new() { ["en"] = CriterionIds[c] },
            new() { ["en"] = $"Score the {CriterionIds[c]}." },
            points.Select(p => new OptionInput(new() { ["en"] = $"{p} points" }, p, null)).ToList())).ToList());
        // Submissions over the two weeks before the due date; reviews are still open (due in a week), as while the fit job runs.
        var settings = new AssignmentSettingsInput(new TextSubmissionInput(null), null, opens, now.AddDays(-14), now.AddDays(7),
            MustGrade: reviewsEach, GradedBy: reviewsEach, Estimator: EstimatorKind.Median);
        var input = new AssignmentInput("m1", new() { ["en"] = "Essay" }, new() { ["en"] = "Write an essay." }, settings, rubric);
        var assignment = Expect(AssignmentRules.Create(course, input, AssignmentId, staff, opens));
        for (var e = 0; e < Math.Min(examples, CalibrationOptions.Length); e++)
            assignment = Expect(AssignmentRules.AddCalibrationExample(assignment, course, new CalibrationExampleInput($"Example {e}", ByCriterion(CalibrationOptions[e]), null),
                $"ex{e}", staff, opens));
        Assignment = assignment;
        await Documents.UpsertAsync(Containers.Assessment, AssignmentId, assignment);

        var reviewers = new Reviewers(seed, learners, reviewsEach, OptionPoints);
        await Parallel.ForEachAsync(Enumerable.Range(0, learners), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, ct) =>
        {
            var (submission, leases, reviews) = SubmissionOf(i, reviewers, opens);
            var record = ReviewerRecord.New(AssignmentId, Org, Learner(i), opens);
            foreach (var example in assignment.CalibrationExamples)
            {
                var scored = reviewers.Score(i, CalibrationOptions[int.Parse(example.ExampleId[2..])], $"cal:{example.ExampleId}");
                record = CalibrationRules.Apply(record, Expect(CalibrationRules.Score(assignment.CurrentRubric, example, ByCriterion(scored), opens)), opens);
            }
            for (var k = 0; k < reviewsEach; k++) record = record.Credit(opens.AddDays(20));
            await Documents.UpsertAsync(Containers.Assessment, AssignmentId, submission, null, ct);
            await Documents.UpsertAsync(Containers.Assessment, AssignmentId, record, null, ct);
            foreach (var lease in leases) await Documents.UpsertAsync(Containers.Assessment, AssignmentId, lease, null, ct);
            foreach (var review in reviews) await Documents.UpsertAsync(Containers.Assessment, AssignmentId, review, null, ct);
            Interlocked.Add(ref Writes, 2 + leases.Count + reviews.Count);
        });
    }

    /// <summary>Learner i's submission with its reviews, each by another learner, through the domain's own rules.</summary>
    private (Submission, List<ReviewLease>, List<Review>) SubmissionOf(int i, Reviewers reviewers, DateTimeOffset opens)
    {
        var author = Learner(i);
        var submittedAt = opens.AddDays(2 + 14 * reviewers.Uniform(i, "submitted"));
        var enrollment = new Enrollment(author, CourseId, Org, Org, EnrollmentStatus.Enrolled, EnrollmentSource.Self, null, null, opens, opens, opens);
        var submission = Expect(SubmissionRules.Submit(Assignment, null, new SubmissionInput($"Essay number {i}. " + new string('x', 400), null),
            new Caller(author, Org, new HashSet<Role> { Role.Learner }), enrollment, submittedAt)).Submission;
        var (leases, reviews) = (new List<ReviewLease>(), new List<Review>());
        var at = submittedAt;
        foreach (var reviewer in reviewers.ReviewersOf(i))
        {
            at = at.AddHours(1 + 48 * reviewers.Uniform(i, $"delay:{reviewer}"));
            var reviewId = $"rev_{i:D6}_{reviewer:D6}";
            var lease = ClaimPolicy.LeaseFor(submission, Learner(reviewer), false, at.AddMinutes(-30), ClaimOptions.Default) with { ReviewId = reviewId };
            submission = ClaimPolicy.Take(submission, lease, at.AddMinutes(-30));
            var options = ByCriterion(reviewers.Score(reviewer, reviewers.TrueOptions(i), $"review:{i}"));
            var (review, completed) = Expect(ReviewRules.Complete(lease, Assignment.CurrentRubric, new ReviewInput(options, null, "Thanks."), Learner(reviewer), reviewId, at));
            submission = ReviewRules.Record(submission, review, at);
            leases.Add(completed);
            reviews.Add(review);
        }
        return (submission, leases, reviews);
    }

    private static Dictionary<string, int> ByCriterion(IReadOnlyList<int> options) =>
        CriterionIds.Select((c, i) => (c, options[i])).ToDictionary(p => p.c, p => p.Item2);

    private static T Expect<T>(Outcome<T> outcome) =>
        outcome.IsRefused ? throw new InvalidOperationException($"Refused: {outcome.Refusal!.Title} {outcome.Refusal.Detail}") : outcome.Value!;

    public async ValueTask DisposeAsync()
    {
        await app.DisposeAsync();
        try { Directory.Delete(dataPath, recursive: true); } catch (IOException) { }
    }
}
