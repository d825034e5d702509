using Cooc.Ports;
using Microsoft.AspNetCore.Http;

namespace Cooc.Embedded.Blobs;

/// <summary>Signature checks and RFC 9457 problem responses shared by the signed blob endpoints.</summary>
internal static class SignedBlobRequests
{
    /// <summary>Null when the URL's signature is authentic, unexpired and grants needed; otherwise the 403 to return.</summary>
    public static IResult? Authorize(HttpContext http, LocalFileBlobStore store, string container, string name,
        BlobPermissions needed, out DateTimeOffset expiresAt)
    {
        var query = http.Request.Query;
        var check = store.CheckSignature(container, name, query["sp"], query["se"], query["sig"], out var granted, out expiresAt);
        var detail = check switch
        {
            SignatureCheck.Missing => "The URL is not signed: it needs se, sp and sig parameters.",
            SignatureCheck.Invalid => "The URL's signature does not match this blob and these parameters.",
            SignatureCheck.Expired => "The signed URL has expired.",
            _ when !granted.HasFlag(needed) => $"The signed URL does not allow {(needed == BlobPermissions.Read ? "reading" : "writing")}.",
            _ => null,
        };
        return detail is null ? null : Problem(http, StatusCodes.Status403Forbidden, "Forbidden", detail);
    }

    public static IResult Problem(HttpContext http, int status, string title, string detail)
    {
        // Never let a CDN keep a refusal or a 404: the blob may be uploaded, or the URL re-signed, a moment later.
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Problem(detail, statusCode: status, title: title);
    }
}
