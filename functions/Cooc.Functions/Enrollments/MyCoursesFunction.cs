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

public sealed class MyCoursesFunction(CallerIdentification callers, CourseStore courses, IDocumentStore documents)
{
    [Function("MyCourses")]
    [ApiOperation("Enrollment", "The courses you are enrolled or waitlisted in (add ?includeWithdrawn=true for the rest), paged.", null, typeof(MyCoursePage))]
    public async Task<IResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "me/courses")] HttpRequest request, CancellationToken ct)
    {
        var (caller, authProblem) = await callers.IdentifyAsync(request);
        if (caller is null) return Problems.Unauthorized(authProblem);
        // Subjects are unique per issuer, not per organization: filter on the caller's organization as well.
        var where = new List<Condition> { Condition.Eq("organizationId", caller.OrganizationId) };
        if (request.Query["includeWithdrawn"] != "true") where.Add(Condition.Ne("status", EnrollmentStatus.Withdrawn));
        var page = await documents.QueryAsync<LearnerCourse>(Containers.Learners, caller.UserId,
            new DocumentQuery(where, [new SortKey("requestedAt", Descending: true)], request.PageSize(), request.ContinuationToken()), ct);
        var languages = request.PreferredLanguages();
        var items = await Task.WhenAll(page.Items.Select(async item =>
        {
            var course = await courses.ReadRecentAsync(item.Value.CourseId, ct);
            (string Language, string Text)? title = course is null ? null : LocalizedText.Pick(course.Value.Title, languages, course.Value.DefaultLanguage);
            var e = item.Value;
            return new MyCourseView(e.CourseId, title?.Text, title?.Language, e.Status, e.Source, e.DueDate, e.RequestedAt);
        }));
        return TypedResults.Ok(new MyCoursePage(items, page.ContinuationToken));
    }
}
