using System.Net;
using System.Text.Json;
using Cooc.Assessment;
using Cooc.Enrollments;
using Cooc.Functions.Assessment;
using Cooc.Functions.Courses;
using Cooc.Functions.Messaging;
using Cooc.Ports;
using Microsoft.Extensions.DependencyInjection;

namespace Cooc.Api.Tests.Assessment;

/// <summary>
/// Grades whose authors could never pay mustGrade (too few other submissions) are released when submissions close,
/// by the message scheduled with the assignment, without anyone looking at them.
/// </summary>
public sealed class ReleaseAtCloseTests(CoocApp app) : IClassFixture<CoocApp>
{
    [Fact]
    public async Task When_submissions_close_grades_owed_fewer_reviews_than_mustGrade_are_released_and_counted_once()
    {
        var steps = new AssessmentSteps(app, "close-org");
        var due = DateTimeOffset.UtcNow.AddSeconds(10);
        var course = await Courses.CreatePublishedAsync(app, steps.Org);
        var withModule = await (await app.SendAsync(HttpMethod.Post, $"/api/courses/{course.CourseId}/modules", steps.Instructor,
            new { title = AssessmentSteps.En("Week 1") })).ReadAsync<CourseView>(HttpStatusCode.Created);
        var settings = new
        {
            text = new { maxLength = 5000 }, opensAt = DateTimeOffset.UtcNow.AddHours(-1), dueAt = due, reviewsDueAt = due.AddDays(7),
            mustGrade = 3, gradedBy = 1,
        };
        var assignment = await (await app.SendAsync(HttpMethod.Post, $"/api/courses/{course.CourseId}/assignments", steps.Instructor,
            new { moduleId = withModule.Modules[0].ModuleId, title = AssessmentSteps.En("Essay"), prompt = AssessmentSteps.En("Write."), settings, rubric = AssessmentSteps.Rubric() }))
            .ReadAsync<AssignmentView>(HttpStatusCode.Created);
        var id = assignment.AssignmentId;
        await steps.RequireForCompletionAsync(assignment);
        foreach (var learner in new[] { "ann", "bob" })
        {
            await steps.EnrollAsync(course.CourseId, learner);
            await steps.SubmitAsync(id, learner, $"{learner}'s essay");
        }
        // Each reviews the other: both graded, both owing 2 more that nobody could ever hand them.
        foreach (var learner in new[] { "ann", "bob" })
        {
            var (claim, json) = await steps.ClaimAsync(id, learner);
            Assert.True(claim.Available, json);
            await steps.ReviewAsync(id, learner, claim.ReviewId!, AssessmentSteps.ReviewBody(2, 1, 1));
        }
        await WaitForAsync(id, s => s.Grade is not null);

        // Nobody reads anything: the scheduled message releases both once submissions close (never while they are
        // open: more reviews may come, so the release time is checked, whenever this machine got here), and progress counts them.
        var released = await WaitForAsync(id, s => s.ReleasedAt is not null);
        Assert.All(released, s => Assert.True(s.ReleasedAt >= due, $"released at {s.ReleasedAt}, before {due}"));
        foreach (var learner in new[] { "ann", "bob" }) await WaitForProgressAsync(course.CourseId, learner, id);

        // A redelivery (or the message again) releases nothing twice.
        var handler = app.Services.GetRequiredService<MessageHandlers>();
        var body = JsonSerializer.Serialize(new ReleaseAtClose(id, due.ToUniversalTime()), DocumentJson.Options);
        await handler.HandleAsync(new ReceivedMessage(Queues.Grading, $"release-at-close:{id}:again", body, ReleasesAtClose.Subject, 2, "lock",
            DateTimeOffset.UtcNow.AddMinutes(1), DateTimeOffset.UtcNow, 1), default);
        var again = await WaitForAsync(id, _ => true);
        Assert.Equal(released.Select(s => (s.Id, s.ReleasedAt, s.UpdatedAt)), again.Select(s => (s.Id, s.ReleasedAt, s.UpdatedAt)));
    }

    private async Task<List<Submission>> WaitForAsync(string assignmentId, Func<Submission, bool> done)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(60); ; await Task.Delay(200))
        {
            var all = new List<Submission>();
            foreach (var author in new[] { "ann", "bob" })
                all.Add((await app.Documents.ReadAsync<Submission>(Containers.Assessment, assignmentId, Submission.IdFor(author)))!.Value);
            if (all.All(done)) return all;
            Assert.True(DateTime.UtcNow < deadline, $"not there: {string.Join(", ", all.Select(s => $"{s.Id} {s.Status} {s.ReleasedAt}"))}");
        }
    }

    private async Task WaitForProgressAsync(string courseId, string learner, string assignmentId)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(60); ; await Task.Delay(200))
        {
            var enrollment = (await app.Documents.ReadAsync<Enrollment>(Containers.Enrollments, courseId, learner))!.Value;
            if (enrollment.Progress?.Items.SingleOrDefault(i => i.ItemId == assignmentId)?.Percent is > 0) return;
            Assert.True(DateTime.UtcNow < deadline, $"no progress for {learner}");
        }
    }
}
