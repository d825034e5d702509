using System.Diagnostics;
using Cooc.Common;
using Cooc.Ports;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Cooc.Functions.Http;

/// <summary>
/// The one mapping from refusals and exceptions to RFC 9457 problem details, used by both run modes.
/// A 500 carries a trace id and never a stack trace.
/// </summary>
public static class Problems
{
    public static IResult From(Refusal refusal) => refusal.Kind switch
    {
        RefusalKind.Invalid => Validation(refusal.Errors ?? new Dictionary<string, string[]>(), refusal.Title),
        RefusalKind.Forbidden => Problem(StatusCodes.Status403Forbidden, refusal.Title, refusal.Detail),
        RefusalKind.NotFound => Problem(StatusCodes.Status404NotFound, refusal.Title, refusal.Detail),
        RefusalKind.PreconditionFailed => Problem(StatusCodes.Status412PreconditionFailed, refusal.Title, refusal.Detail),
        _ => Problem(StatusCodes.Status409Conflict, refusal.Title, refusal.Detail),
    };

    public static IResult Validation(IReadOnlyDictionary<string, string[]> errors, string title = "One or more fields are invalid.") =>
        new ProblemResult(new HttpValidationProblemDetails(errors.ToDictionary())
        {
            Status = StatusCodes.Status400BadRequest, Title = title, Type = TypeFor(StatusCodes.Status400BadRequest),
        });

    public static IResult BadRequest(string title, string? detail = null) => Problem(StatusCodes.Status400BadRequest, title, detail);

    public static IResult Unauthorized(string detail) =>
        new ProblemResult(Details(StatusCodes.Status401Unauthorized, "Authentication required.", detail),
            ("WWW-Authenticate", "Bearer error=\"invalid_token\""));

    public static IResult NotFound(string what) => Problem(StatusCodes.Status404NotFound, $"{what} not found.");

    public static IResult Problem(int status, string title, string? detail = null) => new ProblemResult(Details(status, title, detail));

    /// <summary>Maps an exception that escaped a function; unknown ones become a 500 without internals.</summary>
    public static IResult FromException(Exception exception) => exception switch
    {
        BadHttpRequestException bad => Problem(bad.StatusCode, "The request could not be read.", bad.Message),
        DocumentPreconditionFailedException => Problem(StatusCodes.Status409Conflict, "Concurrent change.", "Someone changed this at the same time; retry."),
        OperationCanceledException => Problem(499, "The request was cancelled."),
        _ => Problem(StatusCodes.Status500InternalServerError, "An unexpected error occurred.", "Quote the traceId when you report it."),
    };

    private static ProblemDetails Details(int status, string title, string? detail) =>
        new() { Status = status, Title = title, Detail = detail, Type = TypeFor(status) };

    private static string TypeFor(int status) => $"https://httpstatuses.io/{status}";

    /// <summary>Writes application/problem+json with a traceId, whatever services the host has registered.</summary>
    private sealed class ProblemResult(ProblemDetails details, params (string Name, string Value)[] headers) : IResult, IStatusCodeHttpResult
    {
        public int? StatusCode => details.Status;

        public Task ExecuteAsync(HttpContext httpContext)
        {
            details.Instance ??= httpContext.Request.Path;
            details.Extensions["traceId"] = Activity.Current?.Id ?? httpContext.TraceIdentifier;
            foreach (var (name, value) in headers) httpContext.Response.Headers[name] = value;
            httpContext.Response.StatusCode = details.Status ?? 500;
            return httpContext.Response.WriteAsJsonAsync(details, details.GetType(), options: null, contentType: "application/problem+json");
        }
    }
}
