using Cooc.Assessment;
using Cooc.Functions.Http;
using Cooc.Functions.Identity;
using Cooc.Functions.Operations;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Cooc.Functions.Assessment;

/// <summary>Staff resolve an author's appeal: the grade stands or staff give a new one; either way audited.</summary>
public sealed class AppealFunctions(CallerIdentification callers, JsonBody body, AssignmentAccess access, StaffDecisions decisions, TimeProvider time)
{
    [Function("ResolveAppeal")]
    [ApiOperation("Assessment", "Resolve the open appeal of a submission (course staff): {response} to uphold the grade, or with newGrade {options, reason, waiveLatePenalty} to change it. "
        + "The learner sees the response; an audit entry records who, when, why, before and after. 404 without an appeal, 409 once resolved.",
        typeof(AppealResolutionInput), typeof(StaffGradeView))]
    public async Task<IResult> Resolve([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "assignments/{assignmentId}/submissions/{submissionId}/appeal/resolve")] HttpRequest request,
        string assignmentId, string submissionId, CancellationToken ct)
    {
        var (caller, authProblem) = await callers.IdentifyAsync(request);
        if (caller is null) return Problems.Unauthorized(authProblem);
        var context = await access.ForManagingAsync(caller, assignmentId, ct);
        if (context.Refusal is { } refusal) return Problems.From(refusal);
        var (input, bodyProblem) = await body.ReadAsync<AppealResolutionInput>(request);
        if (input is null) return bodyProblem!;
        var (assignment, course) = (context.Value!.Assignment, context.Value.Course);
        var decided = await decisions.ApplyAsync(assignment, submissionId,
            (submission, auditId) => StaffRules.ResolveAppeal(assignment, course, submission, input, caller, auditId, time.GetUtcNow()), ct);
        if (decided.Refusal is { } refused) return Problems.From(refused);
        return TypedResults.Ok(StaffGradeView.Of(decided.Value!));
    }
}
