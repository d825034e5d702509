using System.Net;
using System.Text;
using Cooc.Courses;
using Cooc.Functions.Courses;
using Cooc.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Cooc.Api.Tests;

/// <summary>Every way a request can be wrong gets its own 4xx problem and changes nothing.</summary>
public sealed class BadInputTests(CoocApp app) : IClassFixture<CoocApp>
{
    public static TheoryData<string, string, string?, HttpStatusCode, string?> Bodies => new()
    {
        { "malformed JSON", "{\"title\": ", "application/json", HttpStatusCode.BadRequest, null },
        { "wrong type", "{\"title\": {\"en\": \"T\"}, \"defaultLanguage\": \"en\", \"capacity\": \"many\"}", "application/json", HttpStatusCode.BadRequest, "$.capacity" },
        { "missing title", "{\"defaultLanguage\": \"en\"}", "application/json", HttpStatusCode.BadRequest, "title" },
        { "bad language tag", "{\"title\": {\"e n!\": \"T\"}, \"defaultLanguage\": \"en\"}", "application/json", HttpStatusCode.BadRequest, "title.e n!" },
        { "zero capacity", "{\"title\": {\"en\": \"T\"}, \"defaultLanguage\": \"en\", \"capacity\": 0}", "application/json", HttpStatusCode.BadRequest, "capacity" },
        { "window backwards", "{\"title\": {\"en\": \"T\"}, \"defaultLanguage\": \"en\", \"enrollmentOpensAt\": \"2030-01-02T00:00:00Z\", \"enrollmentClosesAt\": \"2030-01-01T00:00:00Z\"}", "application/json", HttpStatusCode.BadRequest, "enrollmentClosesAt" },
        { "unknown visibility", "{\"title\": {\"en\": \"T\"}, \"defaultLanguage\": \"en\", \"visibility\": \"everyone\"}", "application/json", HttpStatusCode.BadRequest, "$.visibility" },
        { "empty body", "", "application/json", HttpStatusCode.BadRequest, null },
        { "not JSON", "title=x", "application/x-www-form-urlencoded", HttpStatusCode.UnsupportedMediaType, null },
        { "oversized", "{\"title\": {\"en\": \"" + new string('x', 1_100_000) + "\"}, \"defaultLanguage\": \"en\"}", "application/json", HttpStatusCode.RequestEntityTooLarge, null },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task Bad_course_bodies_get_a_problem_and_create_nothing(string why, string body, string? contentType, HttpStatusCode status, string? field)
    {
        var org = "bad-" + Guid.NewGuid().ToString("N")[..8];
        var instructor = app.Token("ines", org, Role.Instructor);
        var request = app.Request(HttpMethod.Post, "/api/courses", instructor);
        request.Content = new StringContent(body, Encoding.UTF8);
        request.Content.Headers.ContentType = contentType is null ? null : new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        var problem = await (await app.Client.SendAsync(request)).ProblemAsync(status);
        if (field is not null) Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{why}: no error for {field} in {problem}");
        var list = await (await app.SendAsync(HttpMethod.Get, "/api/courses", instructor)).ReadAsync<CoursePage>();
        Assert.Empty(list.Items);
    }

    public static TheoryData<string, Func<CoocApp, string?>> Tokens => new()
    {
        { "none", _ => null },
        { "garbage", _ => "not-a-token" },
        { "expired", a => Mint(a, DateTime.UtcNow.AddHours(-2), DateTime.UtcNow.AddHours(-1), "cooc-local") },
        { "forged", a => Mint(a, DateTime.UtcNow, DateTime.UtcNow.AddHours(1), "cooc-local", new byte[32]) },
        { "other issuer", a => Mint(a, DateTime.UtcNow, DateTime.UtcNow.AddHours(1), "someone-else") },
    };

    [Theory]
    [MemberData(nameof(Tokens))]
    public async Task Missing_expired_or_forged_tokens_are_refused(string why, Func<CoocApp, string?> token)
    {
        var response = await app.SendAsync(HttpMethod.Post, "/api/courses", token(app), Courses.Input());
        await response.ProblemAsync(HttpStatusCode.Unauthorized);
        Assert.True(response.Headers.WwwAuthenticate.Count > 0, why);
    }

    [Fact]
    public async Task Learners_cannot_create_courses_and_unknown_ids_are_not_found()
    {
        var learner = app.Token("lea", "role-org", Role.Learner);
        await (await app.SendAsync(HttpMethod.Post, "/api/courses", learner, Courses.Input())).ProblemAsync(HttpStatusCode.Forbidden);
        await (await app.SendAsync(HttpMethod.Get, "/api/courses/crs_doesnotexist", learner)).ProblemAsync(HttpStatusCode.NotFound);
        await (await app.SendAsync(HttpMethod.Get, "/api/courses/bad%20id!", learner)).ProblemAsync(HttpStatusCode.NotFound);
        await (await app.SendAsync(HttpMethod.Post, "/api/courses/crs_doesnotexist/enrollments", learner)).ProblemAsync(HttpStatusCode.NotFound);
        await (await app.SendAsync(HttpMethod.Get, "/api/no-such-route", learner)).ProblemAsync(HttpStatusCode.NotFound);
    }

    private static string Mint(CoocApp app, DateTime notBefore, DateTime expires, string issuer, byte[]? key = null)
    {
        var signing = key is null
            ? app.Services.GetRequiredService<TokenValidationParameters>().IssuerSigningKey
            : new SymmetricSecurityKey(key);
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer, Audience = "cooc", NotBefore = notBefore, IssuedAt = notBefore, Expires = expires,
            Claims = new Dictionary<string, object> { ["sub"] = "eve", ["org"] = "acme", ["roles"] = new[] { "admin" } },
            SigningCredentials = new SigningCredentials(signing, SecurityAlgorithms.HmacSha256),
        });
    }
}
