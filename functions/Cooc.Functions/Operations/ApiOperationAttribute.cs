using Microsoft.AspNetCore.Http;

namespace Cooc.Functions.Operations;

/// <summary>Describes a function for the OpenAPI document: its group, what it does, its JSON body and its success response.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ApiOperationAttribute(string tag, string summary, Type? requestBody, Type? response, int successStatus = StatusCodes.Status200OK) : Attribute
{
    public string Tag { get; } = tag;
    public string Summary { get; } = summary;
    public Type? RequestBody { get; } = requestBody;
    public Type? Response { get; } = response;
    public int SuccessStatus { get; } = successStatus;

    /// <summary>Health, the OpenAPI document and other public endpoints need no token.</summary>
    public bool Anonymous { get; init; }

    /// <summary>No bearer token: a signed token in the URL authorizes the call (players fetch these), 403 without one.</summary>
    public bool UrlSigned { get; init; }
}
