using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Cooc.Completion;
using Cooc.Enrollments;
using Cooc.Functions.Courses;
using Cooc.Functions.Messaging;
using Cooc.Ports;

namespace Cooc.Functions.Completion;

/// <summary>A page of a course's seat holders whose progress to recompute after the completion rules changed.</summary>
public sealed record RefreshCourseProgress(string CourseId, int RulesVersion, string? ContinuationToken);

/// <summary>
/// After staff change a course's completion rules, recomputes every seat holder's progress, a page at a time on the
/// `enrollment` queue (Subject "refresh-progress"): each page sends the message for the next before it completes, so
/// a crash resumes at the page it was on, and refreshing a learner twice changes nothing. A message for rules that are
/// no longer current stops: the newer rules' refresh covers everyone.
/// </summary>
public sealed class CourseProgressRefresh(IDocumentStore documents, CourseStore courses, CourseCompletion completion, IMessageQueue queues)
    : IMessageHandler
{
    public const string SubjectName = "refresh-progress";
    public const int PageSize = 100;

    public string Queue => Queues.Enrollment;
    public string? Subject => SubjectName;

    public Task RequestAsync(string courseId, int rulesVersion, string? continuationToken, CancellationToken ct)
    {
        var message = new RefreshCourseProgress(courseId, rulesVersion, continuationToken);
        var page = continuationToken is null ? "first" : Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(continuationToken)))[..16];
        return queues.SendAsync(Queues.Enrollment, new OutgoingMessage($"{SubjectName}:{courseId}:{rulesVersion}:{page}",
            JsonSerializer.Serialize(message, DocumentJson.Options), null, SubjectName), ct);
    }

    public async Task HandleAsync(ReceivedMessage message, CancellationToken ct)
    {
        RefreshCourseProgress? request;
        try { request = JsonSerializer.Deserialize<RefreshCourseProgress>(message.Body, DocumentJson.Options); }
        catch (JsonException e) { throw new PoisonMessageException($"Malformed body: {e.Message}"); }
        if (request is null || string.IsNullOrEmpty(request.CourseId)) throw new PoisonMessageException("The message names no course.");
        var course = await courses.ReadAsync(request.CourseId, ct);
        if (course is null || CompletionRules.For(course.Value).Version != request.RulesVersion) return;

        var page = await documents.QueryAsync<Enrollment>(Containers.Enrollments, request.CourseId, new DocumentQuery(
            [Condition.Eq("status", EnrollmentStatus.Enrolled)], [new SortKey("requestedAt")], PageSize, request.ContinuationToken), ct);
        foreach (var enrollment in page.Items)
            await completion.RefreshAsync(request.CourseId, enrollment.Value.LearnerId, ct);
        if (page.ContinuationToken is { } next) await RequestAsync(request.CourseId, request.RulesVersion, next, ct);
    }
}
