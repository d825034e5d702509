using Cooc.Common;
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
    [ApiOperation("Enrollment", "The courses you are enrolled or waitlisted in, newest first (add ?includeWithdrawn=true for the rest). "
        + "Paged with pageSize and continuationToken; a page may hold fewer items than pageSize.", null, typeof(MyCoursePage))]
    public async Task<IResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "me/courses")] HttpRequest request, CancellationToken ct)
    {
        var (caller, authProblem) = await callers.IdentifyAsync(request);
        if (caller is null) return Problems.Unauthorized(authProblem);
        var includeWithdrawn = request.Query["includeWithdrawn"] == "true";
        // Subjects are unique per issuer, not per organization: filter on the caller's organization as well.
        var page = await documents.QueryAsync<LearnerCourse>(Containers.Learners, caller.UserId, new DocumentQuery(
            // Only membership entries: the learner's partition also holds their lecture progress, which has no courseOrganizationId (any string is >= "", a missing property never matches).
            [Condition.Eq("organizationId", caller.OrganizationId), Condition.Ge("courseOrganizationId", "")], [new SortKey("requestedAt", Descending: true)], request.PageSize(), request.ContinuationToken()), ct);
        var languages = request.PreferredLanguages();
        var items = await Task.WhenAll(page.Items.Select(async listed =>
        {
            // The status lives in the enrollment itself, so this list is never stale.
            var enrollment = await documents.ReadAsync<Enrollment>(Containers.Enrollments, listed.Value.CourseId, caller.UserId, ct);
            if (enrollment is null || enrollment.Value.LearnerOrganizationId != caller.OrganizationId) return null;
            var e = enrollment.Value;
            if (e.Status == EnrollmentStatus.Withdrawn && !includeWithdrawn) return null;
            var course = await courses.ReadRecentAsync(e.CourseId, ct);
            (string Language, string Text)? title = course is null ? null : LocalizedText.Pick(course.Value.Title, languages, course.Value.DefaultLanguage);
            return new MyCourseView(e.CourseId, title?.Text, title?.Language, e.Status, e.Source, e.DueDate, e.RequestedAt);
        }));
        return TypedResults.Ok(new MyCoursePage(items.OfType<MyCourseView>().ToList(), page.ContinuationToken));
    }
}
