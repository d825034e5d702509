using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Cooc.Assessment;
using Cooc.Functions.Assessment;
using Cooc.Functions.Messaging;
using Cooc.Ports;
using Microsoft.Extensions.DependencyInjection;

namespace Cooc.Api.Tests.Assessment;

/// <summary>A cohort of 30 learners through HTTP, from an empty course to everyone's grade.</summary>
public sealed class CohortTests(CoocApp app) : IClassFixture<CoocApp>
{
    private const int Cohort = 30;
    private const int MustGrade = 3;
    private const int GradedBy = 3;

    private static string LearnerId(int i) => $"learner-{i:00}";
    private static string TextOf(int author) => $"Essay #{author:00}: what I learned this week.";
    private static int AuthorOf(string text) => int.Parse(text.AsSpan(7, 2));

    /// <summary>Reviewer r scores author a: ideas spread by reviewer (so the median matters), style agreed by all, grammar by parity.</summary>
    private static (int Ideas, int Style, int Grammar) Scores(int reviewer, int author) => ((author + reviewer) % 4, author % 3, reviewer % 2);

    [Fact]
    public async Task Thirty_learners_submit_review_each_other_and_all_get_median_grades_without_ever_seeing_who()
    {
        var steps = new AssessmentSteps(app, "cohort-org");
        var assignment = await steps.CreateAssignmentAsync(MustGrade, GradedBy);
        var id = assignment.AssignmentId;
        var learners = Enumerable.Range(1, Cohort).ToArray();
        await Parallel.ForEachAsync(learners, async (i, _) =>
        {
            await steps.EnrollAsync(assignment.CourseId, LearnerId(i));
            var mine = await steps.SubmitAsync(id, LearnerId(i), TextOf(i));
            Assert.Equal(LearnerSubmissionState.WaitingForYourReviews, mine.Status.State);
        });

        // Rounds: everyone claims at once, then everyone reviews at once, mustGrade times.
        var reviewed = new ConcurrentBag<(int Reviewer, int Author, string ReviewId)>();
        for (var round = 0; round < MustGrade; round++)
        {
            var claims = await Task.WhenAll(learners.Select(async i => (Reviewer: i, Claim: await steps.ClaimAsync(id, LearnerId(i)))));
            await Task.WhenAll(claims.Select(async c =>
            {
                Assert.True(c.Claim.Claim.Available, c.Claim.Json);
                Assert.DoesNotContain("learner-", c.Claim.Json); // no author id, no reviewer id
                var author = AuthorOf(c.Claim.Claim.Submission!.Text!);
                var (ideas, style, grammar) = Scores(c.Reviewer, author);
                await steps.ReviewAsync(id, LearnerId(c.Reviewer), c.Claim.Claim.ReviewId!, AssessmentSteps.ReviewBody(ideas, style, grammar, $"from {c.Reviewer}"));
                reviewed.Add((c.Reviewer, author, c.Claim.Claim.ReviewId!));
            }));
        }
        // Whoever got an extra review in the last round left a submission short: a few volunteers review on.
        for (var volunteer = 1; (await ShortAsync(steps, id)).Count > 0; volunteer = volunteer % Cohort + 1)
        {
            var (claim, _) = await steps.ClaimAsync(id, LearnerId(volunteer));
            if (!claim.Available) continue;
            var author = AuthorOf(claim.Submission!.Text!);
            var (ideas, style, grammar) = Scores(volunteer, author);
            await steps.ReviewAsync(id, LearnerId(volunteer), claim.ReviewId!, AssessmentSteps.ReviewBody(ideas, style, grammar));
            reviewed.Add((volunteer, author, claim.ReviewId!));
        }

        Assert.DoesNotContain(reviewed, r => r.Reviewer == r.Author);
        Assert.Equal(reviewed.Count, reviewed.Select(r => (r.Reviewer, r.Author)).Distinct().Count());
        Assert.All(learners, i => Assert.True(reviewed.Count(r => r.Reviewer == i) >= MustGrade));

        foreach (var i in learners)
        {
            var (mine, json) = await steps.GradedAsync(id, LearnerId(i));
            foreach (var other in learners.Where(o => o != i)) Assert.DoesNotContain(LearnerId(other), json);
            var grade = mine.Status.Grade!;
            var counted = mine.Reviews.Where(r => r.Counted).ToList();
            Assert.True(counted.Count >= GradedBy);
            Assert.Equal(counted.Select(r => r.ReviewId).Order(), grade.CountedReviewIds.Order());
            Assert.Equal("median", grade.Estimator);
            // Known answers: everyone agreed on style; ideas and grammar are the ORA2 median of what the counted reviews chose.
            var byCriterion = grade.Criteria.ToDictionary(c => c.CriterionId, c => c.Points);
            Assert.Equal(AssessmentSteps.Points["style"][i % 3], byCriterion["style"]);
            foreach (var criterion in new[] { "ideas", "grammar" })
                Assert.Equal(AssessmentSteps.Median(counted.Select(r => AssessmentSteps.Points[criterion][r.Options[criterion]])), byCriterion[criterion]);
            Assert.Equal(byCriterion.Values.Sum(), grade.Points);
            Assert.Equal(9, grade.MaxPoints);
        }

        // Learner 1's reviewers are known to the test: check one grade against the hand-computed median.
        var first = reviewed.Where(r => r.Author == 1).Select(r => r.Reviewer).ToList();
        var (one, _) = await steps.MineAsync(id, LearnerId(1));
        if (first.Count == 3)
            Assert.Equal(AssessmentSteps.Median(first.Select(r => AssessmentSteps.Points["ideas"][Scores(r, 1).Ideas])),
                one.Status.Grade!.Criteria.Single(c => c.CriterionId == "ideas").Points);

        var report = await (await app.SendAsync(HttpMethod.Get, $"/api/assignments/{id}/waiting", steps.Instructor)).ReadAsync<WaitingReportView>();
        Assert.Equal(Cohort, report.Rows.Count);
        Assert.All(report.Rows, r => Assert.Equal(WaitingFor.Nothing, r.WaitingFor));

        await A_redelivered_grading_message_changes_nothing(steps, id, reviewed.First().ReviewId);
    }

