using Cooc.Assessment;
using Cooc.Functions.Http;
using Cooc.Functions.Identity;
using Cooc.Functions.Operations;
using Cooc.Ports;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Cooc.Functions.Assessment;

/// <summary>
/// Staff edit an assignment: PUT replaces module, texts and settings (a rubric given too); PATCH changes only the parts
/// given. A changed rubric becomes a new version once a submission may exist (<see cref="AssignmentRules.ReviseRubric"/>);
/// submissions keep the version they were made with. If-Match with the assignment's ETag guards against lost updates.
/// </summary>
public sealed class AssignmentEditFunctions(CallerIdentification callers, JsonBody body, AssignmentAccess access, AssessmentStore store,
    IDocumentStore documents, ReleasesAtClose closing, TimeProvider time)
{
    [Function("ReplaceAssignment")]
    [ApiOperation("Assessment", "Replace an assignment's module, texts and settings, and its rubric if given (course staff). A rubric changed once submissions may exist becomes a new version for new submissions.",
        typeof(AssignmentInput), typeof(AssignmentView))]
    public Task<IResult> Replace([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "assignments/{assignmentId}")] HttpRequest request,
        string assignmentId, CancellationToken ct) => EditAsync(request, assignmentId, merge: false, ct);

    [Function("PatchAssignment")]
    [ApiOperation("Assessment", "Change parts of an assignment (course staff): the parts given replace the current ones as wholes (settings, rubric); the rest stays.",
        typeof(AssignmentInput), typeof(AssignmentView))]
    public Task<IResult> Patch([HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "assignments/{assignmentId}")] HttpRequest request,
        string assignmentId, CancellationToken ct) => EditAsync(request, assignmentId, merge: true, ct);

    private async Task<IResult> EditAsync(HttpRequest request, string assignmentId, bool merge, CancellationToken ct)
    {
        var (caller, authProblem) = await callers.IdentifyAsync(request);
        if (caller is null) return Problems.Unauthorized(authProblem);
        var context = await access.ForManagingAsync(caller, assignmentId, ct);
        if (context.Refusal is { } refusal) return Problems.From(refusal);
        var (input, bodyProblem) = await body.ReadAsync<AssignmentInput>(request);
        if (input is null) return bodyProblem!;
        var ifMatch = request.IfMatch();
        if (ifMatch is not null && RequestExtensions.Unquoted(ifMatch) != RequestExtensions.Unquoted(context.Value!.Stored.ETag))
            return Problems.Problem(StatusCodes.Status412PreconditionFailed, "The assignment changed since you read it.", "Read it again and redo your edit.");
        var hasSubmissions = (await documents.QueryAsync<Submission>(Containers.Assessment, assignmentId,
            new DocumentQuery([Condition.Eq("kind", Submission.DocumentKind)], null, 1), ct)).Items.Count > 0;
        var course = context.Value!.Course;
        var edited = await store.ChangeAsync<Assignment>(assignmentId, assignmentId,
            a => AssignmentRules.Edit(a, course, merge ? AssignmentRules.Merge(a, input) : input, hasSubmissions, caller, time.GetUtcNow()), ct);
        if (edited.Refusal is { } invalid) return Problems.From(invalid);
        // Dates may have moved: the pass for the (new) close date; one already sent for that date is a duplicate.
        await closing.ScheduleAsync(edited.Value!.Value, ct);
        request.HttpContext.Response.SetETag(edited.Value!.ETag);
        return TypedResults.Ok(AssignmentView.Of(edited.Value.Value, staff: true));
    }
}
