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
/// real time allows; the lecture completes at the course's threshold. The answer rolls completion up over the course.
/// </summary>
public sealed class ProgressFunctions(CallerIdentification callers, JsonBody body, LectureAccess lectures, IDocumentStore documents,
    VideoOptions options, TimeProvider time)
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
        var saved = await documents.ChangeAsync(Containers.Learners, caller.UserId, LectureProgress.IdFor(caller.UserId, lectureId),
            () => LectureProgress.Start(courseId, caller.UserId, lectureId, caller.OrganizationId, time.GetUtcNow()),
            current => ProgressRules.Apply(current, report, duration, threshold, time.GetUtcNow()), ct);
        if (saved.Refusal is { } invalid) return Problems.From(invalid);
        var (completed, total, _) = await RollUpAsync(lecture.Value.Course, caller.UserId, ct);
        var p = saved.Value!.Value;
        return TypedResults.Ok(new ProgressView(lectureId, p.WatchedSeconds, duration, p.ResumePosition, p.Completed, p.Watched, completed, total));
    }

    /// <summary>Completed lectures of the course for this learner: one query in the learner's partition of the learners container.</summary>
    private async Task<(int Completed, int Total, double Fraction)> RollUpAsync(Cooc.Courses.Course course, string learnerId, CancellationToken ct)
    {
        var mine = new List<LectureProgress>();
        string? token = null;
        do
        {
            var page = await documents.QueryAsync<LectureProgress>(Containers.Learners, learnerId, new DocumentQuery(
                [Condition.Eq("kind", LectureProgress.DocumentKind), Condition.Eq("courseId", course.CourseId)], null, 500, token), ct);
            mine.AddRange(page.Items.Select(i => i.Value));
            token = page.ContinuationToken;
        } while (token is not null);
        return CourseVideoProgress.Summarize(mine, VideoAccessRules.LectureIds(course));
    }
}
