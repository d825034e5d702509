using Cooc.Assessment;

namespace Cooc.Api.Tests.Assessment;

/// <summary>
/// One learner's claims sent at once (a double click, a retrying client) are answered with one lease: they never hold
/// two places, and never appear twice among a submission's reviewers.
/// </summary>
public sealed class OneLearnersConcurrentClaimsTests(CoocApp app) : IClassFixture<CoocApp>
{
    [Fact]
    public async Task Claims_sent_at_once_by_one_learner_get_the_same_lease_and_hold_one_place()
    {
        var steps = new AssessmentSteps(app, "double-click-org");
        var assignment = await steps.CreateAssignmentAsync(mustGrade: 2, gradedBy: 2);
        var id = assignment.AssignmentId;
        var learners = Enumerable.Range(0, 12).Select(i => $"learner-{i:D2}").ToArray();
        await steps.EnrollAndSubmitEssaysAsync(assignment, learners);

        for (var round = 0; round < 5; round++)
        {
            var me = learners[round];
            var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => steps.ClaimAsync(id, me)));

            Assert.Single(claims.Select(c => c.Claim.ReviewId).Distinct());
            var mine = (await steps.AllAsync<ReviewLease>(id, ReviewLease.DocumentKind)).Where(l => l.Value.ReviewerId == me).ToList();
            Assert.Equal(1, mine.Count(l => l.Value.Status == LeaseStatus.Active));
        }
        var submissions = await steps.AllAsync<Submission>(id, Submission.DocumentKind);
        Assert.Equal(5, submissions.Sum(s => s.Value.ActiveLeases));
        Assert.All(submissions, s => Assert.Equal(s.Value.ReviewerIds.Distinct(), s.Value.ReviewerIds));
    }
}
