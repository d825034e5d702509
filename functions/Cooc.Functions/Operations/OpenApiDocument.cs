using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.RegularExpressions;
using Cooc.Functions.Hosting;
using Cooc.Ports;

namespace Cooc.Functions.Operations;

/// <summary>
/// Builds the OpenAPI 3.1 document from the functions themselves (routes, verbs, [ApiOperation]), so it is the same
/// in both run modes and cannot drift from what is served. Schemas come from System.Text.Json's schema exporter
/// with the app's JSON options.
/// </summary>
public static partial class OpenApiDocument
{
    public static JsonObject Build(IReadOnlyList<HttpFunction> functions)
    {
        var paths = new JsonObject();
        foreach (var function in functions)
        {
            var path = paths[function.Route] as JsonObject ?? new JsonObject();
            paths[function.Route] = path;
            foreach (var verb in function.Methods)
                path[verb.ToLowerInvariant()] = Operation(function);
        }
        return new JsonObject
        {
            ["openapi"] = "3.1.0",
            ["info"] = new JsonObject { ["title"] = "Cooc API", ["version"] = "1.0", ["description"] = "Courses, enrollment, video, peer grading and certificates for corporate online training." },
            ["paths"] = paths,
            ["components"] = new JsonObject
            {
                ["securitySchemes"] = new JsonObject { ["bearer"] = new JsonObject { ["type"] = "http", ["scheme"] = "bearer", ["bearerFormat"] = "JWT" } },
            },
        };
    }

    private static JsonObject Operation(HttpFunction function)
    {
        var api = function.Method.GetCustomAttribute<ApiOperationAttribute>();
        var operation = new JsonObject
        {
            ["operationId"] = function.Name,
            ["tags"] = new JsonArray(api?.Tag ?? "Other"),
            ["summary"] = api?.Summary ?? function.Name,
            ["parameters"] = new JsonArray(RouteParameters().Matches(function.Route).Select(m => (JsonNode)new JsonObject
            {
                ["name"] = m.Groups[1].Value, ["in"] = "path", ["required"] = true, ["schema"] = new JsonObject { ["type"] = "string" },
            }).ToArray()),
        };
        if (api?.RequestBody is { } body)
            operation["requestBody"] = new JsonObject { ["content"] = Json(body) };
        var responses = new JsonObject
        {
            [(api?.SuccessStatus ?? 200).ToString()] = api?.Response is { } response
                ? new JsonObject { ["description"] = "Success", ["content"] = Json(response) }
                : new JsonObject { ["description"] = "Success" },
            ["4XX"] = new JsonObject { ["description"] = "RFC 9457 problem details (application/problem+json)" },
        };
        operation["responses"] = responses;
        if (api is not { Anonymous: true } and not { UrlSigned: true })
            operation["security"] = new JsonArray(new JsonObject { ["bearer"] = new JsonArray() });
        return operation;
    }

    private static JsonObject Json(Type type) => new()
    {
        ["application/json"] = new JsonObject { ["schema"] = DocumentJson.Options.GetJsonSchemaAsNode(type) },
    };

    [GeneratedRegex(@"\{(\w+)\}")]
    private static partial Regex RouteParameters();
}
