using System.Net;
using Cooc.Api.Tests.Assessment;
using Cooc.Completion;
using Cooc.Enrollments;
using Cooc.Functions.Completion;
using Cooc.Identity;
using Cooc.Ports;

namespace Cooc.Api.Tests.Completion;

/// <summary>Completion rules set by staff, and a learner's progress against them through peer grading (lectures are covered with video in CourseCompletionWithVideoTests).</summary>
public sealed class CourseCompletionTests(CoocApp app) : IClassFixture<CoocApp>
{
    private const string Org = "completion-org";
    private readonly AssessmentSteps steps = new(app, Org);

    private Task<HttpResponseMessage> PutRulesAsync(string courseId, string token, object rules) =>
        app.SendAsync(HttpMethod.Put, $"/api/courses/{courseId}/completion", token, rules);

    [Fact]
    public async Task Only_course_staff_set_rules_and_bad_rules_are_refused_by_field()
    {
        var assignment = await steps.CreateAssignmentAsync(1, 1);
        var other = await steps.CreateAssignmentAsync(1, 1);
        var courseId = assignment.CourseId;
        await steps.EnrollAsync(courseId, "lou");

        await (await PutRulesAsync(courseId, steps.Learner("lou"), new { passingPercent = 50 })).ProblemAsync(HttpStatusCode.Forbidden);
        await (await PutRulesAsync(courseId, app.Token("ines", "elsewhere", Role.Instructor), new { passingPercent = 50 })).ProblemAsync(HttpStatusCode.NotFound);
        var foreign = await (await PutRulesAsync(courseId, steps.Instructor,
            new { requiredAssignments = new[] { new { assignmentId = other.AssignmentId, minimumPercent = 50 } } })).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(foreign.GetProperty("errors").TryGetProperty("requiredAssignments[0].assignmentId", out _), foreign.ToString());
        var percent = await (await PutRulesAsync(courseId, steps.Instructor, new { passingPercent = 140 })).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(percent.GetProperty("errors").TryGetProperty("passingPercent", out _), percent.ToString());

        var saved = await (await PutRulesAsync(courseId, steps.Instructor,
            new { requiredAssignments = new[] { new { assignmentId = assignment.AssignmentId, minimumPercent = 50, weight = 2 } }, passingPercent = 70 }))
            .ReadAsync<CompletionRules>();
        Assert.Equal((1, 70.0), (saved.Version, saved.PassingPercent));
        var read = await (await app.SendAsync(HttpMethod.Get, $"/api/courses/{courseId}/completion", steps.Learner("lou"))).ReadAsync<CompletionRules>();
        Assert.Equal(new RequiredAssignment(assignment.AssignmentId, 50, 2), read.RequiredAssignments.Single());
    }

