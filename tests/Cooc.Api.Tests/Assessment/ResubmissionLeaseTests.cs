using System.Net;
using Cooc.Assessment;
using Cooc.Ports;

namespace Cooc.Api.Tests.Assessment;

/// <summary>
/// The author's resubmission ends the leases of the replaced version. On the default (2 h) leases: with the 2 s leases
/// of <see cref="LeaseLifecycleTests"/> it failed once on a loaded machine, where the lease can expire before the
/// resubmission comes.
/// </summary>
public sealed class ResubmissionLeaseTests(CoocApp app) : IClassFixture<CoocApp>
{
    [Fact]
    public async Task A_resubmission_releases_the_leases_of_the_replaced_version()
    {
        var steps = new AssessmentSteps(app, "resubmit-org");
        var assignment = await steps.CreateAssignmentAsync(mustGrade: 1, gradedBy: 1);
        var id = assignment.AssignmentId;
        await steps.EnrollAndSubmitEssaysAsync(assignment, new[] { "ann", "bob" });
        var (held, _) = await steps.ClaimAsync(id, "bob");
        var replaced = await steps.SubmitAsync(id, "ann", "ann's better essay", HttpStatusCode.OK);
        Assert.Equal(2, replaced.Status.Revision);
        Assert.Equal(LeaseStatus.Released, Assert.Single(await steps.AllAsync<ReviewLease>(id, ReviewLease.DocumentKind)).Value.Status);
        var refused = await (await app.SendAsync(HttpMethod.Post, $"/api/assignments/{id}/reviews/{held.ReviewId}", steps.Learner("bob"),
            AssessmentSteps.ReviewBody(1, 1, 1))).ProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("replaced", refused.GetProperty("title").GetString());
        var (fresh, _) = await steps.ClaimAsync(id, "bob");
        Assert.Equal("ann's better essay", fresh.Submission!.Text); // a new version: bob may review it
    }
}
