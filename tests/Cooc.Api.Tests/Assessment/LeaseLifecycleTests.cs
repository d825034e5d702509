using System.Net;
using Cooc.Assessment;
using Cooc.Functions.Assessment;
using Cooc.Ports;
using Microsoft.Extensions.DependencyInjection;

namespace Cooc.Api.Tests.Assessment;

/// <summary>Leases that last two seconds, swept every second, so one running out can be watched.</summary>
public sealed class ShortLeasesApp() : CoocApp(["--Cooc:Assessment:LeaseDuration", "00:00:02", "--Cooc:Assessment:LeaseSweepInterval", "00:00:01"]);

/// <summary>A lease ends by its review or its expiry (the place goes back to the pool); see also <see cref="ResubmissionLeaseTests"/>.</summary>
public sealed class LeaseLifecycleTests(ShortLeasesApp app) : IClassFixture<ShortLeasesApp>
{
    [Fact]
    public async Task An_expired_lease_gives_its_place_back_and_can_no_longer_be_submitted()
    {
        var steps = new AssessmentSteps(app, "expiry-org");
        var assignment = await steps.CreateAssignmentAsync(mustGrade: 1, gradedBy: 1);
        var id = assignment.AssignmentId;
        await steps.EnrollAndSubmitEssaysAsync(assignment, new[] { "ann", "bob", "cy" });
        var (held, _) = await steps.ClaimAsync(id, "bob");
        Assert.Equal("ann's essay", held.Submission!.Text);

        var deadline = DateTime.UtcNow.AddSeconds(30);
        Submission ann;
        do
        {
            await Task.Delay(200);
            ann = (await app.Documents.ReadAsync<Submission>(Containers.Assessment, id, Submission.IdFor("ann")))!.Value;
        } while (ann.ActiveLeases > 0 && DateTime.UtcNow < deadline);
        Assert.Equal(0, ann.ActiveLeases);
        Assert.Equal(["bob"], ann.ReviewerIds);
        var lease = Assert.Single(await steps.AllAsync<ReviewLease>(id, ReviewLease.DocumentKind)).Value;
        Assert.Equal(LeaseStatus.Expired, lease.Status);

        await (await app.SendAsync(HttpMethod.Post, $"/api/assignments/{id}/reviews/{held.ReviewId}", steps.Learner("bob"),
            AssessmentSteps.ReviewBody(1, 1, 1))).ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("cy's essay", (await steps.ClaimAsync(id, "bob")).Claim.Submission!.Text); // never ann's again
        Assert.Equal("ann's essay", (await steps.ClaimAsync(id, "cy")).Claim.Submission!.Text); // back in the pool
    }

    [Fact]
    public async Task Sweeps_end_every_expired_lease_of_the_assignment_once()
    {
        var steps = new AssessmentSteps(app, "sweep-org");
        var assignment = await steps.CreateAssignmentAsync(mustGrade: 2, gradedBy: 2);
        var id = assignment.AssignmentId;
        var learners = new[] { "ann", "bob", "cy", "dee", "eve" };
        await steps.EnrollAndSubmitEssaysAsync(assignment, learners);
        foreach (var learner in learners) await steps.ClaimAsync(id, learner); // five leases, their sweeps scheduled by the claims
        var readWhileActive = await steps.AllAsync<ReviewLease>(id, ReviewLease.DocumentKind);
        Assert.All(readWhileActive, l => Assert.Equal(LeaseStatus.Active, l.Value.Status));

        var deadline = DateTime.UtcNow.AddSeconds(30);
        List<ReviewLease> leases;
        do
        {
            await Task.Delay(200);
            leases = (await steps.AllAsync<ReviewLease>(id, ReviewLease.DocumentKind)).Select(l => l.Value).ToList();
        } while (leases.Any(l => l.Status == LeaseStatus.Active) && DateTime.UtcNow < deadline);
        Assert.Equal(5, leases.Count);
        Assert.All(leases, l => Assert.Equal(LeaseStatus.Expired, l.Status));
        var swept = await steps.AllAsync<Submission>(id, Submission.DocumentKind);
        Assert.All(swept, s => Assert.Equal(0, s.Value.ActiveLeases));

        // A sweep delivered again finds nothing to end. One that read the leases before they ended (another
        // instance's, racing this one) loses on their ETags and gives no place back twice: not even while each
        // submission has a place held by another lease (counted here in the store, so no sweep ends it meanwhile).
        foreach (var submission in swept)
            await app.Documents.IncrementAsync<Submission>(Containers.Assessment, id, submission.Value.Id, [new(SubmissionCounters.ActiveLeases, 1)]);
        var submissions = await steps.AllAsync<Submission>(id, Submission.DocumentKind);
        var sweep = app.Services.GetRequiredService<LeaseExpiry>();
        await sweep.SweepAsync(new SweepLeases(id, DateTimeOffset.UtcNow), CancellationToken.None);
        foreach (var stale in readWhileActive)
            await sweep.ExpireAsync(new ExpireLease(id, stale.Value.Id, stale.Value.ReviewId!), CancellationToken.None, stale);
        var after = await steps.AllAsync<Submission>(id, Submission.DocumentKind);
        Assert.Equal(submissions.Select(s => (s.Value.Id, 1, s.ETag)), after.Select(s => (s.Value.Id, s.Value.ActiveLeases, s.ETag)));
    }
}
