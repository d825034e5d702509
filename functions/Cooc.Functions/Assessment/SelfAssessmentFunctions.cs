using Cooc.Assessment;
using Cooc.Functions.Http;
using Cooc.Functions.Identity;
using Cooc.Functions.Operations;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Cooc.Functions.Assessment;

/// <summary>
/// The author scores their own submission, once, when the assignment asks for it. It never counts in the grade; it
/// is part of what the author owes before the grade is released to them, so a release may follow at once.
/// </summary>
public sealed class SelfAssessmentFunctions(CallerIdentification callers, JsonBody body, AssignmentAccess access, AssessmentStore store,
    GradeReleases releases, MySubmissionViews views, TimeProvider time)
{
    [Function("SelfAssess")]
    [ApiOperation("Assessment", "Score your own submission with its rubric (seat holders, when the assignment asks for it): an option index per criterion, optional feedback. Once (409 after).",
        typeof(ReviewInput), typeof(MySubmissionView))]
    public async Task<IResult> SelfAssess([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "assignments/{assignmentId}/submissions/me/self-assessment")] HttpRequest request,
        string assignmentId, CancellationToken ct)
    {
        var (caller, authProblem) = await callers.IdentifyAsync(request);
        if (caller is null) return Problems.Unauthorized(authProblem);
        var context = await access.ForParticipatingAsync(caller, assignmentId, ct);
        if (context.Refusal is { } refusal) return Problems.From(refusal);
        var (input, bodyProblem) = await body.ReadAsync<ReviewInput>(request);
        if (input is null) return bodyProblem!;
        var assignment = context.Value!.Assignment;
        var id = Submission.IdFor(caller.UserId);
        if (await store.ReadAsync<Submission>(assignmentId, id, ct) is null) return Problems.NotFound("Submission");
        var assessed = await store.ChangeAsync<Submission>(assignmentId, id, s => ReviewRules.SelfAssess(assignment, s, input, caller, time.GetUtcNow()), ct);
        if (assessed.Refusal is { } refused) return Problems.From(refused);
        var settled = await releases.SettleAsync(assignment, id, refresh: false, ct) ?? assessed.Value!.Value;
        return TypedResults.Ok(await views.ViewAsync(assignment, settled, ct));
    }
}
