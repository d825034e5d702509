using System.Text.Json;
using Cooc.Assessment;
using Cooc.Ports;

namespace Cooc.Functions.Assessment;

/// <summary>The grading-queue message (Subject "ReleaseAtClose") for when an assignment's submissions close.</summary>
public sealed record ReleaseAtClose(string AssignmentId, DateTimeOffset ClosesAt);

/// <summary>
/// Releases, when submissions close (<see cref="GradeRelease.SubmissionsCloseAt"/>), the grades whose authors' debt
/// of reviews dropped then: with fewer other submissions than mustGrade, nobody can pay mustGrade, and no event would
/// otherwise come to say so (<see cref="GradeRelease.ReviewsOwed"/>). Scheduled when an assignment is created or
/// edited, MessageId per assignment and close date. Only assignments with at most mustGrade submissions (at most
/// <see cref="AssignmentSettingsRules.MaxMustGrade"/>) can have such grades, so one query of mustGrade + 1 submissions
/// both tells and gives them all: each graded, unreleased one is settled (<see cref="GradeReleases.SettleAsync"/>,
/// which refreshes the author's course progress), and a redelivery settles nothing twice. A message delivered before
/// the current close date (the staff moved it later) is sent again for that date; after a move to an earlier date,
/// the first message does the work and the later one finds nothing left.
/// </summary>
public sealed class ReleasesAtClose(IDocumentStore documents, AssessmentStore store, GradeReleases releases, IMessageQueue queue, TimeProvider time)
{
    public const string Subject = nameof(ReleaseAtClose);

    /// <summary>Schedules the pass for the assignment's current close date (a repeat for the same date is a duplicate).</summary>
    public Task ScheduleAsync(Assignment assignment, CancellationToken ct)
    {
        var closes = GradeRelease.SubmissionsCloseAt(assignment);
        return SendAsync(new ReleaseAtClose(assignment.AssignmentId, closes), closes, ct);
    }

    /// <summary>Settles the grades closing released; returns how many.</summary>
    public async Task<int> ReleaseAsync(ReleaseAtClose request, CancellationToken ct)
    {
        var assignment = (await store.ReadAsync<Assignment>(request.AssignmentId, request.AssignmentId, ct))?.Value;
        if (assignment is null) return 0;
        var closes = GradeRelease.SubmissionsCloseAt(assignment);
        if (time.GetUtcNow() < closes)
        {
            // Its own id: the message for this date may be the one being handled (delivered early), which a duplicate would drop.
            await SendAsync(new ReleaseAtClose(assignment.AssignmentId, closes), closes, ct, $":early:{time.GetUtcNow().UtcTicks}");
            return 0;
        }
        // With more than mustGrade submissions every author has mustGrade others: closing changes no one's debt.
        var mustGrade = assignment.Settings.MustGrade;
        var all = await documents.QueryAsync<Submission>(Containers.Assessment, assignment.AssignmentId,
            new DocumentQuery([Condition.Eq("kind", Submission.DocumentKind)], null, mustGrade + 1), ct);
        if (all.Items.Count > mustGrade) return 0;
        var released = 0;
        foreach (var submission in all.Items.Select(i => i.Value).Where(s => s.Status == SubmissionStatus.Graded && s.ReleasedAt is null))
            if ((await releases.SettleAsync(assignment, submission.Id, refresh: false, ct))?.ReleasedAt is not null) released++;
        return released;
    }

    private Task SendAsync(ReleaseAtClose message, DateTimeOffset? at, CancellationToken ct, string suffix = "") =>
        queue.SendAsync(Queues.Grading, new OutgoingMessage(
            $"release-at-close:{message.AssignmentId}:{message.ClosesAt.UtcTicks}{suffix}",
            JsonSerializer.Serialize(message, DocumentJson.Options), at, Subject), ct);
}
