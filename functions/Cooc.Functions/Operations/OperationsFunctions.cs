using System.Text.Json.Nodes;
using Cooc.Functions.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Cooc.Functions.Operations;

public sealed class OperationsFunctions
{
    private static readonly Lazy<string> Document = new(() =>
        OpenApiDocument.Build(HttpFunction.Discover(typeof(OperationsFunctions).Assembly, HostJson.RoutePrefix())).ToJsonString());

    [Function("Health")]
    [ApiOperation("Operations", "Liveness: answers without a token.", null, typeof(HealthView), Anonymous = true)]
    public IResult Health([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request)
        => TypedResults.Ok(new HealthView("healthy"));

    [Function("OpenApi")]
    [ApiOperation("Operations", "This OpenAPI 3.1 document.", null, null, Anonymous = true)]
    public IResult OpenApi([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "openapi.json")] HttpRequest request)
        => TypedResults.Text(Document.Value, "application/json");
}

public sealed record HealthView(string Status);
