using System.Text.Json;
using Cooc.Assessment;
using Cooc.Certificates;
using Cooc.Completion;
using Cooc.Courses;
using Cooc.Enrollments;
using Cooc.Functions.Courses;
using Cooc.Ports;
using Cooc.Video;

namespace Cooc.Functions.Completion;

/// <summary>
/// Recomputes a learner's course progress from its sources (lecture progress, released assignment grades) into the
/// enrollment, and sends the certificate message when the learner has just passed. Idempotent: call it after anything
/// that may change the learner's progress. The message goes out before the enrollment says Passed, so a crash in
/// between sends it again on the next refresh (its MessageId makes that one message, and the handler issues once).
/// </summary>
public sealed class CourseCompletion(IDocumentStore documents, CourseStore courses, IMessageQueue queues, TimeProvider time)
{
    private const int MaxAttempts = 10;

    /// <summary>The learner's progress after the refresh; null when they hold no seat in the course (or it does not exist).</summary>
    public async Task<CourseProgress?> RefreshAsync(string courseId, string learnerId, CancellationToken ct)
    {
        var course = await courses.ReadAsync(courseId, ct);
        if (course is null) return null;
        var lectures = await LectureProgressAsync(course.Value, learnerId, ct);
        var assignments = await AssignmentResultsAsync(course.Value, learnerId, ct);
        for (var attempt = 1; ; attempt++)
        {
            var stored = await documents.ReadAsync<Enrollment>(Containers.Enrollments, courseId, learnerId, ct);
            if (stored is null || !stored.Value.HoldsSeat) return null;
            var previous = stored.Value.Progress;
            var next = CompletionEvaluation.Evaluate(course.Value, stored.Value.DueDate, lectures, assignments, previous, time.GetUtcNow());
            if (CompletionEvaluation.SameAs(previous, next)) return previous;
            if (CompletionEvaluation.JustPassed(previous, next)) await SendCertificateAsync(courseId, learnerId, next.RulesVersion, ct);
            try
            {
                await documents.ReplaceAsync(Containers.Enrollments, courseId, stored.Value with { Progress = next }, stored.ETag, ct);
                return next;
            }
            catch (DocumentPreconditionFailedException) when (attempt < MaxAttempts) { }
        }
    }

    private Task SendCertificateAsync(string courseId, string learnerId, int rulesVersion, CancellationToken ct)
    {
        var message = new IssueCertificate(courseId, learnerId, rulesVersion);
        return queues.SendAsync(Queues.Certificates, new OutgoingMessage(message.MessageId, JsonSerializer.Serialize(message, DocumentJson.Options)), ct);
    }

    /// <summary>The learner's lecture progress in this course: one query in the learner's partition of the learners container.</summary>
    private async Task<List<LectureProgress>> LectureProgressAsync(Course course, string learnerId, CancellationToken ct)
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
        return mine;
    }

    /// <summary>One point read per required assignment: the learner's submission, whose id is derived from them.</summary>
    private async Task<List<LearnerAssignmentResult>> AssignmentResultsAsync(Course course, string learnerId, CancellationToken ct)
    {
        var results = new List<LearnerAssignmentResult>();
        foreach (var required in CompletionRules.For(course).RequiredAssignments)
        {
            var submission = await documents.ReadAsync<Submission>(Containers.Assessment, required.AssignmentId, Submission.IdFor(learnerId), ct);
            results.Add(ResultOf(required.AssignmentId, submission?.Value));
        }
        return results;
    }

    /// <summary>A grade counts once released to its author and final (a reviewer-model grade is provisional until reviews close).</summary>
    private static LearnerAssignmentResult ResultOf(string assignmentId, Submission? submission)
    {
        if (submission is null) return new(assignmentId, false, null);
        return submission.ReleasedGrade is { Provisional: false, MaxPoints: > 0 } grade
            ? new(assignmentId, true, 100.0 * grade.FinalPoints / grade.MaxPoints)
            : new(assignmentId, true, null);
    }
}
