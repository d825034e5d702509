using Cooc.Common;
using Cooc.Courses;
using Cooc.Enrollments;
using Cooc.Functions.Courses;
using Cooc.Functions.Http;
using Cooc.Functions.Identity;
using Cooc.Functions.Operations;
using Cooc.Ports;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Cooc.Functions.Enrollments;

public sealed class EnrollmentFunctions(CallerIdentification callers, JsonBody body, CourseStore courses, SeatBooking seats,
    TrainingAssignment assignment, SeatReconciler reconciler, IDocumentStore documents, TimeProvider time)
{
    [Function("Enroll")]
    [ApiOperation("Enrollment", "Without a body: enroll yourself (idempotent: a retry returns the same enrollment and takes no second seat). "
        + "With {learners, dueDate} (managers): assign training to up to 10,000 learners, with the outcome per learner.", typeof(AssignTraining), typeof(EnrollmentView))]
    public async Task<IResult> Enroll([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "courses/{courseId}/enrollments")] HttpRequest request, string courseId, CancellationToken ct)
    {
        var (caller, authProblem) = await callers.IdentifyAsync(request);
        if (caller is null) return Problems.Unauthorized(authProblem);
        var course = await courses.ReadVisibleAsync(caller, courseId, ct);
        if (course is null) return Problems.NotFound("Course");
        var now = time.GetUtcNow();
        if (request.ContentLength is null or 0 && !request.Headers.TransferEncoding.Any())
        {
            if (SeatRules.RefuseSelfEnrollment(caller, course.Value, now) is { } refusal) return Problems.From(refusal);
            var enrollment = await seats.SelfEnrollAsync(caller, course.Value, ct);
            return enrollment.Refusal is { } taken ? Problems.From(taken) : TypedResults.Ok(EnrollmentView.Of(enrollment.Value!.Value));
        }
        var (input, bodyProblem) = await body.ReadAsync<AssignTraining>(request);
        if (input is null) return bodyProblem!;
        if (SeatRules.RefuseAssignment(caller, course.Value, input.Learners, input.DueDate, now) is { } assignRefusal) return Problems.From(assignRefusal);
        return TypedResults.Ok(await assignment.AssignAsync(caller, course.Value, input.Learners!, input.DueDate, ct));
    }

    [Function("ListEnrollments")]
    [ApiOperation("Enrollment", "A course's enrollments in request order (course staff); filter with ?status=enrolled|waitlisted|withdrawn, paged with pageSize and continuationToken.", null, typeof(EnrollmentPage))]
    public async Task<IResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "courses/{courseId}/enrollments")] HttpRequest request, string courseId, CancellationToken ct)
    {
        var (caller, authProblem) = await callers.IdentifyAsync(request);
        if (caller is null) return Problems.Unauthorized(authProblem);
        var course = await courses.ReadVisibleAsync(caller, courseId, ct);
        if (course is null) return Problems.NotFound("Course");
        if (!SeatRules.CanListEnrollments(caller, course.Value)) return Problems.From(Refusal.Forbidden("Only the course's staff list its enrollments."));
        var where = new List<Condition>();
        var status = request.Query["status"].ToString();
        if (status.Length > 0)
        {
            if (!Enum.TryParse<EnrollmentStatus>(status, true, out var wanted) || !Enum.IsDefined(wanted))
                return Problems.Validation(new Dictionary<string, string[]> { ["status"] = ["Use enrolled, waitlisted, withdrawn, pending, promoting or withdrawing."] });
            where.Add(Condition.Eq("status", wanted));
        }
        var page = await documents.QueryAsync<Enrollment>(Containers.Enrollments, courseId,
            new DocumentQuery(where, [new SortKey("requestedAt")], request.PageSize(100, 1000), request.ContinuationToken()), ct);
        return TypedResults.Ok(new EnrollmentPage(page.Items.Select(i => EnrollmentView.Of(i.Value)).ToList(), page.ContinuationToken));
    }

    [Function("GetMyEnrollment")]
    [ApiOperation("Enrollment", "Your enrollment in a course, with your place on the waitlist while you wait.", null, typeof(EnrollmentView))]
    public async Task<IResult> GetMine([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "courses/{courseId}/enrollments/me")] HttpRequest request, string courseId, CancellationToken ct)
    {
        var (caller, authProblem) = await callers.IdentifyAsync(request);
        if (caller is null) return Problems.Unauthorized(authProblem);
        var course = await courses.ReadVisibleAsync(caller, courseId, ct);
        if (course is null) return Problems.NotFound("Course");
        var enrollment = await documents.ReadAsync<Enrollment>(Containers.Enrollments, courseId, caller.UserId, ct);
        if (enrollment is null || enrollment.Value.LearnerOrganizationId != caller.OrganizationId) return Problems.NotFound("Enrollment");
        return TypedResults.Ok(EnrollmentView.Of(enrollment.Value) with { WaitlistPosition = await Waitlist.PositionAsync(documents, enrollment.Value, ct) });
    }

    [Function("Unenroll")]
    [ApiOperation("Enrollment", "Leave a course you enrolled in yourself; your seat goes to the first learner on the waitlist. Assigned training is left only through a manager.", null, typeof(EnrollmentView))]
    public async Task<IResult> Unenroll([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "courses/{courseId}/enrollments/me")] HttpRequest request, string courseId, CancellationToken ct)
    {
        var (caller, authProblem) = await callers.IdentifyAsync(request);
        if (caller is null) return Problems.Unauthorized(authProblem);
        var course = await courses.ReadVisibleAsync(caller, courseId, ct);
        if (course is null) return Problems.NotFound("Course");
        var current = await documents.ReadAsync<Enrollment>(Containers.Enrollments, courseId, caller.UserId, ct);
        if (current is null || current.Value.LearnerOrganizationId != caller.OrganizationId) return Problems.NotFound("Enrollment");
        if (current.Value.Source == EnrollmentSource.Assigned && current.Value.Status != EnrollmentStatus.Withdrawn)
            return Problems.From(Refusal.Conflict("Assigned training.", "Your manager assigned this course; ask them to withdraw you."));
        var withdrawn = await seats.WithdrawAsync(course.Value, caller.UserId, ct);
        return withdrawn.Refusal is { } refusal ? Problems.From(refusal) : TypedResults.Ok(EnrollmentView.Of(withdrawn.Value!.Value));
    }

    [Function("ReconcileSeats")]
    [ApiOperation("Enrollment", "Recount a course's seats from its enrollments now, settling any seat change a crash left half done (managers, admins).", null, typeof(ReconcileReport))]
    public async Task<IResult> Reconcile([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "courses/{courseId}/enrollments/reconcile")] HttpRequest request, string courseId, CancellationToken ct)
    {
        var (caller, authProblem) = await callers.IdentifyAsync(request);
        if (caller is null) return Problems.Unauthorized(authProblem);
        var course = await courses.ReadVisibleAsync(caller, courseId, ct);
        if (course is null) return Problems.NotFound("Course");
        if (!SeatRules.ManagesSeats(caller, course.Value))
            return Problems.From(Refusal.Forbidden("Only managers and admins of the course's organization reconcile seats."));
        return TypedResults.Ok(new ReconcileReport(await reconciler.ReconcileAsync(course.Value, full: true, ct)));
    }
}

public sealed record ReconcileReport(ReconcileResult Result);
