using System.Net;
using System.Text.Json;
using Cooc.Functions.Hosting;
using Cooc.Functions.Operations;

namespace Cooc.Api.Tests;

public sealed class FunctionCatalogTests(CoocApp app) : IClassFixture<CoocApp>
{
    private static readonly IReadOnlyList<HttpFunction> Functions = HttpFunction.Discover(typeof(HttpFunction).Assembly, "api");

    /// <summary>functions.metadata is what the Functions host routes by: standalone must serve exactly those routes and verbs.</summary>
    [Fact]
    public void Every_function_in_the_build_metadata_is_served_standalone_with_the_same_route_and_methods()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "functions.metadata");
        Assert.True(File.Exists(path), $"functions.metadata was not copied to {AppContext.BaseDirectory}");
        var metadata = JsonDocument.Parse(File.ReadAllText(path)).RootElement.EnumerateArray()
            .Select(f => (Name: f.GetProperty("name").GetString()!, Trigger: f.GetProperty("bindings").EnumerateArray().Single(b => b.GetProperty("type").GetString() == "httpTrigger")))
            .Select(f => (f.Name, Route: "/api/" + f.Trigger.GetProperty("route").GetString(),
                Methods: f.Trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!.ToUpperInvariant()).Order().ToArray()))
            .OrderBy(f => f.Name).ToList();
        var served = Functions.Select(f => (f.Name, f.Route, Methods: f.Methods.Order().ToArray())).OrderBy(f => f.Name).ToList();
        Assert.Equal(metadata.Count, served.Count);
        Assert.True(metadata.Count >= 14);
        for (var i = 0; i < metadata.Count; i++)
        {
            Assert.Equal(metadata[i].Name, served[i].Name);
            Assert.Equal(metadata[i].Route, served[i].Route);
            Assert.Equal(metadata[i].Methods, served[i].Methods);
        }
    }

    [Fact]
    public async Task Every_endpoint_but_the_public_ones_refuses_a_call_without_a_token()
    {
        foreach (var function in Functions)
        {
            var operation = function.Method.GetCustomAttributes(typeof(ApiOperationAttribute), false).Cast<ApiOperationAttribute>().Single();
            var path = function.Route.Replace("{courseId}", "crs_x");
            var response = await app.SendAsync(new HttpMethod(function.Methods[0]), path, token: null);
            // Public endpoints about one thing (a certificate, an issuer, a status list) answer 404 for an unknown one, never 401.
            if (operation.Anonymous && path.Contains('{')) await response.ProblemAsync(HttpStatusCode.NotFound);
            else if (operation.Anonymous) Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            else if (operation.UrlSigned) await response.ProblemAsync(HttpStatusCode.Forbidden);
            else await response.ProblemAsync(HttpStatusCode.Unauthorized);
        }
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_every_route_and_verb()
    {
        var document = JsonDocument.Parse(await app.Client.GetStringAsync("/api/openapi.json")).RootElement;
        Assert.Equal("3.1.0", document.GetProperty("openapi").GetString());
        foreach (var function in Functions)
            foreach (var verb in function.Methods)
                Assert.True(document.GetProperty("paths").GetProperty(function.Route).TryGetProperty(verb.ToLowerInvariant(), out var op), $"{verb} {function.Route}");
        var docs = await app.Client.GetAsync("/api/docs");
        Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
    }
}
