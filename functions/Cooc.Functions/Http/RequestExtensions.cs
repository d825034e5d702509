using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Cooc.Functions.Http;

public static class RequestExtensions
{
    /// <summary>The caller's languages from Accept-Language, most preferred first.</summary>
    public static IReadOnlyList<string> PreferredLanguages(this HttpRequest request) =>
        request.GetTypedHeaders().AcceptLanguage
            .Where(l => l.Value.HasValue && l.Value.Value != "*" && (l.Quality ?? 1) > 0)
            .OrderByDescending(l => l.Quality ?? 1)
            .Select(l => l.Value.Value!)
            .ToList();

    /// <summary>The If-Match ETag, if the caller sent one.</summary>
    public static string? IfMatch(this HttpRequest request) =>
        request.Headers.IfMatch.Count > 0 && !string.IsNullOrWhiteSpace(request.Headers.IfMatch[0]) ? request.Headers.IfMatch[0]!.Trim() : null;

    public static int PageSize(this HttpRequest request, int fallback = 50, int max = 200) =>
        int.TryParse(request.Query["pageSize"], out var size) ? Math.Clamp(size, 1, max) : fallback;

    public static string? ContinuationToken(this HttpRequest request) =>
        request.Query["continuationToken"] is { Count: > 0 } token && !string.IsNullOrEmpty(token[0]) ? token[0] : null;

    /// <summary>Quotes a store ETag for the HTTP ETag header (the stores may or may not quote theirs).</summary>
    public static string Quoted(string etag) => etag.StartsWith('"') ? etag : $"\"{etag}\"";

    public static string Unquoted(string etag) => etag.Trim('"');

    public static void SetETag(this HttpResponse response, string etag) => response.Headers[HeaderNames.ETag] = Quoted(etag);
}
