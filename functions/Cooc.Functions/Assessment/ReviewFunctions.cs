using Cooc.Assessment;
using Cooc.Functions.Http;
using Cooc.Functions.Identity;
using Cooc.Functions.Operations;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Cooc.Functions.Assessment;

/// <summary>
/// Peer review: a learner who submitted claims someone else's work (the same lease again until it ends) and submits
/// their review to the review id the claim gave. See <see cref="ReviewClaims"/> and <see cref="ReviewCompletions"/>.
/// </summary>
public sealed class ReviewFunctions(CallerIdentification callers, JsonBody body, AssignmentAccess access, ReviewClaims claims,
    ReviewCompletions completions)
{
    [Function("ClaimReview")]
    [ApiOperation("Assessment", "Get a submission to review (seat holders who submitted): your open one again, else the oldest that needs reviews, never your own nor one you had; "
        + "{available:false} when nothing waits. Submit the review to .../reviews/{reviewId} before the lease expires.", null, typeof(ClaimView))]
    public async Task<IResult> Claim([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "assignments/{assignmentId}/reviews/claim")] HttpRequest request,
        string assignmentId, CancellationToken ct)
    {
        var (caller, authProblem) = await callers.IdentifyAsync(request);
        if (caller is null) return Problems.Unauthorized(authProblem);
        var context = await access.ForParticipatingAsync(caller, assignmentId, ct);
        if (context.Refusal is { } refusal) return Problems.From(refusal);
        var claim = await claims.ClaimAsync(context.Value!.Assignment, caller, ct);
        if (claim.Refusal is { } refused) return Problems.From(refused);
        return TypedResults.Ok(claim.Value is { } claimed ? ClaimView.Of(context.Value.Assignment, claimed) : ClaimView.Nothing);
    }

    [Function("SubmitReview")]
    [ApiOperation("Assessment", "Submit the review of a claimed submission: an option index per criterion, optional feedback. 201; repeating it answers 200 with the stored review.",
        typeof(ReviewInput), typeof(SubmittedReviewView), StatusCodes.Status201Created)]
    public async Task<IResult> Submit([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "assignments/{assignmentId}/reviews/{reviewId}")] HttpRequest request,
        string assignmentId, string reviewId, CancellationToken ct)
    {
        var (caller, authProblem) = await callers.IdentifyAsync(request);
        if (caller is null) return Problems.Unauthorized(authProblem);
        var context = await access.ForParticipatingAsync(caller, assignmentId, ct);
        if (context.Refusal is { } refusal) return Problems.From(refusal);
        var (input, bodyProblem) = await body.ReadAsync<ReviewInput>(request);
        if (input is null) return bodyProblem!;
        var submitted = await completions.SubmitAsync(context.Value!.Assignment, caller, reviewId, input, ct);
        if (submitted.Refusal is { } refused) return Problems.From(refused);
        var view = SubmittedReviewView.Of(submitted.Value!.Review);
        return submitted.Value.Created ? TypedResults.Created($"/api/assignments/{assignmentId}/reviews/{reviewId}", view) : TypedResults.Ok(view);
    }
}