    private async Task A_redelivered_grading_message_changes_nothing(AssessmentSteps steps, string assignmentId, string reviewId)
    {
        var handler = app.Services.GetRequiredService<MessageHandlers>();
        var body = JsonSerializer.Serialize(new GradeAfterReview(assignmentId, reviewId), DocumentJson.Options);
        var message = new ReceivedMessage(Queues.Grading, reviewId, body, ReviewCompletions.Subject, 2, "lock", DateTimeOffset.UtcNow.AddMinutes(1), DateTimeOffset.UtcNow, 1);
        var before = await SnapshotAsync(steps, assignmentId);
        await handler.HandleAsync(message, default);
        await handler.HandleAsync(message with { DeliveryCount = 3 }, default);
        Assert.Equal(before, await SnapshotAsync(steps, assignmentId));
    }

    private static async Task<string> SnapshotAsync(AssessmentSteps steps, string assignmentId)
    {
        var submissions = await steps.AllAsync<Submission>(assignmentId, Submission.DocumentKind);
        var reviewers = await steps.AllAsync<ReviewerRecord>(assignmentId, ReviewerRecord.DocumentKind);
        return string.Join(",", submissions.Select(s => $"{s.Value.Id}:{s.ETag}").Concat(reviewers.Select(r => $"{r.Value.Id}:{r.ETag}")).Order());
    }

    private static async Task<List<Submission>> ShortAsync(AssessmentSteps steps, string assignmentId) =>
        (await steps.AllAsync<Submission>(assignmentId, Submission.DocumentKind)).Select(s => s.Value)
            .Where(s => s.Grade is null && s.CompletedReviews < GradedBy).ToList();
}
