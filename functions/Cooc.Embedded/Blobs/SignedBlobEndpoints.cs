using Cooc.Ports;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;

namespace Cooc.Embedded.Blobs;

/// <summary>
/// The HTTP side of <see cref="LocalFileBlobStore"/>'s signed URLs: /blobs/{container}/{**name}, authorized by the
/// URL's signature alone (players and CDNs fetch these), speaking Azure Blob's wire shape for uploads.
/// </summary>
public static class SignedBlobEndpoints
{
    public const string RoutePrefix = "/blobs";

    /// <summary>Maps GET/HEAD (read, and Azure's Get Block List) and PUT (Azure's Put Blob, Put Block, Put Block List).</summary>
    public static RouteGroupBuilder MapSignedBlobEndpoints(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // The signature is the authorization: stay reachable under an app-wide fallback auth policy.
        var blobs = app.MapGroup(RoutePrefix).AllowAnonymous().ExcludeFromDescription();
        blobs.MapMethods("/{container}/{**name}", [HttpMethods.Get, HttpMethods.Head], ReadAsync);
        blobs.MapPut("/{container}/{**name}", SignedBlobUploads.WriteAsync);
        return blobs;
    }

    private static async Task<IResult> ReadAsync(string container, string? name, HttpContext http)
    {
        // The route value is the path as the server decoded it (all but %2F): the same text the URL was signed for.
        name ??= "";
        var store = http.RequestServices.GetRequiredService<LocalFileBlobStore>();
        var refusal = SignedBlobRequests.Authorize(http, store, container, name, BlobPermissions.Read, out var expiresAt);
        if (refusal is not null)
            return refusal;
        var operation = http.Request.Query["comp"].ToString();
        if (operation == "blocklist")
            return await SignedBlobUploads.ListBlocksAsync(http, store, container, name);
        if (operation.Length > 0)
            return SignedBlobRequests.Problem(http, StatusCodes.Status400BadRequest, "Unsupported operation",
                $"comp={operation} is not supported by the local blob endpoint.");

        if (store.AccelRedirectPrefix is not null)
        {
            (BlobInfo Info, string? RedirectPath)? located;
            try
            {
                located = store.LocateForRedirect(container, name);
            }
            catch (ArgumentException e)
            {
                return SignedBlobRequests.Problem(http, StatusCodes.Status400BadRequest, "Invalid blob name", e.Message);
            }
            if (located is null)
                return NotFound(http, container, name);
            if (located.Value.RedirectPath is { } redirect)
            {
                // nginx keeps Content-Type and Cache-Control, drops this empty body, and serves the content file from
                // its internal location: Range, HEAD and conditional requests included (on its own ETag and Last-Modified).
                SetCacheControl(http, store, expiresAt);
                http.Response.ContentType = located.Value.Info.ContentType;
                http.Response.Headers["X-Accel-Redirect"] = redirect;
                return TypedResults.Ok();
            }
            // A blob written in the single-file layout: the app streams it, as without nginx.
        }

        BlobContent? content;
        try
        {
            content = await store.ReadAsync(container, name, ct: http.RequestAborted);
        }
        catch (ArgumentException e)
        {
            return SignedBlobRequests.Problem(http, StatusCodes.Status400BadRequest, "Invalid blob name", e.Message);
        }
        if (content is null)
            return NotFound(http, container, name);

        SetCacheControl(http, store, expiresAt);
        var info = content.Info;
        // The framework's file result does Range (206, 416 with bytes */len), If-None-Match (304), If-Range,
        // If-Match/If-Unmodified-Since (412), HEAD without a body, Accept-Ranges, ETag and Last-Modified.
        return TypedResults.Stream(content.Content, info.ContentType, lastModified: info.LastModified,
            entityTag: new EntityTagHeaderValue($"\"{info.ETag}\""), enableRangeProcessing: true);
    }

    // Shared caches may keep the bytes while the URL is valid: the URL names one blob version window.
    private static void SetCacheControl(HttpContext http, LocalFileBlobStore store, DateTimeOffset expiresAt)
    {
        var maxAge = Math.Max(0, (long)(expiresAt - store.Time.GetUtcNow()).TotalSeconds);
        http.Response.Headers.CacheControl = $"public, max-age={maxAge}";
    }

    private static IResult NotFound(HttpContext http, string container, string name) =>
        SignedBlobRequests.Problem(http, StatusCodes.Status404NotFound, "Blob not found", $"There is no blob '{name}' in '{container}'.");
}
