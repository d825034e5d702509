using System.Text.Json;
using Cooc.Assessment;
using Cooc.Functions.Http;
using Cooc.Functions.Identity;
using Cooc.Functions.Operations;
using Cooc.Ports;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Cooc.Functions.Assessment;

/// <summary>
/// A learner's own work: submit (text, and files already uploaded, by blob name) or replace it, see where it stands
/// and, once allowed (<see cref="VisibilityRules"/>), its grade and reviews, and appeal the grade once.
/// </summary>
public sealed class SubmissionFunctions(CallerIdentification callers, JsonBody body, AssignmentAccess access, AssessmentStore store,
    LeaseExpiry leases, UploadedFiles uploads, GradeReleases releases, MySubmissionViews views, IDocumentStore documents, IMessageQueue queue, TimeProvider time)
{
    [Function("Submit")]
    [ApiOperation("Assessment", "Submit your work (seat holders): 201; a resubmission (while allowed, before the due date and any grade) replaces it (200), and the reviews of the earlier version no longer count.",
        typeof(SubmissionInput), typeof(MySubmissionView), StatusCodes.Status201Created)]
    public async Task<IResult> Submit([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "assignments/{assignmentId}/submissions")] HttpRequest request,
        string assignmentId, CancellationToken ct)
    {
        var (caller, authProblem) = await callers.IdentifyAsync(request);
        if (caller is null) return Problems.Unauthorized(authProblem);
        var context = await access.ForParticipatingAsync(caller, assignmentId, ct);
        if (context.Refusal is { } refusal) return Problems.From(refusal);
        var (input, bodyProblem) = await body.ReadAsync<SubmissionInput>(request);
        if (input is null) return bodyProblem!;
        var assignment = context.Value!.Assignment;
        var files = await uploads.ForAsync(assignment, input, ct);
        for (var attempt = 1; ; attempt++)
        {
            var existing = await store.ReadAsync<Submission>(assignmentId, Submission.IdFor(caller.UserId), ct);
            var decision = SubmissionRules.Submit(assignment, existing?.Value, input, caller, context.Value.Enrollment, time.GetUtcNow(), files);
            if (decision.Refusal is { } refused) return Problems.From(refused);
            var submission = decision.Value!.Submission;
            if (await uploads.AttachAsync(submission, time.GetUtcNow(), ct) is { } expired) return Problems.From(expired);
            try
            {
                if (existing is null) await documents.CreateAsync(Containers.Assessment, assignmentId, submission, ct);
                else await documents.ReplaceAsync(Containers.Assessment, assignmentId, submission, existing.ETag, ct);
            }
            catch (Exception e) when (e is DocumentConflictException or DocumentPreconditionFailedException && attempt < 5) { continue; }
            if (decision.Value.Replaced is { } replaced) await leases.ReleaseAsync(replaced, ct);
            await ScheduleFlexibleLookAsync(assignment, submission, ct);
            var view = await views.ViewAsync(assignment, submission, ct);
            return existing is null ? TypedResults.Created($"/api/assignments/{assignmentId}/submissions/me", view) : TypedResults.Ok(view);
        }
    }

    [Function("GetMySubmission")]
    [ApiOperation("Assessment", "Your submission and where it stands; its grade and the reviews it got (never who wrote them) once you have completed your own reviews.", null, typeof(MySubmissionView))]
    public async Task<IResult> GetMine([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "assignments/{assignmentId}/submissions/me")] HttpRequest request,
        string assignmentId, CancellationToken ct)
    {
        var (caller, authProblem) = await callers.IdentifyAsync(request);
        if (caller is null) return Problems.Unauthorized(authProblem);
        var context = await access.ForParticipatingAsync(caller, assignmentId, ct);
        if (context.Refusal is { } refusal) return Problems.From(refusal);
        var mine = await store.ReadAsync<Submission>(assignmentId, Submission.IdFor(caller.UserId), ct);
        if (mine is null) return Problems.NotFound("Submission");
        // A release that came due without an event (submissions closed, so fewer reviews are owed) is recorded now.
        var settled = mine.Value.Grade is not null && mine.Value.ReleasedAt is null
            ? await releases.SettleAsync(context.Value!.Assignment, mine.Value.Id, refresh: false, ct) ?? mine.Value : mine.Value;
        if (ReferenceEquals(settled, mine.Value)) request.HttpContext.Response.SetETag(mine.ETag);
        return TypedResults.Ok(await views.ViewAsync(context.Value!.Assignment, settled, ct));
    }

    [Function("AppealGrade")]
    [ApiOperation("Assessment", "Appeal your grade once, with a reason, after you may see it; staff resolve it.", typeof(AppealInput), typeof(MySubmissionView))]
    public async Task<IResult> Appeal([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "assignments/{assignmentId}/submissions/{submissionId}/appeal")] HttpRequest request,
        string assignmentId, string submissionId, CancellationToken ct)
    {
        var (caller, authProblem) = await callers.IdentifyAsync(request);
        if (caller is null) return Problems.Unauthorized(authProblem);
        var context = await access.ForParticipatingAsync(caller, assignmentId, ct);
        if (context.Refusal is { } refusal) return Problems.From(refusal);
        var (input, bodyProblem) = await body.ReadAsync<AppealInput>(request);
        if (input is null) return bodyProblem!;
        if (submissionId != Submission.IdFor(caller.UserId)) return Problems.NotFound("Submission");
        var assignment = context.Value!.Assignment;
        var appealed = await store.ChangeAsync<Submission>(assignmentId, submissionId,
            s => AppealRules.Appeal(assignment, s, caller, input.Reason, time.GetUtcNow()), ct);
        return appealed.Refusal is { } refused ? Problems.From(refused) : TypedResults.Ok(await views.ViewAsync(assignment, appealed.Value!.Value, ct));
    }

    /// <summary>Once flexible grading applies, fewer reviews may suffice with no review coming to say so: look again then.</summary>
    private Task ScheduleFlexibleLookAsync(Assignment assignment, Submission submission, CancellationToken ct)
    {
        var flexible = assignment.Settings.Flexible;
        if (!flexible.Enabled) return Task.CompletedTask;
        var look = new GradeWhenFlexible(assignment.AssignmentId, submission.Id, submission.Revision);
        return queue.SendAsync(Queues.Grading, new OutgoingMessage(look.MessageId, JsonSerializer.Serialize(look, DocumentJson.Options),
            submission.SubmittedAt.AddDays(flexible.AfterDays), GradeWhenFlexible.Subject), ct);
    }
}
