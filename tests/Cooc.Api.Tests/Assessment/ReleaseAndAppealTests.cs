using System.Net;
using Cooc.Assessment;
using Cooc.Enrollments;
using Cooc.Functions.Assessment;
using Cooc.Identity;
using Cooc.Ports;

namespace Cooc.Api.Tests.Assessment;

/// <summary>Grades computed before the author's reviews, released after them (with the completion hook); extras on graded work; appeals resolved by staff.</summary>
public sealed class ReleaseAndAppealTests(CoocApp app) : IClassFixture<CoocApp>
{
    [Fact]
    public async Task A_grade_is_computed_without_the_authors_reviews_released_after_them_and_the_last_reviewer_pays_with_extras_on_graded_work()
    {
        var steps = new AssessmentSteps(app, "release-org");
        var assignment = await steps.CreateAssignmentAsync(mustGrade: 2, gradedBy: 1);
        var id = assignment.AssignmentId;
        await steps.RequireForCompletionAsync(assignment);
        await steps.EnrollAndSubmitEssaysAsync(assignment, new[] { "ann", "bob", "cy" });
        // bob reviews ann: ann's grade is computed although ann has reviewed nobody, and hidden from her.
        await ReviewNextAsync(steps, id, "bob", expectText: "ann's essay");
        var annGraded = await WaitForAsync(steps, id, "ann", s => s.Grade is not null);
        Assert.Null(annGraded.ReleasedAt);
        var (hidden, hiddenJson) = await steps.MineAsync(id, "ann");
        Assert.Equal((LearnerSubmissionState.WaitingForYourReviews, true, 2), (hidden.Status.State, hidden.Status.GradeHidden, hidden.Status.ReviewsOwed));
        Assert.Null(hidden.Status.Grade);
        Assert.Empty(hidden.Reviews);
        Assert.DoesNotContain("\"points\"", hiddenJson);

        // ann pays her debt: two reviews; then her grade is released and counts toward her course progress.
        await ReviewNextAsync(steps, id, "ann", expectText: "bob's essay");
        await ReviewNextAsync(steps, id, "ann", expectText: "cy's essay");
        var (released, _) = await steps.GradedAsync(id, "ann");
        Assert.Equal(5.0, released.Status.Grade!.Points); // options 2, 1, 1 → 2 + 2 + 1
        var annDoc = await WaitForAsync(steps, id, "ann", s => s.ReleasedAt is not null);
        Assert.Equal(annDoc.Grade, annDoc.ReleasedGrade);
        await WaitForProgressAsync(assignment.CourseId, "ann", id, 100.0 * 5 / 9);

        // cy owes two reviews, but every other submission is graded: extras go to graded work, so cy can pay.
        await WaitForAsync(steps, id, "bob", s => s.Grade is not null);
        await WaitForAsync(steps, id, "cy", s => s.Grade is not null);
        foreach (var _ in new[] { 1, 2 })
        {
            var (claim, _) = await steps.ClaimAsync(id, "cy");
            Assert.True(claim.Available && claim.Submission!.Extra, $"cy got no extra review: {claim.Detail}");
            await steps.ReviewAsync(id, "cy", claim.ReviewId!, AssessmentSteps.ReviewBody(0, 0, 0));
        }
        var (cy, _) = await steps.GradedAsync(id, "cy");
        Assert.Equal(0, cy.Status.ReviewsOwed);
        Assert.Equal(5.0, (await steps.GradedAsync(id, "ann")).View.Status.Grade!.Points); // extras never move a fixed grade
        Assert.False((await steps.ClaimAsync(id, "cy")).Claim.Available); // nothing left that cy has not reviewed
    }

