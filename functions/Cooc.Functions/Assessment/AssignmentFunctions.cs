using Cooc.Assessment;
using Cooc.Common;
using Cooc.Functions.Courses;
using Cooc.Functions.Http;
using Cooc.Functions.Identity;
using Cooc.Functions.Operations;
using Cooc.Ports;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Cooc.Functions.Assessment;

/// <summary>Peer-graded assignments: staff create them on a course module; staff and seat holders read them; calibration before reviewing.</summary>
public sealed class AssignmentFunctions(CallerIdentification callers, JsonBody body, CourseStore courses, AssignmentAccess access,
    AssessmentStore store, IDocumentStore documents, ReleasesAtClose closing, TimeProvider time)
{
    [Function("CreateAssignment")]
    [ApiOperation("Assessment", "Create a peer-graded assignment on a module of the course (course staff): texts, settings and a rubric (version 1).", typeof(AssignmentInput), typeof(AssignmentView), StatusCodes.Status201Created)]
    public async Task<IResult> Create([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "courses/{courseId}/assignments")] HttpRequest request,
        string courseId, CancellationToken ct)
    {
        var (caller, authProblem) = await callers.IdentifyAsync(request);
        if (caller is null) return Problems.Unauthorized(authProblem);
        var course = await courses.ReadVisibleAsync(caller, courseId, ct);
        if (course is null) return Problems.NotFound("Course");
        if (AssessmentAccess.RefuseManage(caller, course.Value) is { } forbidden) return Problems.From(forbidden);
        var (input, bodyProblem) = await body.ReadAsync<AssignmentInput>(request);
        if (input is null) return bodyProblem!;
        var decision = AssignmentRules.Create(course.Value, input, Ids.New("asg"), caller, time.GetUtcNow());
        if (decision.Refusal is { } refusal) return Problems.From(refusal);
        var stored = await documents.CreateAsync(Containers.Assessment, decision.Value!.AssignmentId, decision.Value, ct);
        await closing.ScheduleAsync(stored.Value, ct);
        request.HttpContext.Response.SetETag(stored.ETag);
        return TypedResults.Created($"/api/assignments/{stored.Value.AssignmentId}", AssignmentView.Of(stored.Value, staff: true));
    }

    [Function("GetAssignment")]
    [ApiOperation("Assessment", "An assignment with its rubric versions (course staff and seat holders); learners get the active calibration examples without the staff's scores.", null, typeof(AssignmentView))]
    public async Task<IResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "assignments/{assignmentId}")] HttpRequest request,
        string assignmentId, CancellationToken ct)
    {
        var (caller, authProblem) = await callers.IdentifyAsync(request);
        if (caller is null) return Problems.Unauthorized(authProblem);
        var context = await access.ForViewingAsync(caller, assignmentId, ct);
        if (context.Refusal is { } refusal) return Problems.From(refusal);
        request.HttpContext.Response.SetETag(context.Value!.Stored.ETag);
        return TypedResults.Ok(AssignmentView.Of(context.Value.Assignment, context.Value.IsStaff));
    }

    [Function("Calibrate")]
    [ApiOperation("Assessment", "Staff add a calibration example ({text, options, notes}: 201 with the assignment); learners score one ({exampleId, options}: the differences from staff, per criterion). Learners claim reviews once they scored every active example.", typeof(CalibrationInput), typeof(CalibrationResult))]
    public async Task<IResult> Calibrate([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "assignments/{assignmentId}/calibration")] HttpRequest request,
        string assignmentId, CancellationToken ct)
    {
        var (caller, authProblem) = await callers.IdentifyAsync(request);
        if (caller is null) return Problems.Unauthorized(authProblem);
        var context = await access.ForViewingAsync(caller, assignmentId, ct);
        if (context.Refusal is { } refusal) return Problems.From(refusal);
        var (input, bodyProblem) = await body.ReadAsync<CalibrationInput>(request);
        if (input is null) return bodyProblem!;
        var (assignment, course) = (context.Value!.Assignment, context.Value.Course);
        if (context.Value.IsStaff)
        {
            var added = await store.ChangeAsync<Assignment>(assignmentId, assignmentId, a => AssignmentRules.AddCalibrationExample(a, course,
                new CalibrationExampleInput(input.Text, input.Options, input.Notes), Ids.New("cal"), caller, time.GetUtcNow()), ct);
            return added.Refusal is { } invalid ? Problems.From(invalid)
                : TypedResults.Created($"/api/assignments/{assignmentId}", AssignmentView.Of(added.Value!.Value, staff: true));
        }
        var example = AssignmentRules.ActiveCalibrationExamples(assignment).FirstOrDefault(e => e.ExampleId == input.ExampleId);
        if (example is null)
            return Problems.Validation(new Dictionary<string, string[]> { ["exampleId"] = ["Give the id of an active calibration example."] });
        var scored = CalibrationRules.Score(assignment.Rubric(example.RubricVersion)!, example, input.Options, time.GetUtcNow());
        if (scored.Refusal is { } wrong) return Problems.From(wrong);
        await store.ChangeAsync<ReviewerRecord>(assignmentId, ReviewerRecord.IdFor(caller.UserId),
            () => ReviewerRecord.New(assignmentId, assignment.OrganizationId, caller.UserId, time.GetUtcNow()),
            r => CalibrationRules.Apply(r, scored.Value!, time.GetUtcNow()), ct);
        return TypedResults.Ok(scored.Value);
    }
}
