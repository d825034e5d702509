using Cooc.Completion;
using Cooc.Enrollments;
using Cooc.Functions.Completion;
using Cooc.Functions.Http;
using Cooc.Functions.Identity;
using Cooc.Functions.Operations;
using Cooc.Functions.Storage;
using Cooc.Ports;
using Cooc.Video;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Cooc.Functions.Video;

/// <summary>
/// Watched intervals from the player: merged per learner and lecture with the resume position; credited no faster than
/// real time allows; the lecture completes at the course's threshold. A completed lecture refreshes the learner's
/// course progress (<see cref="CourseCompletion"/>), and the answer carries its lecture roll-up.
/// </summary>
public sealed class ProgressFunctions(CallerIdentification callers, JsonBody body, LectureAccess lectures, IDocumentStore documents,
    CourseCompletion completion, VideoOptions options, TimeProvider time)
{
    [Function("ReportProgress")]
    [ApiOperation("Video", "Reports watched intervals (seconds) and the position; answers the merged progress and the course roll-up.", typeof(ProgressInput), typeof(ProgressView))]
    public async Task<IResult> Report([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "courses/{courseId}/lectures/{lectureId}/progress")] HttpRequest request,
        string courseId, string lectureId, CancellationToken ct)
    {
        var (caller, authProblem) = await callers.IdentifyAsync(request);
        if (caller is null) return Problems.Unauthorized(authProblem);
        var lecture = await lectures.ForWatchingAsync(caller, courseId, lectureId, ct);
        if (lecture.Refusal is { } refusal) return Problems.From(refusal);
        var (input, bodyProblem) = await body.ReadAsync<ProgressInput>(request);
        if (input is null) return bodyProblem!;
        var video = lecture.Value!.Video;
        if (!video.IsPlayable || video.DurationSeconds is not { } duration)
            return Problems.Problem(StatusCodes.Status409Conflict, "The lecture is not ready to play.", $"Its video is {video.Status}.");
        var report = new ProgressReport((input.Intervals ?? []).Select(i => new WatchedInterval(i.Start, i.End)).ToList(), input.Position);

        var threshold = lecture.Value.Course.LectureCompletionThreshold ?? options.CompletionThreshold;
        var wasCompleted = false;
        var saved = await documents.ChangeAsync(Containers.Learners, caller.UserId, LectureProgress.IdFor(caller.UserId, lectureId),
            () => LectureProgress.Start(courseId, caller.UserId, lectureId, caller.OrganizationId, time.GetUtcNow()),
            current => { wasCompleted = current.Completed; return ProgressRules.Apply(current, report, duration, threshold, time.GetUtcNow()); }, ct);
        if (saved.Refusal is { } invalid) return Problems.From(invalid);
        var p = saved.Value!.Value;
        var course = await CourseProgressAsync(courseId, caller.UserId, refresh: p.Completed && !wasCompleted, ct);
        return TypedResults.Ok(new ProgressView(lectureId, p.WatchedSeconds, duration, p.ResumePosition, p.Completed, p.Watched,
            course?.LecturesCompleted ?? 0, course?.LecturesRequired ?? VideoAccessRules.LectureIds(lecture.Value.Course).Count));
    }

    /// <summary>
    /// The course roll-up. A lecture that just completed refreshes the learner's course progress (which may pass them);
    /// otherwise the enrollment's stored progress is read, one point read. Staff watching hold no enrollment: null.
    /// </summary>
    private async Task<CourseProgress?> CourseProgressAsync(string courseId, string learnerId, bool refresh, CancellationToken ct)
    {
        if (refresh) return await completion.RefreshAsync(courseId, learnerId, ct);
        var enrollment = await documents.ReadAsync<Enrollment>(Containers.Enrollments, courseId, learnerId, ct);
        if (enrollment is null || !enrollment.Value.HoldsSeat) return null;
        return enrollment.Value.Progress ?? await completion.RefreshAsync(courseId, learnerId, ct);
    }
}