    [Fact]
    public async Task Staff_resolve_an_appeal_once_upholding_or_changing_the_grade_with_an_audit_and_learners_cannot()
    {
        var steps = new AssessmentSteps(app, "resolve-org");
        var assignment = await steps.CreateAssignmentAsync(mustGrade: 1, gradedBy: 1);
        var id = assignment.AssignmentId;
        await steps.EnrollAndSubmitEssaysAsync(assignment, new[] { "ann", "bob" });
        await ReviewNextAsync(steps, id, "ann", "bob's essay");
        await ReviewNextAsync(steps, id, "bob", "ann's essay");
        await steps.GradedAsync(id, "ann");
        var resolvePath = $"/api/assignments/{id}/submissions/submission:ann/appeal/resolve";
        var uphold = new { response = "The grade stands." };
        await (await app.SendAsync(HttpMethod.Post, resolvePath, steps.Instructor, uphold)).ProblemAsync(HttpStatusCode.NotFound); // no appeal yet
        await (await app.SendAsync(HttpMethod.Post, $"/api/assignments/{id}/submissions/submission:ann/appeal", steps.Learner("ann"), new { reason = "Too low." })).ReadAsync<MySubmissionView>();

        await (await app.SendAsync(HttpMethod.Post, resolvePath, steps.Learner("ann"), uphold)).ProblemAsync(HttpStatusCode.Forbidden);
        await (await app.SendAsync(HttpMethod.Post, resolvePath, app.Token("olga", "other-org", Role.Instructor), uphold)).ProblemAsync(HttpStatusCode.NotFound);
        await (await app.SendAsync(HttpMethod.Post, resolvePath, app.Token("oscar", "other-org", Role.Learner), uphold)).ProblemAsync(HttpStatusCode.NotFound);
        await (await app.SendAsync(HttpMethod.Post, resolvePath, null, uphold)).ProblemAsync(HttpStatusCode.Unauthorized);
        var invalid = await (await app.SendAsync(HttpMethod.Post, resolvePath, steps.Instructor,
            new { response = "", newGrade = new { options = new { ideas = 9 } } })).ProblemAsync(HttpStatusCode.BadRequest);
        foreach (var field in new[] { "response", "newGrade.options.ideas", "newGrade.reason" })
            Assert.True(invalid.GetProperty("errors").TryGetProperty(field, out _), invalid.ToString());
        await (await app.SendAsync(HttpMethod.Post, $"/api/assignments/{id}/submissions/submission:nobody/appeal/resolve", steps.Instructor, uphold)).ProblemAsync(HttpStatusCode.NotFound);

        var changed = await (await app.SendAsync(HttpMethod.Post, resolvePath, steps.Instructor,
            new { response = "You were right.", newGrade = new { options = new { ideas = 3, style = 2, grammar = 1 }, reason = "Second look." } })).ReadAsync<StaffGradeView>();
        Assert.Equal((GradeSource.Staff, 9.0, AppealStatus.Resolved, true), (changed.Grade!.Source, changed.Grade.Points, changed.Appeal!.Status, changed.Appeal.GradeChanged));
        Assert.Equal((StaffAction.AppealResolved, "instructor-resolve-org", "You were right.", 5.0, 9.0),
            (changed.Audit.Action, changed.Audit.StaffId, changed.Audit.Reason, changed.Audit.Before!.Points, changed.Audit.After!.Points));
        Assert.NotNull(await app.Documents.ReadAsync<StaffAuditEntry>(Containers.Assessment, id, changed.Audit.Id));
        await (await app.SendAsync(HttpMethod.Post, resolvePath, steps.Instructor, uphold)).ProblemAsync(HttpStatusCode.Conflict); // once
        var (ann, _) = await steps.MineAsync(id, "ann");
        Assert.Equal((LearnerSubmissionState.Graded, 9.0, "You were right."), (ann.Status.State, ann.Status.Grade!.Points, ann.Status.Appeal!.Response));
    }

    private async Task ReviewNextAsync(AssessmentSteps steps, string id, string learner, string expectText)
    {
        var (claim, json) = await steps.ClaimAsync(id, learner);
        Assert.True(claim.Available, json);
        Assert.Equal(expectText, claim.Submission!.Text);
        await steps.ReviewAsync(id, learner, claim.ReviewId!, AssessmentSteps.ReviewBody(2, 1, 1));
    }

    private async Task<Submission> WaitForAsync(AssessmentSteps steps, string id, string author, Func<Submission, bool> done)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(60); ; await Task.Delay(100))
        {
            var stored = (await app.Documents.ReadAsync<Submission>(Containers.Assessment, id, Submission.IdFor(author)))!.Value;
            if (done(stored)) return stored;
            Assert.True(DateTime.UtcNow < deadline, $"{author}'s submission did not get there: {stored.Status}");
        }
    }

    /// <summary>The enrollment's stored progress (written by the completion hook, not by a progress read) shows the released grade.</summary>
    private async Task WaitForProgressAsync(string courseId, string learner, string assignmentId, double percent)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(60); ; await Task.Delay(100))
        {
            var enrollment = (await app.Documents.ReadAsync<Enrollment>(Containers.Enrollments, courseId, learner))!.Value;
            var item = enrollment.Progress?.Items.SingleOrDefault(i => i.ItemId == assignmentId);
            if (item?.Percent is { } p && Math.Abs(p - percent) < 0.01) return;
            Assert.True(DateTime.UtcNow < deadline, $"progress of {learner}: {item}");
        }
    }
}
