using Cooc.Common;
using Cooc.Courses;
using Cooc.Functions.Enrollments;
using Cooc.Functions.Http;
using Cooc.Functions.Identity;
using Cooc.Functions.Operations;
using Cooc.Identity;
using Cooc.Ports;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Cooc.Functions.Courses;

public sealed class CourseFunctions(CallerIdentification callers, JsonBody body, CourseStore courses, CourseCatalog catalog, SeatBooking seats, TimeProvider time)
{
    [Function("CreateCourse")]
    [ApiOperation("Courses", "Create a draft course (instructors, managers, admins).", typeof(CourseInput), typeof(CourseView), StatusCodes.Status201Created)]
    public async Task<IResult> Create([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "courses")] HttpRequest request, CancellationToken ct)
    {
        var (caller, authProblem) = await callers.IdentifyAsync(request);
        if (caller is null) return Problems.Unauthorized(authProblem);
        var (input, bodyProblem) = await body.ReadAsync<CourseInput>(request);
        if (input is null) return bodyProblem!;
        var decision = CourseRules.Create(input, Ids.New("crs"), caller, time.GetUtcNow());
        if (decision.Refusal is { } refusal) return Problems.From(refusal);
        var stored = await courses.CreateAsync(decision.Value!, ct);
        request.HttpContext.Response.SetETag(stored.ETag);
        return TypedResults.Created($"/api/courses/{stored.Value.CourseId}", CourseView.Of(stored.Value, caller, request.PreferredLanguages()));
    }

    [Function("ListCourses")]
    [ApiOperation("Courses", "List courses: ?scope=organization (default: your organization's; drafts too for staff) or ?scope=public (open courses of every organization). Paged with pageSize and continuationToken.", null, typeof(CoursePage))]
    public async Task<IResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "courses")] HttpRequest request, CancellationToken ct)
    {
        var (caller, authProblem) = await callers.IdentifyAsync(request);
        if (caller is null) return Problems.Unauthorized(authProblem);
        var scope = request.Query["scope"].ToString();
        if (scope is not ("" or "organization" or "public"))
            return Problems.Validation(new Dictionary<string, string[]> { ["scope"] = ["Use 'organization' or 'public'."] });
        var page = scope == "public"
            ? await catalog.ListAsync(CatalogEntry.PublicPartition, true, request.PageSize(), request.ContinuationToken(), ct)
            : await catalog.ListAsync(CatalogEntry.PartitionFor(caller.OrganizationId), !caller.IsCourseStaff, request.PageSize(), request.ContinuationToken(), ct);
        var languages = request.PreferredLanguages();
        return TypedResults.Ok(new CoursePage(page.Items.Select(i => CourseSummaryView.Of(i.Value, languages)).ToList(), page.ContinuationToken));
    }

    [Function("GetCourse")]
    [ApiOperation("Courses", "A course in the caller's language (Accept-Language), with its ETag.", null, typeof(CourseView))]
    public async Task<IResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "courses/{courseId}")] HttpRequest request, string courseId, CancellationToken ct)
    {
        var (caller, authProblem) = await callers.IdentifyAsync(request);
        if (caller is null) return Problems.Unauthorized(authProblem);
        var stored = await courses.ReadVisibleAsync(caller, courseId, ct);
        if (stored is null) return Problems.NotFound("Course");
        request.HttpContext.Response.SetETag(stored.ETag);
        return TypedResults.Ok(CourseView.Of(stored.Value, caller, request.PreferredLanguages()));
    }

    [Function("UpdateCourse")]
    [ApiOperation("Courses", "Replace a course's settings; send If-Match with the ETag you read to refuse a concurrent edit (412).", typeof(CourseInput), typeof(CourseView))]
    public async Task<IResult> Update([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "courses/{courseId}")] HttpRequest request, string courseId, CancellationToken ct)
    {
        var (caller, authProblem) = await callers.IdentifyAsync(request);
        if (caller is null) return Problems.Unauthorized(authProblem);
        var (input, bodyProblem) = await body.ReadAsync<CourseInput>(request);
        if (input is null) return bodyProblem!;
        var now = time.GetUtcNow();
        var outcome = await courses.UpdateAsync(courseId, request.IfMatch(), c => CourseRules.Edit(c, input, caller, now), ct);
        if (outcome.Refusal is { } refusal) return Problems.From(refusal);
        await seats.SyncCapacityAsync(outcome.Value!.Value, ct);
        return Saved(request, outcome.Value!, caller, StatusCodes.Status200OK);
    }

    [Function("PublishCourse")]
    [ApiOperation("Courses", "Publish a course so learners can see it and enroll.", null, typeof(CourseView))]
    public async Task<IResult> Publish([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "courses/{courseId}/publish")] HttpRequest request, string courseId, CancellationToken ct)
    {
        var (caller, authProblem) = await callers.IdentifyAsync(request);
        if (caller is null) return Problems.Unauthorized(authProblem);
        var now = time.GetUtcNow();
        var outcome = await courses.UpdateAsync(courseId, request.IfMatch(), c => CourseRules.Publish(c, caller, now), ct);
        return outcome.Refusal is { } refusal ? Problems.From(refusal) : Saved(request, outcome.Value!, caller, StatusCodes.Status200OK);
    }

    [Function("AddModule")]
    [ApiOperation("Courses", "Append a module to a course.", typeof(NewModule), typeof(CourseView), StatusCodes.Status201Created)]
    public async Task<IResult> AddModule([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "courses/{courseId}/modules")] HttpRequest request, string courseId, CancellationToken ct)
    {
        var (caller, authProblem) = await callers.IdentifyAsync(request);
        if (caller is null) return Problems.Unauthorized(authProblem);
        var (input, bodyProblem) = await body.ReadAsync<NewModule>(request);
        if (input is null) return bodyProblem!;
        var (moduleId, now) = (Ids.New("mod"), time.GetUtcNow());
        var outcome = await courses.UpdateAsync(courseId, request.IfMatch(), c => CourseRules.AddModule(c, input.Title, moduleId, caller, now), ct);
        return outcome.Refusal is { } refusal ? Problems.From(refusal) : Saved(request, outcome.Value!, caller, StatusCodes.Status201Created);
    }

    [Function("AddLecture")]
    [ApiOperation("Courses", "Append a lecture to one of the course's modules.", typeof(NewLecture), typeof(CourseView), StatusCodes.Status201Created)]
    public async Task<IResult> AddLecture([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "courses/{courseId}/lectures")] HttpRequest request, string courseId, CancellationToken ct)
    {
        var (caller, authProblem) = await callers.IdentifyAsync(request);
        if (caller is null) return Problems.Unauthorized(authProblem);
        var (input, bodyProblem) = await body.ReadAsync<NewLecture>(request);
        if (input is null) return bodyProblem!;
        var (lectureId, now) = (Ids.New("lec"), time.GetUtcNow());
        var outcome = await courses.UpdateAsync(courseId, request.IfMatch(), c => CourseRules.AddLecture(c, input.ModuleId, input.Title, lectureId, caller, now), ct);
        return outcome.Refusal is { } refusal ? Problems.From(refusal) : Saved(request, outcome.Value!, caller, StatusCodes.Status201Created);
    }

    private static IResult Saved(HttpRequest request, StoredDocument<Course> stored, Caller caller, int status)
    {
        request.HttpContext.Response.SetETag(stored.ETag);
        var view = CourseView.Of(stored.Value, caller, request.PreferredLanguages());
        return status == StatusCodes.Status201Created ? TypedResults.Created($"/api/courses/{view.CourseId}", view) : TypedResults.Ok(view);
    }
}
