using System.Net;
using System.Text.Json;
using Cooc.Assessment;
using Cooc.Functions.Assessment;
using Cooc.Functions.Courses;
using Cooc.Identity;
using Cooc.Ports;

namespace Cooc.Api.Tests.Assessment;

/// <summary>The API calls of the peer-grading tests, on any app fixture: a course with a module and an assignment, learners, submissions, claims and reviews.</summary>
public sealed class AssessmentSteps(CoocApp app, string org)
{
    /// <summary>Points per option: ideas 0..3, style 0, 2, 5 (so a median and a mean differ), grammar 0..1.</summary>
    public static readonly Dictionary<string, int[]> Points = new() { ["ideas"] = [0, 1, 2, 3], ["style"] = [0, 2, 5], ["grammar"] = [0, 1] };

    public string Org => org;
    public string Instructor => app.Token("instructor-" + org, org, Role.Instructor);
    public string Learner(string id) => app.Token(id, org, Role.Learner);

    public static Dictionary<string, string> En(string text) => new() { ["en"] = text };

    public static object Rubric() => new
    {
        criteria = Points.Select(c => new
        {
            criterionId = c.Key, name = En(c.Key), prompt = En($"How is the {c.Key}?"),
            options = c.Value.Select(p => new { label = En($"{p} points"), points = p }).ToArray(),
        }).ToArray(),
    };

    public static object Settings(int mustGrade, int gradedBy, DateTimeOffset? opens = null) => new
    {
        text = new { maxLength = 5000 },
        opensAt = opens ?? DateTimeOffset.UtcNow.AddHours(-1), dueAt = DateTimeOffset.UtcNow.AddDays(7), reviewsDueAt = DateTimeOffset.UtcNow.AddDays(14),
        mustGrade, gradedBy,
    };

    /// <summary>A published course of the org with one module, and an assignment on it; returns the assignment.</summary>
    public async Task<AssignmentView> CreateAssignmentAsync(int mustGrade, int gradedBy)
    {
        var course = await Courses.CreatePublishedAsync(app, org);
        var withModule = await (await app.SendAsync(HttpMethod.Post, $"/api/courses/{course.CourseId}/modules", Instructor,
            new { title = En("Week 1") })).ReadAsync<CourseView>(HttpStatusCode.Created);
        var input = new { moduleId = withModule.Modules[0].ModuleId, title = En("Essay"), prompt = En("Write an essay."), settings = Settings(mustGrade, gradedBy), rubric = Rubric() };
        return await (await app.SendAsync(HttpMethod.Post, $"/api/courses/{course.CourseId}/assignments", Instructor, input)).ReadAsync<AssignmentView>(HttpStatusCode.Created);
    }

    /// <summary>Completion rules whose only requirement is the assignment (at least 10 %), so released grades move progress.</summary>
    public async Task RequireForCompletionAsync(AssignmentView assignment) =>
        Assert.Equal(HttpStatusCode.OK, (await app.SendAsync(HttpMethod.Put, $"/api/courses/{assignment.CourseId}/completion", Instructor, new
        {
            requiredLectureIds = Array.Empty<string>(), lectureWeight = 0,
            requiredAssignments = new[] { new { assignmentId = assignment.AssignmentId, minimumPercent = 10, weight = 1 } },
        })).StatusCode);

    public async Task EnrollAsync(string courseId, string learner) =>
        Assert.Equal(HttpStatusCode.OK, (await app.SendAsync(HttpMethod.Post, $"/api/courses/{courseId}/enrollments", Learner(learner))).StatusCode);

    /// <summary>Each learner, in order, enrolls in the assignment's course and submits "{learner}'s essay".</summary>
    public async Task EnrollAndSubmitEssaysAsync(AssignmentView assignment, params string[] learners)
    {
        foreach (var learner in learners)
        {
            await EnrollAsync(assignment.CourseId, learner);
            await SubmitAsync(assignment.AssignmentId, learner, $"{learner}'s essay");
        }
    }

    public async Task<MySubmissionView> SubmitAsync(string assignmentId, string learner, string text, HttpStatusCode expected = HttpStatusCode.Created) =>
        await (await app.SendAsync(HttpMethod.Post, $"/api/assignments/{assignmentId}/submissions", Learner(learner), new { text })).ReadAsync<MySubmissionView>(expected);

    /// <summary>A claim, with its raw JSON (to check what it does not say).</summary>
    public async Task<(ClaimView Claim, string Json)> ClaimAsync(string assignmentId, string learner)
    {
        var response = await app.SendAsync(HttpMethod.Post, $"/api/assignments/{assignmentId}/reviews/claim", Learner(learner));
        var json = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"claim by {learner}: {(int)response.StatusCode} {json}");
        return (JsonSerializer.Deserialize<ClaimView>(json, DocumentJson.Options)!, json);
    }

    public static object ReviewBody(int ideas, int style, int grammar, string? feedback = null) => new
    {
        options = new Dictionary<string, int> { ["ideas"] = ideas, ["style"] = style, ["grammar"] = grammar },
        feedback = feedback is null ? null : new Dictionary<string, string> { ["ideas"] = feedback },
        overallFeedback = "Thanks for sharing.",
    };

    public async Task<SubmittedReviewView> ReviewAsync(string assignmentId, string learner, string reviewId, object body, HttpStatusCode expected = HttpStatusCode.Created) =>
        await (await app.SendAsync(HttpMethod.Post, $"/api/assignments/{assignmentId}/reviews/{reviewId}", Learner(learner), body)).ReadAsync<SubmittedReviewView>(expected);

    public async Task<(MySubmissionView View, string Json)> MineAsync(string assignmentId, string learner)
    {
        var response = await app.SendAsync(HttpMethod.Get, $"/api/assignments/{assignmentId}/submissions/me", Learner(learner));
        var json = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"submissions/me of {learner}: {(int)response.StatusCode} {json}");
        return (JsonSerializer.Deserialize<MySubmissionView>(json, DocumentJson.Options)!, json);
    }

    /// <summary>Polls the learner's submission until it is graded (the grading consumer runs in the app).</summary>
    public async Task<(MySubmissionView View, string Json)> GradedAsync(string assignmentId, string learner, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var mine = await MineAsync(assignmentId, learner);
            if (mine.View.Status.State == LearnerSubmissionState.Graded) return mine;
            Assert.True(DateTime.UtcNow < deadline, $"{learner} is still {mine.View.Status.State}: {mine.Json}");
            await Task.Delay(100);
        }
    }

    /// <summary>Every document of a kind in the assignment's partition, as stored.</summary>
    public async Task<List<StoredDocument<T>>> AllAsync<T>(string assignmentId, string kind) where T : IDocument
    {
        var all = new List<StoredDocument<T>>();
        var query = new DocumentQuery([Condition.Eq("kind", kind)], null, 1000);
        do
        {
            var page = await app.Documents.QueryAsync<T>(Containers.Assessment, assignmentId, query);
            all.AddRange(page.Items);
            query = query with { ContinuationToken = page.ContinuationToken };
        } while (query.ContinuationToken is not null);
        return all;
    }

    /// <summary>The ORA2 median of points: the middle one, or the mean of the two middle ones rounded up (written again here, as a known answer).</summary>
    public static double Median(IEnumerable<int> points)
    {
        var sorted = points.Order().ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : Math.Ceiling((sorted[mid - 1] + sorted[mid]) / 2.0);
    }
}
