using Cooc.Assessment;
using Cooc.Functions.Http;
using Cooc.Functions.Identity;
using Cooc.Functions.Operations;
using Cooc.Identity;
using Cooc.Ports;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Cooc.Functions.Assessment;

/// <summary>
/// A learner's own work: submit (text, and files already uploaded, by blob name) or replace it, see where it stands
/// and, once allowed (<see cref="VisibilityRules"/>), its grade and reviews, and appeal the grade once.
/// </summary>
public sealed class SubmissionFunctions(CallerIdentification callers, JsonBody body, AssignmentAccess access, AssessmentStore store,
    LeaseExpiry leases, IDocumentStore documents, TimeProvider time)
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
        for (var attempt = 1; ; attempt++)
        {
            var existing = await store.ReadAsync<Submission>(assignmentId, Submission.IdFor(caller.UserId), ct);
            var decision = SubmissionRules.Submit(assignment, existing?.Value, input, caller, context.Value.Enrollment, time.GetUtcNow());
            if (decision.Refusal is { } refused) return Problems.From(refused);
            var submission = decision.Value!.Submission;
            try
            {
                if (existing is null) await documents.CreateAsync(Containers.Assessment, assignmentId, submission, ct);
                else await documents.ReplaceAsync(Containers.Assessment, assignmentId, submission, existing.ETag, ct);
            }
            catch (Exception e) when (e is DocumentConflictException or DocumentPreconditionFailedException && attempt < 5) { continue; }
            if (decision.Value.Replaced is { } replaced) await leases.ReleaseAsync(replaced, ct);
            var view = await ViewAsync(assignment, submission, ct);
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
        request.HttpContext.Response.SetETag(mine.ETag);
        return TypedResults.Ok(await ViewAsync(context.Value!.Assignment, mine.Value, ct));
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
        var completed = await CompletedByAsync(assignment, caller, ct);
        var appealed = await store.ChangeAsync<Submission>(assignmentId, submissionId,
            s => AppealRules.Appeal(assignment, s, caller, completed, input.Reason, time.GetUtcNow()), ct);
        return appealed.Refusal is { } refused ? Problems.From(refused) : TypedResults.Ok(await ViewAsync(assignment, appealed.Value!.Value, ct));
    }

    private async Task<MySubmissionView> ViewAsync(Assignment assignment, Submission submission, CancellationToken ct)
    {
        var completed = (await store.ReadAsync<ReviewerRecord>(assignment.AssignmentId, ReviewerRecord.IdFor(submission.AuthorId), ct))?.Value.ReviewsCompleted ?? 0;
        var visible = VisibilityRules.CanSeeOwnGrade(submission, completed, assignment.Settings.MustGrade);
        var reviews = visible ? VisibilityRules.ForAuthor(submission, await store.ReviewsOfAsync(submission, ct)) : [];
        return new MySubmissionView(submission.Id, VisibilityRules.StatusFor(assignment, submission, completed, time.GetUtcNow()), submission.Text,
            submission.Files.Select(f => new SubmittedFileView(f.FileName, f.ContentType, f.Size, f.BlobName)).ToList(), reviews);
    }

    private async Task<int> CompletedByAsync(Assignment assignment, Caller learner, CancellationToken ct) =>
        (await store.ReadAsync<ReviewerRecord>(assignment.AssignmentId, ReviewerRecord.IdFor(learner.UserId), ct))?.Value.ReviewsCompleted ?? 0;
}
