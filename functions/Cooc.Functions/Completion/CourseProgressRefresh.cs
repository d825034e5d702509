using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Cooc.Completion;
using Cooc.Enrollments;
using Cooc.Functions.Courses;
using Cooc.Functions.Messaging;
using Cooc.Ports;

namespace Cooc.Functions.Completion;

/// <summary>
/// A page of a course's seat holders whose progress to recompute: after the completion rules changed (RulesVersion),
/// or at a due date (DueAt), when unfinished learners become overdue without any event of their own.
/// </summary>
public sealed record RefreshCourseProgress(string CourseId, int RulesVersion, string? ContinuationToken, DateTimeOffset? DueAt = null);

/// <summary>
/// After staff change a course's completion rules, recomputes every seat holder's progress, a page at a time on the
/// `enrollment` queue (Subject "refresh-progress"): each page sends the message for the next before it completes, so
/// a crash resumes at the page it was on, and refreshing a learner twice changes nothing. A message for rules that are
/// no longer current stops: the newer rules' refresh covers everyone. A due-date refresh is scheduled for just after
/// the date (the course's, or one given to assigned learners) and always runs.
/// </summary>
public sealed class CourseProgressRefresh(IDocumentStore documents, CourseStore courses, CourseCompletion completion, IMessageQueue queues)
    : IMessageHandler
{
    public const string SubjectName = "refresh-progress";
    public const int PageSize = 100;

    public string Queue => Queues.Enrollment;
    public string? Subject => SubjectName;

    public Task RequestAsync(string courseId, int rulesVersion, string? continuationToken, CancellationToken ct) =>
        SendAsync(new RefreshCourseProgress(courseId, rulesVersion, continuationToken), null, ct);

    /// <summary>Schedules a refresh of everyone for just after dueAt (nothing when it is already past).</summary>
    public Task RequestAtDueDateAsync(string courseId, DateTimeOffset dueAt, DateTimeOffset now, CancellationToken ct) =>
        dueAt <= now ? Task.CompletedTask : SendAsync(new RefreshCourseProgress(courseId, 0, null, dueAt), dueAt.AddSeconds(1), ct);

    private Task SendAsync(RefreshCourseProgress message, DateTimeOffset? at, CancellationToken ct)
    {
        var token = message.ContinuationToken;
        var page = token is null ? "first" : Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)))[..16];
        var run = message.DueAt is { } due ? $"due-{due.UtcTicks}" : message.RulesVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return queues.SendAsync(Queues.Enrollment, new OutgoingMessage($"{SubjectName}:{message.CourseId}:{run}:{page}",
            JsonSerializer.Serialize(message, DocumentJson.Options), at, SubjectName), ct);
    }

    public async Task HandleAsync(ReceivedMessage message, CancellationToken ct)
    {
        var request = MessageHandlers.Parse<RefreshCourseProgress>(message);
        if (request is null || string.IsNullOrEmpty(request.CourseId)) throw new PoisonMessageException("The message names no course.");
        var course = await courses.ReadAsync(request.CourseId, ct);
        if (course is null || (request.DueAt is null && CompletionRules.For(course.Value).Version != request.RulesVersion)) return;

        var page = await documents.QueryAsync<Enrollment>(Containers.Enrollments, request.CourseId, new DocumentQuery(
            [Condition.Eq("status", EnrollmentStatus.Enrolled)], [new SortKey("requestedAt")], PageSize, request.ContinuationToken), ct);
        foreach (var enrollment in page.Items)
            await completion.RefreshAsync(request.CourseId, enrollment.Value.LearnerId, ct);
        if (page.ContinuationToken is { } next) await SendAsync(request with { ContinuationToken = next }, null, ct);
    }
}
