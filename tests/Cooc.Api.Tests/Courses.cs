using System.Net.Http.Json;
using Cooc.Courses;
using Cooc.Functions.Courses;
using Cooc.Identity;

namespace Cooc.Api.Tests;

/// <summary>Creating and publishing courses through the API, for tests.</summary>
public static class Courses
{
    public static object Input(int? capacity = null, DateTimeOffset? opens = null, DateTimeOffset? closes = null, string visibility = "organization") => new
    {
        title = new Dictionary<string, string> { ["en"] = "Safety basics", ["fr"] = "Les bases de la sécurité", ["pt-BR"] = "Noções de segurança" },
        description = new Dictionary<string, string> { ["en"] = "Stay safe at work." },
        defaultLanguage = "en",
        capacity,
        enrollmentOpensAt = opens,
        enrollmentClosesAt = closes,
        visibility,
    };

    public static async Task<CourseView> CreatePublishedAsync(CoocApp app, string org, int? capacity = null, DateTimeOffset? opens = null,
        DateTimeOffset? closes = null, string visibility = "organization")
    {
        var instructor = app.Token("instructor-" + org, org, Role.Instructor);
        var created = await (await app.SendAsync(HttpMethod.Post, "/api/courses", instructor, Input(capacity, opens, closes, visibility)))
            .ReadAsync<CourseView>(System.Net.HttpStatusCode.Created);
        var published = await (await app.SendAsync(HttpMethod.Post, $"/api/courses/{created.CourseId}/publish", instructor)).ReadAsync<CourseView>();
        Assert.Equal(CourseStatus.Published, published.Status);
        return published;
    }
}
