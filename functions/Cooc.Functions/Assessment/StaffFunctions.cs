using Cooc.Assessment;
using Cooc.Functions.Http;
using Cooc.Functions.Identity;
using Cooc.Functions.Operations;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Cooc.Functions.Assessment;

/// <summary>Course staff: grade any submission (overriding peers, audited) and see who waits for what.</summary>
public sealed class StaffFunctions(CallerIdentification callers, JsonBody body, AssignmentAccess access, AssessmentStore store,
    StaffDecisions decisions, TimeProvider time)
{
    [Function("StaffGrade")]
    [ApiOperation("Assessment", "Grade a submission as staff ({options, reason, waiveLatePenalty}): the grade in force from now on, the peers' grade kept, an audit entry of who, when, why, before and after. "
        + "The submission id is \"submission:{authorId}\" (the waiting report lists authors).", typeof(StaffGradeInput), typeof(StaffGradeView))]
    public async Task<IResult> Grade([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "assignments/{assignmentId}/submissions/{submissionId}/staff-grade")] HttpRequest request,
        string assignmentId, string submissionId, CancellationToken ct)
    {
        var (caller, authProblem) = await callers.IdentifyAsync(request);
        if (caller is null) return Problems.Unauthorized(authProblem);
        var context = await access.ForManagingAsync(caller, assignmentId, ct);
        if (context.Refusal is { } refusal) return Problems.From(refusal);
        var (input, bodyProblem) = await body.ReadAsync<StaffGradeInput>(request);
        if (input is null) return bodyProblem!;
        var (assignment, course) = (context.Value!.Assignment, context.Value.Course);
        var decided = await decisions.ApplyAsync(assignment, submissionId,
            (submission, auditId) => StaffRules.Grade(assignment, course, submission, input, caller, auditId, time.GetUtcNow()), ct);
        if (decided.Refusal is { } refused) return Problems.From(refused);
        return TypedResults.Ok(StaffGradeView.Of(decided.Value!));
    }

    [Function("WaitingReport")]
    [ApiOperation("Assessment", "Who waits for what (course staff): one row per submission, staff's queue first, then the longest waiting.", null, typeof(WaitingReportView))]
    public async Task<IResult> Waiting([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "assignments/{assignmentId}/waiting")] HttpRequest request,
        string assignmentId, CancellationToken ct)
    {
        var (caller, authProblem) = await callers.IdentifyAsync(request);
        if (caller is null) return Problems.Unauthorized(authProblem);
        var context = await access.ForManagingAsync(caller, assignmentId, ct);
        if (context.Refusal is { } refusal) return Problems.From(refusal);
        var submissions = await store.QueryAllAsync<Submission>(assignmentId, Submission.DocumentKind, [], ct);
        var reviewers = await store.QueryAllAsync<ReviewerRecord>(assignmentId, ReviewerRecord.DocumentKind, [], ct);
        var now = time.GetUtcNow();
        return TypedResults.Ok(new WaitingReportView(assignmentId, now, WaitingReport.Build(submissions, reviewers, context.Value!.Assignment, now)));
    }
}
