using System.Collections.Concurrent;
using System.Diagnostics;
using Cooc.Api.Tests.Storage;
using Cooc.Assessment;
using Cooc.Enrollments;
using Cooc.Functions.Assessment;
using Cooc.Ports;
using Xunit.Abstractions;

namespace Cooc.Api.Tests.Assessment;

/// <summary>
/// The proof: under concurrency no submission is leased beyond what it needs, no learner gets their own work
/// and no learner reviews the same submission twice, with 1,000 concurrent claimers over 10,000 submissions (100 on
/// the Azure suite's emulator). Each claims, reviews, claims again and repeats that claim, which must answer the same lease.
/// </summary>
public sealed class ClaimConcurrencyTests(CoocApp app, ITestOutputHelper output) : IClassFixture<CoocApp>
{
    private const int Submissions = 10_000;
    // cosmosdb-server (the Azure suite's emulator) answers a query over 10,000 documents in about a second, scanning in
    // JavaScript: there, a tenth of the claimers, fewer at a time. The real Cosmos DB serves these queries from its indexes.
    private static readonly int Claimers = TestStorage.Name == "azure" ? 100 : 1_000;
    private static readonly int InFlight = TestStorage.Name == "azure" ? 16 : 128;
    private const int GradedBy = 3;

    private static string Author(int i) => $"s{i:00000}";
    private static string TextOf(int i) => $"essay {Author(i)}";

    [Fact]
    public async Task A_thousand_concurrent_claimers_over_ten_thousand_submissions_never_overlease_get_their_own_or_repeat()
    {
        var steps = new AssessmentSteps(app, "crowd-org");
        var assignment = await steps.CreateAssignmentAsync(mustGrade: 3, gradedBy: GradedBy);
        var seeding = Stopwatch.StartNew();
        await SeedAsync(assignment);
        output.WriteLine($"seeded {Submissions} submissions and {Claimers} seats in {seeding.Elapsed.TotalSeconds:F1} s");

        // Each claimer (the authors of the oldest submissions, which every claim would try first) claims, reviews,
        // claims again, and claims a third time, which must hand back the open lease of the second.
        var latencies = new ConcurrentBag<double>();

        var got = new ConcurrentBag<(int Claimer, int Author, string ReviewId)>();
        var run = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, Claimers), new ParallelOptions { MaxDegreeOfParallelism = InFlight }, async (claimer, _) =>
        {
            var learner = Author(claimer);
            var first = await TimedClaimAsync(steps, assignment.AssignmentId, learner, latencies);
            await steps.ReviewAsync(assignment.AssignmentId, learner, first.ReviewId!, AssessmentSteps.ReviewBody(1, 1, 1));
            var second = await TimedClaimAsync(steps, assignment.AssignmentId, learner, latencies);
            var again = (await steps.ClaimAsync(assignment.AssignmentId, learner)).Claim;
            Assert.Equal(second.ReviewId, again.ReviewId);
            got.Add((claimer, AuthorOf(first), first.ReviewId!));
            got.Add((claimer, AuthorOf(second), second.ReviewId!));
        });
        var sorted = latencies.Order().ToArray();
        output.WriteLine($"{sorted.Length} claims by {Claimers} claimers, {InFlight} in flight, in {run.Elapsed.TotalSeconds:F1} s (with {Claimers} reviews and {Claimers} repeated claims); "
            + $"claim latency p50 {sorted[sorted.Length / 2]:F0} ms, p99 {sorted[(int)(sorted.Length * 0.99)]:F0} ms, max {sorted[^1]:F0} ms");

        // What the claims answered.
        Assert.Equal(2 * Claimers, got.Count);
        Assert.DoesNotContain(got, g => g.Claimer == g.Author);
        Assert.Equal(got.Count, got.Select(g => (g.Claimer, g.Author)).Distinct().Count());
        Assert.Equal(got.Count, got.Select(g => g.ReviewId).Distinct().Count());

        // What storage holds: every lease, review and counter agrees.
        var leases = (await steps.AllAsync<ReviewLease>(assignment.AssignmentId, ReviewLease.DocumentKind)).Select(l => l.Value).ToList();
        var reviews = (await steps.AllAsync<Review>(assignment.AssignmentId, Review.DocumentKind)).Select(r => r.Value).ToList();
        var submissions = (await steps.AllAsync<Submission>(assignment.AssignmentId, Submission.DocumentKind)).ToDictionary(s => s.Value.Id, s => s.Value);
        Assert.Equal(2 * Claimers, leases.Count);
        Assert.Equal(Claimers, reviews.Count);
        Assert.DoesNotContain(leases, l => l.ReviewerId == l.AuthorId || l.Extra);
        Assert.Equal(leases.Count, leases.Select(l => (l.ReviewerId, l.SubmissionId)).Distinct().Count());
        foreach (var forOne in leases.GroupBy(l => l.SubmissionId))
        {
            var s = submissions[forOne.Key];
            Assert.True(forOne.Count() <= GradedBy, $"{forOne.Key} was leased {forOne.Count()} times");
            Assert.Equal(forOne.Count(l => l.Status == LeaseStatus.Active), s.ActiveLeases);
            Assert.Equal(forOne.Count(l => l.Status == LeaseStatus.Completed), s.CompletedReviews);
            Assert.Equal(reviews.Count(r => r.SubmissionId == forOne.Key), s.CompletedReviews);
            Assert.Equal(forOne.Select(l => l.ReviewerId).Order(), s.ReviewerIds.Order());
        }
        output.WriteLine($"{leases.GroupBy(l => l.SubmissionId).Count()} submissions leased, {leases.GroupBy(l => l.SubmissionId).Count(g => g.Count() == GradedBy)} of them fully");
    }

    private static int AuthorOf(ClaimView claim) => int.Parse(claim.Submission!.Text!.AsSpan("essay s".Length));

    private static async Task<ClaimView> TimedClaimAsync(AssessmentSteps steps, string assignmentId, string learner, ConcurrentBag<double> latencies)
    {
        var watch = Stopwatch.StartNew();
        var (claim, json) = await steps.ClaimAsync(assignmentId, learner);
        latencies.Add(watch.Elapsed.TotalMilliseconds);
        Assert.True(claim.Available, json);
        Assert.NotEqual(TextOf(int.Parse(learner.AsSpan(1))), claim.Submission!.Text);
        return claim;
    }

    /// <summary>Submissions straight through the document port, a second apart, oldest first; seats for the claimers.</summary>
    private async Task SeedAsync(AssignmentView assignment)
    {
        var start = DateTimeOffset.UtcNow.AddHours(-1).AddSeconds(-Submissions);
        await Parallel.ForEachAsync(Enumerable.Range(0, Submissions), new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (i, ct) =>
        {
            var at = start.AddSeconds(i);
            await app.Documents.CreateAsync(Containers.Assessment, assignment.AssignmentId, new Submission(Submission.IdFor(Author(i)), assignment.AssignmentId,
                assignment.CourseId, "crowd-org", Author(i), 1, 1, TextOf(i), [], at, false, 0, 0, 0, 0, [], SubmissionStatus.Waiting,
                null, null, null, null, 0, at), ct);
            if (i < Claimers)
                await app.Documents.CreateAsync(Containers.Enrollments, assignment.CourseId, new Enrollment(Author(i), assignment.CourseId, "crowd-org", "crowd-org",
                    EnrollmentStatus.Enrolled, EnrollmentSource.Self, null, null, at, at, at), ct);
        });
    }
}
