using System.Net;
using Cooc.Assessment;
using Cooc.Functions.Assessment;
using Cooc.Identity;
using Cooc.Ports;

namespace Cooc.Api.Tests.Assessment;

/// <summary>Editing assignments, flags, the staff queue and self-assessment, through HTTP, with who may do what.</summary>
public sealed class StaffToolsTests(CoocApp app) : IClassFixture<CoocApp>
{
    [Fact]
    public async Task Staff_edit_assignments_and_a_changed_rubric_becomes_a_new_version_for_new_submissions_only()
    {
        var steps = new AssessmentSteps(app, "edit-org");
        var assignment = await steps.CreateAssignmentAsync(mustGrade: 1, gradedBy: 1);
        var path = $"/api/assignments/{assignment.AssignmentId}";
        await steps.EnrollAsync(assignment.CourseId, "ann");
        await steps.EnrollAsync(assignment.CourseId, "bob");
        await steps.SubmitAsync(assignment.AssignmentId, "ann", "Ann's essay");

        var retitled = await (await app.SendAsync(HttpMethod.Patch, path, steps.Instructor, new { title = AssessmentSteps.En("Essay, revised") })).ReadAsync<AssignmentView>();
        Assert.Equal(("Essay, revised", "Write an essay.", 1, assignment.Settings), (retitled.Title["en"], retitled.Prompt["en"], retitled.Rubrics.Count, retitled.Settings));
        var twoCriteria = new { criteria = new[] { new { criterionId = "ideas", name = AssessmentSteps.En("Ideas"), options = new[] { new { label = AssessmentSteps.En("ok"), points = 4 } } } } };
        var revised = await (await app.SendAsync(HttpMethod.Patch, path, steps.Instructor, new { rubric = twoCriteria })).ReadAsync<AssignmentView>();
        Assert.Equal([1, 2], revised.Rubrics.Select(r => r.Version));
        Assert.Equal(1, (await app.Documents.ReadAsync<Submission>(Containers.Assessment, assignment.AssignmentId, "submission:ann"))!.Value.RubricVersion);
        await steps.SubmitAsync(assignment.AssignmentId, "bob", "Bob's essay");
        Assert.Equal(2, (await app.Documents.ReadAsync<Submission>(Containers.Assessment, assignment.AssignmentId, "submission:bob"))!.Value.RubricVersion);

        var put = new { moduleId = assignment.ModuleId, title = AssessmentSteps.En("Essay 2"), prompt = AssessmentSteps.En("Write."), settings = AssessmentSteps.Settings(2, 1) };
        var replaced = await (await app.SendAsync(HttpMethod.Put, path, steps.Instructor, put)).ReadAsync<AssignmentView>();
        Assert.Equal((2, 2), (replaced.Settings.MustGrade, replaced.Rubrics.Count)); // no rubric given: kept
        var bad = await (await app.SendAsync(HttpMethod.Patch, path, steps.Instructor, new { settings = new { text = new { maxLength = 0 } } })).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(bad.GetProperty("errors").TryGetProperty("settings.text.maxLength", out _), bad.ToString());
        var stale = app.Request(HttpMethod.Patch, path, steps.Instructor, new { title = AssessmentSteps.En("x") });
        stale.Headers.TryAddWithoutValidation("If-Match", "\"not-the-etag\"");
        await (await app.Client.SendAsync(stale)).ProblemAsync(HttpStatusCode.PreconditionFailed);
        await (await app.SendAsync(HttpMethod.Patch, path, steps.Learner("ann"), new { title = AssessmentSteps.En("mine") })).ProblemAsync(HttpStatusCode.Forbidden);
        await (await app.SendAsync(HttpMethod.Put, path, app.Token("olga", "other-org", Role.Instructor), put)).ProblemAsync(HttpStatusCode.NotFound);
        await (await app.SendAsync(HttpMethod.Patch, path, null, new { })).ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Reviewers_flag_submissions_authors_flag_reviews_and_staff_list_and_resolve_them()
    {
        var steps = new AssessmentSteps(app, "flag-org");
        var assignment = await steps.CreateAssignmentAsync(mustGrade: 1, gradedBy: 1);
        var id = assignment.AssignmentId;
        await steps.EnrollAndSubmitEssaysAsync(assignment, new[] { "ann", "bob", "cy" });
        var (claim, _) = await steps.ClaimAsync(id, "bob"); // ann's essay
        var flags = $"/api/assignments/{id}/flags";
        var receipt = await (await app.SendAsync(HttpMethod.Post, flags, steps.Learner("bob"), new { target = "submission", reviewId = claim.ReviewId, reason = "Insulting." }))
            .ReadAsync<FlagReceipt>(HttpStatusCode.Created);
        Assert.Equal((FlagTarget.Submission, FlagStatus.Open), (receipt.Target, receipt.Status));
        await (await app.SendAsync(HttpMethod.Post, flags, steps.Learner("bob"), new { target = "submission", reviewId = claim.ReviewId, reason = "Again." })).ProblemAsync(HttpStatusCode.Conflict);
        await (await app.SendAsync(HttpMethod.Post, flags, steps.Learner("cy"), new { target = "submission", reviewId = claim.ReviewId, reason = "Not mine to flag." })).ProblemAsync(HttpStatusCode.NotFound);
        await (await app.SendAsync(HttpMethod.Post, flags, steps.Learner("cy"), new { target = "submission", reviewId = claim.ReviewId, reason = "" })).ProblemAsync(HttpStatusCode.NotFound);
        await (await app.SendAsync(HttpMethod.Post, flags, steps.Learner("bob"), new { target = "review", reviewId = claim.ReviewId, reason = "x" })).ProblemAsync(HttpStatusCode.NotFound); // a claim's id is no review
        await (await app.SendAsync(HttpMethod.Post, flags, steps.Learner("bob"), new { reviewId = claim.ReviewId, reason = "x" })).ProblemAsync(HttpStatusCode.BadRequest);
        await (await app.SendAsync(HttpMethod.Post, flags, app.Token("oscar", "other-org", Role.Learner), new { target = "submission", reviewId = claim.ReviewId, reason = "x" })).ProblemAsync(HttpStatusCode.NotFound);

        var queue = await (await app.SendAsync(HttpMethod.Get, $"/api/assignments/{id}/staff-queue", steps.Instructor)).ReadAsync<StaffQueueView>();
        var flagged = Assert.Single(queue.Items);
        Assert.Equal(("submission:ann", StaffAttention.Flagged, 1), (flagged.SubmissionId, flagged.Attention, flagged.OpenFlags));
        // A crash between a flag's write and its count leaves the count wrong: the next attempt counts the open flags again.
        var counted = (await app.Documents.ReadAsync<Submission>(Containers.Assessment, id, "submission:ann"))!;
        await app.Documents.ReplaceAsync(Containers.Assessment, id, counted.Value with { FlagCount = 0 }, counted.ETag);
        await (await app.SendAsync(HttpMethod.Post, flags, steps.Learner("bob"), new { target = "submission", reviewId = claim.ReviewId, reason = "Again." })).ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(1, (await app.Documents.ReadAsync<Submission>(Containers.Assessment, id, "submission:ann"))!.Value.FlagCount);

        // ann flags the review bob writes of her essay, once she may see it.
        await steps.ReviewAsync(id, "bob", claim.ReviewId!, AssessmentSteps.ReviewBody(0, 0, 0, "You should quit."));
        foreach (var learner in new[] { "ann", "cy" })
        {
            var (next, _) = await steps.ClaimAsync(id, learner);
            await steps.ReviewAsync(id, learner, next.ReviewId!, AssessmentSteps.ReviewBody(1, 1, 1));
        }
        var (mine, _) = await steps.GradedAsync(id, "ann");
        var review = mine.Reviews.Single(r => r.Feedback.GetValueOrDefault("ideas") == "You should quit.");
        await (await app.SendAsync(HttpMethod.Post, flags, steps.Learner("cy"), new { target = "review", reviewId = review.ReviewId, reason = "x" })).ProblemAsync(HttpStatusCode.NotFound);
        await (await app.SendAsync(HttpMethod.Post, flags, steps.Learner("ann"), new { target = "review", reviewId = review.ReviewId, reason = "Hurtful feedback." })).ReadAsync<FlagReceipt>(HttpStatusCode.Created);

        await (await app.SendAsync(HttpMethod.Get, flags, steps.Learner("ann"))).ProblemAsync(HttpStatusCode.Forbidden);
        await (await app.SendAsync(HttpMethod.Get, flags, app.Token("olga", "other-org", Role.Instructor))).ProblemAsync(HttpStatusCode.NotFound);
        var open = await (await app.SendAsync(HttpMethod.Get, $"{flags}?status=open", steps.Instructor)).ReadAsync<FlagList>();
        Assert.Equal([FlagTarget.Review, FlagTarget.Submission], open.Items.Select(f => f.Target));
        await (await app.SendAsync(HttpMethod.Get, $"{flags}?status=maybe", steps.Instructor)).ProblemAsync(HttpStatusCode.BadRequest);
        var submissionFlag = open.Items.Single(f => f.Target == FlagTarget.Submission);
        var resolvePath = $"{flags}/{submissionFlag.Id}/resolve";
        await (await app.SendAsync(HttpMethod.Post, resolvePath, steps.Learner("bob"), new { upheld = true })).ProblemAsync(HttpStatusCode.Forbidden);
        await (await app.SendAsync(HttpMethod.Post, $"{flags}/flag:nope/resolve", steps.Instructor, new { upheld = true })).ProblemAsync(HttpStatusCode.NotFound);
        var resolved = await (await app.SendAsync(HttpMethod.Post, resolvePath, steps.Instructor, new { upheld = true, note = "Warned the author." })).ReadAsync<Flag>();
        Assert.Equal((FlagStatus.Upheld, "instructor-flag-org", "Warned the author."), (resolved.Status, resolved.ResolvedBy, resolved.Resolution));
        await (await app.SendAsync(HttpMethod.Post, resolvePath, steps.Instructor, new { upheld = false })).ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(0, (await app.Documents.ReadAsync<Submission>(Containers.Assessment, id, "submission:ann"))!.Value.FlagCount);
        Assert.Single((await (await app.SendAsync(HttpMethod.Get, $"{flags}?status=open", steps.Instructor)).ReadAsync<FlagList>()).Items);
    }

    [Fact]
    public async Task Submissions_short_when_reviews_are_due_wait_for_staff_and_a_self_assessment_releases_the_grade()
    {
        var steps = new AssessmentSteps(app, "queue-org");
        var assignment = await steps.CreateAssignmentAsync(mustGrade: 1, gradedBy: 1);
        var id = assignment.AssignmentId;
        var path = $"/api/assignments/{id}";
        var self = new { options = new Dictionary<string, int> { ["ideas"] = 3, ["style"] = 2, ["grammar"] = 1 } };
        await steps.EnrollAsync(assignment.CourseId, "ann");
        await steps.EnrollAsync(assignment.CourseId, "bob");
        await steps.SubmitAsync(id, "ann", "Ann's essay");
        await (await app.SendAsync(HttpMethod.Post, $"{path}/submissions/me/self-assessment", steps.Learner("ann"), self)).ProblemAsync(HttpStatusCode.Conflict); // not asked for
        await (await app.SendAsync(HttpMethod.Patch, path, steps.Instructor, new { settings = SelfAssessing() })).ReadAsync<AssignmentView>();
        await (await app.SendAsync(HttpMethod.Post, $"{path}/submissions/me/self-assessment", steps.Learner("bob"), self)).ProblemAsync(HttpStatusCode.NotFound); // nothing submitted
        await steps.SubmitAsync(id, "bob", "Bob's essay");
        foreach (var learner in new[] { "ann", "bob" })
        {
            var (claim, _) = await steps.ClaimAsync(id, learner);
            await steps.ReviewAsync(id, learner, claim.ReviewId!, AssessmentSteps.ReviewBody(1, 1, 1));
        }
        // Graded and reviews done, but ann owes her self-assessment: the grade waits for it.
        for (var deadline = DateTime.UtcNow.AddSeconds(60); (await app.Documents.ReadAsync<Submission>(Containers.Assessment, id, "submission:ann"))!.Value.Grade is null; await Task.Delay(100))
            Assert.True(DateTime.UtcNow < deadline);
        var (owing, _) = await steps.MineAsync(id, "ann");
        Assert.Equal((LearnerSubmissionState.WaitingForYourReviews, true, true), (owing.Status.State, owing.Status.SelfAssessmentOwed, owing.Status.GradeHidden));
        var invalid = await (await app.SendAsync(HttpMethod.Post, $"{path}/submissions/me/self-assessment", steps.Learner("ann"), new { options = new { ideas = 7 } })).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(invalid.GetProperty("errors").TryGetProperty("options.style", out _), invalid.ToString());
        var assessed = await (await app.SendAsync(HttpMethod.Post, $"{path}/submissions/me/self-assessment", steps.Learner("ann"), self)).ReadAsync<MySubmissionView>();
        Assert.Equal((LearnerSubmissionState.Graded, false), (assessed.Status.State, assessed.Status.SelfAssessmentOwed));
        await (await app.SendAsync(HttpMethod.Post, $"{path}/submissions/me/self-assessment", steps.Learner("ann"), self)).ProblemAsync(HttpStatusCode.Conflict);
        await (await app.SendAsync(HttpMethod.Post, $"{path}/submissions/me/self-assessment", steps.Instructor, self)).ProblemAsync(HttpStatusCode.Forbidden);

        // cy submits late; reviews then fall due with cy's essay unreviewed: staff's queue has it, and staff grade it.
        await steps.EnrollAsync(assignment.CourseId, "cy");
        await steps.SubmitAsync(id, "cy", "Cy's essay");
        var empty = await (await app.SendAsync(HttpMethod.Get, $"{path}/staff-queue", steps.Instructor)).ReadAsync<StaffQueueView>();
        Assert.Empty(empty.Items);
        var now = DateTimeOffset.UtcNow;
        await (await app.SendAsync(HttpMethod.Patch, path, steps.Instructor, new { settings = SelfAssessing(now.AddDays(-3), now.AddDays(-2), now.AddMinutes(-1)) })).ReadAsync<AssignmentView>();
        var queue = await (await app.SendAsync(HttpMethod.Get, $"{path}/staff-queue", steps.Instructor)).ReadAsync<StaffQueueView>();
        var item = Assert.Single(queue.Items);
        Assert.Equal(("submission:cy", "cy", StaffAttention.ShortOfReviews, 0, 1), (item.SubmissionId, item.AuthorId, item.Attention, item.ReviewsReceived, item.ReviewsRequired));
        await (await app.SendAsync(HttpMethod.Get, $"{path}/staff-queue", steps.Learner("ann"))).ProblemAsync(HttpStatusCode.Forbidden);
        await (await app.SendAsync(HttpMethod.Get, $"{path}/staff-queue", app.Token("olga", "other-org", Role.Instructor))).ProblemAsync(HttpStatusCode.NotFound);
        var graded = await (await app.SendAsync(HttpMethod.Post, $"{path}/submissions/submission:cy/staff-grade", steps.Instructor,
            new { options = new { ideas = 1, style = 1, grammar = 1 }, reason = "No peer reviewed it in time." })).ReadAsync<StaffGradeView>();
        Assert.NotNull(graded.ReleasedAt); // a staff grade is released at once, though cy reviewed nobody
        Assert.Empty((await (await app.SendAsync(HttpMethod.Get, $"{path}/staff-queue", steps.Instructor)).ReadAsync<StaffQueueView>()).Items);
        var (cy, _) = await steps.MineAsync(id, "cy");
        Assert.Equal((LearnerSubmissionState.Graded, 4.0), (cy.Status.State, cy.Status.Grade!.Points));
    }

    private static object SelfAssessing(DateTimeOffset? opens = null, DateTimeOffset? due = null, DateTimeOffset? reviewsDue = null) => new
    {
        text = new { maxLength = 5000 }, opensAt = opens ?? DateTimeOffset.UtcNow.AddHours(-1), dueAt = due ?? DateTimeOffset.UtcNow.AddDays(7),
        reviewsDueAt = reviewsDue ?? DateTimeOffset.UtcNow.AddDays(14), mustGrade = 1, gradedBy = 1, selfAssessment = true,
        late = new { kind = "acceptWithPenalty", penaltyPercent = 10 },
    };
}
