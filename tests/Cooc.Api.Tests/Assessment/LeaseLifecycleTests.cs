using System.Net;
using Cooc.Assessment;
using Cooc.Ports;

namespace Cooc.Api.Tests.Assessment;

/// <summary>Leases that last two seconds, so one running out can be watched.</summary>
public sealed class ShortLeasesApp() : CoocApp(["--Cooc:Assessment:LeaseDuration", "00:00:02"]);

/// <summary>A lease ends by its review or its expiry (the place goes back to the pool); see also <see cref="ResubmissionLeaseTests"/>.</summary>
public sealed class LeaseLifecycleTests(ShortLeasesApp app) : IClassFixture<ShortLeasesApp>
{
    [Fact]
    public async Task An_expired_lease_gives_its_place_back_and_can_no_longer_be_submitted()
    {
        var steps = new AssessmentSteps(app, "expiry-org");
        var assignment = await steps.CreateAssignmentAsync(mustGrade: 1, gradedBy: 1);
        var id = assignment.AssignmentId;
        foreach (var learner in new[] { "ann", "bob", "cy" })
        {
            await steps.EnrollAsync(assignment.CourseId, learner);
            await steps.SubmitAsync(id, learner, $"{learner}'s essay");
        }
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
}
