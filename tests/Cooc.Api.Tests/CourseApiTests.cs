using System.Net;
using System.Net.Http.Headers;
using Cooc.Courses;
using Cooc.Functions.Courses;
using Cooc.Identity;

namespace Cooc.Api.Tests;

public sealed class CourseApiTests(CoocApp app) : IClassFixture<CoocApp>
{
    [Fact]
    public async Task Instructor_creates_a_draft_that_only_staff_see_until_published()
    {
        var instructor = app.Token("ines", "acme", Role.Instructor);
        var learner = app.Token("lea", "acme", Role.Learner);
        var response = await app.SendAsync(HttpMethod.Post, "/api/courses", instructor, Courses.Input(capacity: 30));
        var created = await response.ReadAsync<CourseView>(HttpStatusCode.Created);
        Assert.Equal(CourseStatus.Draft, created.Status);
        Assert.NotNull(response.Headers.ETag);
        Assert.Equal($"/api/courses/{created.CourseId}", response.Headers.Location?.ToString());

        await (await app.SendAsync(HttpMethod.Get, $"/api/courses/{created.CourseId}", learner)).ProblemAsync(HttpStatusCode.NotFound);
        await (await app.SendAsync(HttpMethod.Post, $"/api/courses/{created.CourseId}/publish", learner)).ProblemAsync(HttpStatusCode.NotFound);
        await (await app.SendAsync(HttpMethod.Post, $"/api/courses/{created.CourseId}/publish", instructor)).ReadAsync<CourseView>();

        var seen = await (await app.SendAsync(HttpMethod.Get, $"/api/courses/{created.CourseId}", learner)).ReadAsync<CourseView>();
        Assert.Equal(CourseStatus.Published, seen.Status);
        Assert.Null(seen.Translations); // learners get their language only
        await (await app.SendAsync(HttpMethod.Post, $"/api/courses/{created.CourseId}/publish", app.Token("lea", "acme", Role.Learner)))
            .ProblemAsync(HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData("fr", "fr", "Les bases de la sécurité")]
    [InlineData("pt-BR", "pt-BR", "Noções de segurança")]
    [InlineData("pt", "pt-BR", "Noções de segurança")]
    [InlineData("de, fr;q=0.5", "fr", "Les bases de la sécurité")]
    [InlineData("ja", "en", "Safety basics")]
    public async Task Title_follows_Accept_Language_with_fallback_to_the_default_language(string acceptLanguage, string language, string title)
    {
        var course = await Courses.CreatePublishedAsync(app, "lang-org");
        var view = await (await app.SendAsync(HttpMethod.Get, $"/api/courses/{course.CourseId}", app.Token("u1", "lang-org", Role.Learner), language: acceptLanguage))
            .ReadAsync<CourseView>();
        Assert.Equal(language, view.Language);
        Assert.Equal(title, view.Title);
    }

    [Fact]
    public async Task Another_organizations_course_is_not_found_unless_public()
    {
        var privateCourse = await Courses.CreatePublishedAsync(app, "org-a");
        var publicCourse = await Courses.CreatePublishedAsync(app, "org-a", visibility: "public");
        var outsider = app.Token("bob", "org-b", Role.Learner, Role.Manager);

        await (await app.SendAsync(HttpMethod.Get, $"/api/courses/{privateCourse.CourseId}", outsider)).ProblemAsync(HttpStatusCode.NotFound);
        await (await app.SendAsync(HttpMethod.Put, $"/api/courses/{privateCourse.CourseId}", outsider, Courses.Input())).ProblemAsync(HttpStatusCode.NotFound);
        await (await app.SendAsync(HttpMethod.Get, $"/api/courses/{privateCourse.CourseId}/enrollments", outsider)).ProblemAsync(HttpStatusCode.NotFound);
        await (await app.SendAsync(HttpMethod.Get, $"/api/courses/{publicCourse.CourseId}", outsider)).ReadAsync<CourseView>();
        await (await app.SendAsync(HttpMethod.Put, $"/api/courses/{publicCourse.CourseId}", outsider, Courses.Input())).ProblemAsync(HttpStatusCode.Forbidden);

        var own = await (await app.SendAsync(HttpMethod.Get, "/api/courses", outsider)).ReadAsync<CoursePage>();
        Assert.DoesNotContain(own.Items, c => c.OrganizationId == "org-a");
        var open = await (await app.SendAsync(HttpMethod.Get, "/api/courses?scope=public", outsider)).ReadAsync<CoursePage>();
        Assert.Contains(open.Items, c => c.CourseId == publicCourse.CourseId);
        Assert.DoesNotContain(open.Items, c => c.CourseId == privateCourse.CourseId);
    }

    [Fact]
    public async Task Listing_pages_through_every_course_once_and_hides_drafts_from_learners()
    {
        var instructor = app.Token("ines", "list-org", Role.Instructor);
        var ids = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            var c = await (await app.SendAsync(HttpMethod.Post, "/api/courses", instructor, Courses.Input())).ReadAsync<CourseView>(HttpStatusCode.Created);
            ids.Add(c.CourseId);
            if (i % 2 == 0) await app.SendAsync(HttpMethod.Post, $"/api/courses/{c.CourseId}/publish", instructor);
        }
        var seen = new List<string>();
        string? token = null;
        do
        {
            var page = await (await app.SendAsync(HttpMethod.Get, $"/api/courses?pageSize=3{(token is null ? "" : "&continuationToken=" + Uri.EscapeDataString(token))}", instructor)).ReadAsync<CoursePage>();
            seen.AddRange(page.Items.Select(c => c.CourseId));
            token = page.ContinuationToken;
        } while (token is not null);
        Assert.Equal(ids.Order(), seen.Order());

        var learnerView = await (await app.SendAsync(HttpMethod.Get, "/api/courses?pageSize=100", app.Token("l", "list-org", Role.Learner))).ReadAsync<CoursePage>();
        Assert.Equal(4, learnerView.Items.Count);
        Assert.All(learnerView.Items, c => Assert.Equal(CourseStatus.Published, c.Status));
    }

