using System.Net;
using Cooc.Identity;
using Cooc.Ports;

namespace Cooc.Api.Tests;

public sealed class ServerErrorTests(CoocApp app) : IClassFixture<CoocApp>
{
    /// <summary>A course document without a title: what a corrupted or half-migrated store could hold.</summary>
    private sealed record BrokenCourse(string Id, string CourseId, string OrganizationId, string Status) : IDocument;

    [Fact]
    public async Task An_unexpected_failure_is_a_500_problem_with_a_trace_id_and_no_internals()
    {
        await app.Documents.CreateAsync(Containers.Courses, "crs_broken", new BrokenCourse("crs_broken", "crs_broken", "err-org", "published"));
        var response = await app.SendAsync(HttpMethod.Get, "/api/courses/crs_broken", app.Token("lea", "err-org", Role.Instructor));
        var problem = await response.ProblemAsync(HttpStatusCode.InternalServerError);
        var text = problem.GetRawText();
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("traceId").GetString()));
        Assert.DoesNotContain("Exception", text);
        Assert.DoesNotContain(" at Cooc.", text);
        Assert.DoesNotContain(".cs:line", text);
    }
}
