using Cooc.Assessment;
using Cooc.Common;
using Cooc.Completion;
using Cooc.Courses;
using Cooc.Functions.Courses;
using Cooc.Functions.Http;
using Cooc.Functions.Identity;
using Cooc.Functions.Operations;
using Cooc.Ports;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Cooc.Functions.Completion;

/// <summary>Course completion: the rules staff set, and each learner's progress against them (the learner's own, or any for staff).</summary>
public sealed class CompletionFunctions(CallerIdentification callers, JsonBody body, CourseStore courses, CourseCompletion completion,
    CourseProgressRefresh refresh, IDocumentStore documents, TimeProvider time)
{
    [Function("GetMyCourseProgress")]
    [ApiOperation("Completion", "The caller's progress in a course they hold a seat in: per required lecture and assignment, the overall grade and state (inProgress, passed, failed, overdue).", null, typeof(CourseProgressView))]
    public async Task<IResult> Mine([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "courses/{courseId}/progress/me")] HttpRequest request,
        string courseId, CancellationToken ct)
    {
        var (caller, authProblem) = await callers.IdentifyAsync(request);
        if (caller is null) return Problems.Unauthorized(authProblem);
        if (await courses.ReadVisibleAsync(caller, courseId, ct) is null) return Problems.NotFound("Course");
        var progress = await completion.RefreshAsync(courseId, caller.UserId, ct);
        return progress is null ? Problems.NotFound("Enrollment") : TypedResults.Ok(CourseProgressView.Of(courseId, caller.UserId, progress));
    }

    [Function("GetLearnerCourseProgress")]
    [ApiOperation("Completion", "A learner's progress in the course, for the course's staff.", null, typeof(CourseProgressView))]
    public async Task<IResult> Learner([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "courses/{courseId}/learners/{learnerId}/progress")] HttpRequest request,
        string courseId, string learnerId, CancellationToken ct)
    {
        var (caller, authProblem) = await callers.IdentifyAsync(request);
        if (caller is null) return Problems.Unauthorized(authProblem);
        var course = await courses.ReadVisibleAsync(caller, courseId, ct);
        if (course is null) return Problems.NotFound("Course");
        if (!CourseRules.IsStaffOf(caller, course.Value)) return Problems.From(Refusal.Forbidden("Only the course's staff see other learners' progress."));
        var progress = Ids.IsValid(learnerId) ? await completion.RefreshAsync(courseId, learnerId, ct) : null;
        return progress is null ? Problems.NotFound("Enrollment") : TypedResults.Ok(CourseProgressView.Of(courseId, learnerId, progress));
    }

    [Function("GetCompletionRules")]
    [ApiOperation("Completion", "What it takes to pass the course (anyone who may see the course).", null, typeof(CompletionRules))]
    public async Task<IResult> GetRules([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "courses/{courseId}/completion")] HttpRequest request,
        string courseId, CancellationToken ct)
    {
        var (caller, authProblem) = await callers.IdentifyAsync(request);
        if (caller is null) return Problems.Unauthorized(authProblem);
        var course = await courses.ReadVisibleAsync(caller, courseId, ct);
        return course is null ? Problems.NotFound("Course") : TypedResults.Ok(CompletionRules.For(course.Value));
    }

    [Function("SetCompletionRules")]
    [ApiOperation("Completion", "Replace the course's completion rules (course staff): required lectures (null: all), required assignments with minimum and weight, lecture weight, passing percent, due date. Every seat holder's progress is then recomputed in the background.", typeof(CompletionRulesInput), typeof(CompletionRules))]
    public async Task<IResult> SetRules([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "courses/{courseId}/completion")] HttpRequest request,
        string courseId, CancellationToken ct)
    {
        var (caller, authProblem) = await callers.IdentifyAsync(request);
        if (caller is null) return Problems.Unauthorized(authProblem);
        var visible = await courses.ReadVisibleAsync(caller, courseId, ct);
        if (visible is null) return Problems.NotFound("Course");
        if (CourseRules.RefuseEdit(caller, visible.Value) is { } refusal) return Problems.From(refusal);
        var (input, bodyProblem) = await body.ReadAsync<CompletionRulesInput>(request);
        if (input is null) return bodyProblem!;
        var assignmentIds = await CourseAssignmentsAsync(courseId, input, ct);
        var now = time.GetUtcNow();
        var saved = await courses.UpdateAsync(courseId, request.IfMatch(), course => CourseRules.RefuseEdit(caller, course) is { } no ? no
            : CompletionRulesValidation.Apply(course, input, assignmentIds, now), ct);
        if (saved.Refusal is { } invalid) return Problems.From(invalid);
        var rules = saved.Value!.Value.Completion!;
        await refresh.RequestAsync(courseId, rules.Version, null, ct);
        if (rules.DueDate is { } due) await refresh.RequestAtDueDateAsync(courseId, due, now, ct);
        request.HttpContext.Response.SetETag(saved.Value.ETag);
        return TypedResults.Ok(saved.Value.Value.Completion);
    }

    /// <summary>Which of the named assignments exist and belong to this course: a point read each (at most 100).</summary>
    private async Task<HashSet<string>> CourseAssignmentsAsync(string courseId, CompletionRulesInput input, CancellationToken ct)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in (input.RequiredAssignments ?? []).Select(a => a?.AssignmentId).Distinct().Take(CompletionRulesValidation.MaxRequiredAssignments))
        {
            if (id is null || !Ids.IsValid(id)) continue;
            var assignment = await documents.ReadAsync<Assignment>(Containers.Assessment, id, id, ct);
            if (assignment?.Value.CourseId == courseId) found.Add(id);
        }
        return found;
    }
}

/// <summary>A learner's course progress as the learner and staff see it.</summary>
public sealed record CourseProgressView(
    string CourseId,
    string LearnerId,
    CompletionState State,
    double Percent,
    double PassingPercent,
    int LecturesCompleted,
    int LecturesRequired,
    IReadOnlyList<ProgressItem> Items,
    DateTimeOffset? DueDate,
    DateTimeOffset? PassedAt,
    string? Certificate)
{
    public static CourseProgressView Of(string courseId, string learnerId, CourseProgress p) =>
        new(courseId, learnerId, p.State, p.Percent, p.PassingPercent, p.LecturesCompleted, p.LecturesRequired, p.Items, p.DueDate, p.PassedAt,
            p.State == CompletionState.Passed ? $"/api/courses/{courseId}/certificate/me" : null);
}