    [Fact]
    public async Task Edit_with_a_stale_ETag_is_refused_and_changes_nothing()
    {
        var instructor = app.Token("ines", "etag-org", Role.Instructor);
        var created = await app.SendAsync(HttpMethod.Post, "/api/courses", instructor, Courses.Input());
        var course = await created.ReadAsync<CourseView>(HttpStatusCode.Created);
        var firstETag = created.Headers.ETag!.Tag;

        var edit = app.Request(HttpMethod.Put, $"/api/courses/{course.CourseId}", instructor, Courses.Input(capacity: 10));
        edit.Headers.IfMatch.Add(new EntityTagHeaderValue(firstETag));
        var edited = await app.Client.SendAsync(edit);
        Assert.Equal(10, (await edited.ReadAsync<CourseView>()).Capacity);

        var stale = app.Request(HttpMethod.Put, $"/api/courses/{course.CourseId}", instructor, Courses.Input(capacity: 99));
        stale.Headers.IfMatch.Add(new EntityTagHeaderValue(firstETag));
        await (await app.Client.SendAsync(stale)).ProblemAsync(HttpStatusCode.PreconditionFailed);
        var after = await (await app.SendAsync(HttpMethod.Get, $"/api/courses/{course.CourseId}", instructor)).ReadAsync<CourseView>();
        Assert.Equal(10, after.Capacity);
    }

    [Fact]
    public async Task Modules_and_lectures_are_added_in_order()
    {
        var instructor = app.Token("ines", "mod-org", Role.Instructor);
        var course = await (await app.SendAsync(HttpMethod.Post, "/api/courses", instructor, Courses.Input())).ReadAsync<CourseView>(HttpStatusCode.Created);
        var withModule = await (await app.SendAsync(HttpMethod.Post, $"/api/courses/{course.CourseId}/modules", instructor,
            new { title = new Dictionary<string, string> { ["en"] = "Week 1" } })).ReadAsync<CourseView>(HttpStatusCode.Created);
        var moduleId = Assert.Single(withModule.Modules).ModuleId;
        foreach (var name in new[] { "Intro", "Hazards" })
            await (await app.SendAsync(HttpMethod.Post, $"/api/courses/{course.CourseId}/lectures", instructor,
                new { moduleId, title = new Dictionary<string, string> { ["en"] = name } })).ReadAsync<CourseView>(HttpStatusCode.Created);
        var view = await (await app.SendAsync(HttpMethod.Get, $"/api/courses/{course.CourseId}", instructor)).ReadAsync<CourseView>();
        Assert.Equal(["Intro", "Hazards"], view.Modules[0].Lectures.Select(l => l.Title));

        var problem = await (await app.SendAsync(HttpMethod.Post, $"/api/courses/{course.CourseId}/lectures", instructor,
            new { moduleId = "nope", title = new Dictionary<string, string> { ["en"] = "x" } })).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("moduleId", out _));
    }
}
