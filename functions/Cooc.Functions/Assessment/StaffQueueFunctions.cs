using Cooc.Assessment;
using Cooc.Functions.Http;
using Cooc.Functions.Identity;
using Cooc.Functions.Operations;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Cooc.Functions.Assessment;

/// <summary>One submission staff should look at, and why (<see cref="StaffQueue"/>); SubmissionId is what staff-grade and appeal/resolve take.</summary>
public sealed record StaffQueueEntry(
    string SubmissionId,
    string AuthorId,
    int Revision,
    DateTimeOffset SubmittedAt,
    StaffAttention Attention,
    SubmissionStatus Status,
    int ReviewsReceived,
    int ReviewsRequired,
    int OpenFlags,
    Appeal? Appeal);

public sealed record StaffQueueView(string AssignmentId, DateTimeOffset At, IReadOnlyList<StaffQueueEntry> Items);

/// <summary>The staff grading queue: open appeals, flagged submissions, and those still short of reviews when reviews are due.</summary>
public sealed class StaffQueueFunctions(CallerIdentification callers, AssignmentAccess access, AssessmentStore store, TimeProvider time)
{
    [Function("StaffQueue")]
    [ApiOperation("Assessment", "What needs staff (course staff): open appeals first, then flagged submissions, then those still short of reviews once reviews are due; oldest first. Staff may grade any submission.",
        null, typeof(StaffQueueView))]
    public async Task<IResult> Queue([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "assignments/{assignmentId}/staff-queue")] HttpRequest request,
        string assignmentId, CancellationToken ct)
    {
        var (caller, authProblem) = await callers.IdentifyAsync(request);
        if (caller is null) return Problems.Unauthorized(authProblem);
        var context = await access.ForManagingAsync(caller, assignmentId, ct);
        if (context.Refusal is { } refusal) return Problems.From(refusal);
        var assignment = context.Value!.Assignment;
        var submissions = await store.QueryAllAsync<Submission>(assignmentId, Submission.DocumentKind, [], ct);
        var now = time.GetUtcNow();
        var items = StaffQueue.Build(assignment, submissions, now).Select(i => new StaffQueueEntry(i.Submission.Id, i.Submission.AuthorId, i.Submission.Revision,
            i.Submission.SubmittedAt, i.Attention, i.Submission.Status, i.Submission.CompletedReviews, ClaimPolicy.Required(assignment, i.Submission, now),
            i.Submission.FlagCount, i.Submission.Appeal)).ToList();
        return TypedResults.Ok(new StaffQueueView(assignmentId, now, items));
    }
}
