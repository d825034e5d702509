using Cooc.Assessment;
using Cooc.Common;
using Cooc.Functions.Http;
using Cooc.Functions.Identity;
using Cooc.Functions.Operations;
using Cooc.Ports;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Cooc.Functions.Assessment;

/// <summary>
/// Flags of offensive work: a reviewer flags the submission they were handed (by the review id their claim gave), an
/// author flags a review of their work (by its id in their submission view); staff list and resolve them. The flagger
/// gets a receipt without the flag's id, which names both sides.
/// </summary>
public sealed class FlagFunctions(CallerIdentification callers, JsonBody body, AssignmentAccess access, AssessmentStore store,
    IDocumentStore documents, TimeProvider time)
{
    [Function("FlagWork")]
    [ApiOperation("Assessment", "Flag offensive work for staff (seat holders): {target: submission, reviewId: the id your claim gave, reason} for a submission you were handed to review, "
        + "or {target: review, reviewId, reason} for a review of your own submission. Once per person and target (409 after).", typeof(FlagInput), typeof(FlagReceipt), StatusCodes.Status201Created)]
    public async Task<IResult> Flag([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "assignments/{assignmentId}/flags")] HttpRequest request,
        string assignmentId, CancellationToken ct)
    {
        var (caller, authProblem) = await callers.IdentifyAsync(request);
        if (caller is null) return Problems.Unauthorized(authProblem);
        var context = await access.ForParticipatingAsync(caller, assignmentId, ct);
        if (context.Refusal is { } refusal) return Problems.From(refusal);
        var (input, bodyProblem) = await body.ReadAsync<FlagInput>(request);
        if (input is null) return bodyProblem!;
        if (input.Target is not { } target || !Enum.IsDefined(target))
            return Problems.Validation(new Dictionary<string, string[]> { ["target"] = ["submission or review."] });
        if (!Ids.IsValid(input.ReviewId)) return Problems.NotFound(target == FlagTarget.Review ? "Review" : "Submission");
        var now = time.GetUtcNow();
        Outcome<Flag> flag;
        if (target == FlagTarget.Review)
        {
            var review = await store.ReadAsync<Review>(assignmentId, input.ReviewId!, ct);
            flag = review is null ? Refusal.NotFound("Review") : FlagRules.FlagReview(review.Value, caller, input.Reason, now);
        }
        else flag = await FlagHandedSubmissionAsync(assignmentId, input, caller, now, ct);
        if (flag.Refusal is { } refused) return Problems.From(refused);
        try
        {
            await documents.CreateAsync(Containers.Assessment, assignmentId, flag.Value!, ct);
        }
        catch (DocumentConflictException)
        {
            await RecountAsync(assignmentId, flag.Value!, ct); // repairs a count a crash left behind
            return Problems.Problem(StatusCodes.Status409Conflict, "You already flagged this.");
        }
        var created = flag.Value!;
        await RecountAsync(assignmentId, created, ct);
        return TypedResults.Created((string?)null, new FlagReceipt(created.Target, created.Status, created.At));
    }

    [Function("ListFlags")]
    [ApiOperation("Assessment", "Flags of the assignment (course staff), newest first; ?status=open|dismissed|upheld filters.", null, typeof(FlagList))]
    public async Task<IResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "assignments/{assignmentId}/flags")] HttpRequest request,
        string assignmentId, CancellationToken ct)
    {
        var (caller, authProblem) = await callers.IdentifyAsync(request);
        if (caller is null) return Problems.Unauthorized(authProblem);
        var context = await access.ForManagingAsync(caller, assignmentId, ct);
        if (context.Refusal is { } refusal) return Problems.From(refusal);
        List<Condition> where = [];
        if (request.Query["status"] is { Count: > 0 } status)
        {
            if (!Enum.TryParse<FlagStatus>(status[0], ignoreCase: true, out var wanted) || !Enum.IsDefined(wanted))
                return Problems.Validation(new Dictionary<string, string[]> { ["status"] = ["open, dismissed or upheld."] });
            where.Add(Condition.Eq("status", wanted));
        }
        var flags = await store.QueryAllAsync<Flag>(assignmentId, Cooc.Assessment.Flag.DocumentKind, where, ct);
        return TypedResults.Ok(new FlagList(flags.OrderByDescending(f => f.At).ThenBy(f => f.Id, StringComparer.Ordinal).ToList()));
    }

    [Function("ResolveFlag")]
    [ApiOperation("Assessment", "Resolve an open flag (course staff): {upheld, note}. What upholding leads to (a staff grade, say) is a separate action. 409 once resolved.",
        typeof(FlagResolutionInput), typeof(Flag))]
    public async Task<IResult> Resolve([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "assignments/{assignmentId}/flags/{flagId}/resolve")] HttpRequest request,
        string assignmentId, string flagId, CancellationToken ct)
    {
        var (caller, authProblem) = await callers.IdentifyAsync(request);
        if (caller is null) return Problems.Unauthorized(authProblem);
        var context = await access.ForManagingAsync(caller, assignmentId, ct);
        if (context.Refusal is { } refusal) return Problems.From(refusal);
        var (input, bodyProblem) = await body.ReadAsync<FlagResolutionInput>(request);
        if (input is null) return bodyProblem!;
        if (!IsFlagId(flagId) || await store.ReadAsync<Flag>(assignmentId, flagId, ct) is null) return Problems.NotFound("Flag");
        var resolved = await store.ChangeAsync<Flag>(assignmentId, flagId,
            f => FlagRules.Resolve(f, context.Value!.Course, caller, input.Upheld ?? false, input.Note, time.GetUtcNow()), ct);
        if (resolved.Refusal is { } refused) return Problems.From(refused);
        var flag = resolved.Value!.Value;
        await RecountAsync(assignmentId, flag, ct);
        return TypedResults.Ok(flag);
    }

    /// <summary>Submission flags count toward the submission's FlagCount (the staff queue's "flagged"); review flags do not.</summary>
    private Task RecountAsync(string assignmentId, Flag flag, CancellationToken ct) =>
        flag.Target == FlagTarget.Submission ? store.RecountFlagsAsync(assignmentId, flag.SubmissionId, flag.SubmissionRevision, ct) : Task.CompletedTask;

    /// <summary>The submission the reviewer's lease (found by its review id) was for, if they still may flag it.</summary>
    private async Task<Outcome<Flag>> FlagHandedSubmissionAsync(string assignmentId, FlagInput input, Cooc.Identity.Caller caller, DateTimeOffset now, CancellationToken ct)
    {
        var query = new DocumentQuery([Condition.Eq("kind", ReviewLease.DocumentKind), Condition.Eq("reviewerId", caller.UserId), Condition.Eq("reviewId", input.ReviewId)], null, 2);
        var lease = (await documents.QueryAsync<ReviewLease>(Containers.Assessment, assignmentId, query, ct)).Items.FirstOrDefault()?.Value;
        var submission = lease is null ? null : await store.ReadAsync<Submission>(assignmentId, lease.SubmissionId, ct);
        if (lease is null || submission is null) return Refusal.NotFound("Submission");
        if (submission.Value.Revision != lease.SubmissionRevision) return Refusal.Conflict("The author replaced this submission.");
        return FlagRules.FlagSubmission(submission.Value, caller, input.Reason, now);
    }

    private static bool IsFlagId(string id) =>
        id.StartsWith("flag:", StringComparison.Ordinal) && id.Length <= 4 * Ids.MaxLength && id.Split(':').Skip(1).All(Ids.IsValid);
}

/// <summary>What to flag: Target submission (ReviewId: the id your claim gave) or review (ReviewId: the review's id), and why.</summary>
public sealed record FlagInput(FlagTarget? Target, string? ReviewId, string? Reason);

/// <summary>The flag as its flagger sees it: never its id or anyone's identity.</summary>
public sealed record FlagReceipt(FlagTarget Target, FlagStatus Status, DateTimeOffset At);

public sealed record FlagList(IReadOnlyList<Flag> Items);

public sealed record FlagResolutionInput(bool? Upheld, string? Note);