    [Fact]
    public async Task A_learner_passes_once_their_grade_is_released_and_staff_see_the_same_progress()
    {
        var assignment = await steps.CreateAssignmentAsync(1, 1);
        var (id, courseId) = (assignment.AssignmentId, assignment.CourseId);
        await (await PutRulesAsync(courseId, steps.Instructor,
            new { requiredAssignments = new[] { new { assignmentId = id, minimumPercent = 50 } }, passingPercent = 60 })).ReadAsync<CompletionRules>();
        foreach (var learner in new[] { "ada", "bo" }) await steps.EnrollAsync(courseId, learner);

        var before = await ProgressAsync(courseId, "ada");
        Assert.Equal((CompletionState.InProgress, ItemState.NotStarted), (before.State, before.Items.Single().State));
        await steps.SubmitAsync(id, "ada", "Ada's essay");
        await steps.SubmitAsync(id, "bo", "Bo's essay");
        Assert.Equal(ItemState.AwaitingGrade, (await ProgressAsync(courseId, "ada")).Items.Single().State);

        // Each reviews the other (option indexes): Ada gets full marks (9 of 9 points), Bo a third (3 of 9).
        var byBo = await steps.ClaimAsync(id, "bo");
        await steps.ReviewAsync(id, "bo", byBo.Claim.ReviewId!, AssessmentSteps.ReviewBody(3, 2, 1));
        var byAda = await steps.ClaimAsync(id, "ada");
        await steps.ReviewAsync(id, "ada", byAda.Claim.ReviewId!, AssessmentSteps.ReviewBody(1, 1, 0));
        await steps.GradedAsync(id, "ada");
        await steps.GradedAsync(id, "bo");

        var ada = await WaitForAsync(courseId, "ada", p => p.State == CompletionState.Passed);
        Assert.Equal((100.0, ItemState.Passed), (ada.Percent, ada.Items.Single().State));
        Assert.Equal($"/api/courses/{courseId}/certificate/me", ada.Certificate);
        var bo = await WaitForAsync(courseId, "bo", p => p.State == CompletionState.Failed);
        Assert.Equal((33.33, ItemState.Failed), (bo.Percent, bo.Items.Single().State));
        Assert.Null(bo.Certificate);

        // Stored on the enrollment, as staff see it; another learner or organization sees nothing.
        var stored = await app.Documents.ReadAsync<Enrollment>(Containers.Enrollments, courseId, "ada");
        Assert.Equal(CompletionState.Passed, stored!.Value.Progress!.State);
        var seenByStaff = await (await app.SendAsync(HttpMethod.Get, $"/api/courses/{courseId}/learners/ada/progress", steps.Instructor)).ReadAsync<CourseProgressView>();
        Assert.Equal((CompletionState.Passed, 100.0), (seenByStaff.State, seenByStaff.Percent));
        await (await app.SendAsync(HttpMethod.Get, $"/api/courses/{courseId}/learners/ada/progress", steps.Learner("bo"))).ProblemAsync(HttpStatusCode.Forbidden);
        await (await app.SendAsync(HttpMethod.Get, $"/api/courses/{courseId}/progress/me", app.Token("ada", "other-org", Role.Learner))).ProblemAsync(HttpStatusCode.NotFound);
        await (await app.SendAsync(HttpMethod.Get, $"/api/courses/{courseId}/progress/me", steps.Learner("not-enrolled"))).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Changing_the_rules_recomputes_every_seat_holders_progress_in_the_background()
    {
        var assignment = await steps.CreateAssignmentAsync(1, 1);
        var courseId = assignment.CourseId;
        await (await PutRulesAsync(courseId, steps.Instructor,
            new { requiredAssignments = new[] { new { assignmentId = assignment.AssignmentId, minimumPercent = 50 } } })).ReadAsync<CompletionRules>();
        var learners = Enumerable.Range(1, 5).Select(i => $"ren-{i}").ToList();
        foreach (var learner in learners)
        {
            await steps.EnrollAsync(courseId, learner);
            Assert.Equal(CompletionState.InProgress, (await ProgressAsync(courseId, learner)).State);
        }

        // The course has no lecture: with no assignment required either, everyone has passed.
        var rules = await (await PutRulesAsync(courseId, steps.Instructor, new { passingPercent = 50 })).ReadAsync<CompletionRules>();
        Assert.Equal(2, rules.Version);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var page = await (await app.SendAsync(HttpMethod.Get, $"/api/courses/{courseId}/enrollments", steps.Instructor))
                .ReadAsync<Cooc.Functions.Enrollments.EnrollmentPage>();
            if (page.Items.Count == learners.Count && page.Items.All(e => e.Completion == CompletionState.Passed)) break;
            Assert.True(DateTime.UtcNow < deadline, string.Join(", ", page.Items.Select(e => $"{e.LearnerId} {e.Completion}")));
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task At_the_due_date_unfinished_learners_become_overdue_without_asking()
    {
        var assignment = await steps.CreateAssignmentAsync(1, 1);
        var courseId = assignment.CourseId;
        await steps.EnrollAsync(courseId, "dee");
        await (await PutRulesAsync(courseId, steps.Instructor, new
        {
            requiredAssignments = new[] { new { assignmentId = assignment.AssignmentId, minimumPercent = 50 } },
            dueDate = DateTimeOffset.UtcNow.AddSeconds(2),
        })).ReadAsync<CompletionRules>();

        // Nobody asks for Dee's progress: the refresh scheduled for the due date stores it.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var stored = await app.Documents.ReadAsync<Enrollment>(Containers.Enrollments, courseId, "dee");
            if (stored!.Value.Progress?.State == CompletionState.Overdue) break;
            Assert.True(DateTime.UtcNow < deadline, $"Dee is {stored.Value.Progress?.State}");
            await Task.Delay(100);
        }
    }

    private async Task<CourseProgressView> ProgressAsync(string courseId, string learner) =>
        await (await app.SendAsync(HttpMethod.Get, $"/api/courses/{courseId}/progress/me", steps.Learner(learner))).ReadAsync<CourseProgressView>();

    private async Task<CourseProgressView> WaitForAsync(string courseId, string learner, Func<CourseProgressView, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var progress = await ProgressAsync(courseId, learner);
            if (done(progress)) return progress;
            Assert.True(DateTime.UtcNow < deadline, $"{learner} is still {progress.State} at {progress.Percent}");
            await Task.Delay(100);
        }
    }
}
