using System.Text;
using Cooc.Ports;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Cooc.Embedded.Blobs;

/// <summary>
/// Uploads through signed URLs, in Azure Blob's wire shape so one client works against Azure SAS URLs and this app:
/// Put Block (comp=block&amp;blockid=), Put Block List (comp=blocklist, XML body), Put Blob (x-ms-blob-type: BlockBlob),
/// and Get Block List (GET comp=blocklist) to resume. As with Azure SAS, reading the block list needs 'r'.
/// </summary>
internal static class SignedBlobUploads
{
    private const long MaxBlockListBytes = 8 * 1024 * 1024; // 50,000 ids of 88 characters fit with room to spare

    public static async Task<IResult> WriteAsync(string container, string? name, HttpContext http)
    {
        name ??= "";
        var store = http.RequestServices.GetRequiredService<LocalFileBlobStore>();
        var refusal = SignedBlobRequests.Authorize(http, store, container, name, BlobPermissions.Write, out _);
        if (refusal is not null)
            return refusal;
        var request = http.Request;
        if (request.ContentLength > store.MaxPutBodyBytes)
            return TooLarge(http, store);
        // Kestrel then enforces the limit on chunked bodies too (throwing BadHttpRequestException, handled below).
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = store.MaxPutBodyBytes;

        var ct = http.RequestAborted;
        var operation = request.Query["comp"].ToString();
        try
        {
            switch (operation)
            {
                case "block":
                    await store.StageBlockAsync(container, name, request.Query["blockid"].ToString(), request.Body, ct);
                    return TypedResults.Created();
                case "blocklist":
                    var blockIds = await AzureBlockListXml.ReadAsync(request.Body, MaxBlockListBytes, ct);
                    return Created(http, await store.CommitBlocksAsync(
                        container, name, blockIds, request.Headers["x-ms-blob-content-type"].ToString(), ct));
                case "" when request.Headers["x-ms-blob-type"] == "BlockBlob":
                    var contentType = FirstNonEmpty(request.Headers["x-ms-blob-content-type"].ToString(), request.ContentType);
                    return Created(http, await store.PutAsync(container, name, request.Body, contentType, ct));
                case "":
                    return SignedBlobRequests.Problem(http, StatusCodes.Status400BadRequest, "Missing x-ms-blob-type",
                        "A whole-blob PUT needs the header x-ms-blob-type: BlockBlob, as in Azure.");
                default:
                    return SignedBlobRequests.Problem(http, StatusCodes.Status400BadRequest, "Unsupported operation",
                        $"comp={operation} is not supported by the local blob endpoint.");
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(http, store);
        }
        catch (ArgumentException e)
        {
            return SignedBlobRequests.Problem(http, StatusCodes.Status400BadRequest, "Invalid request", e.Message);
        }
        catch (BlobNameClashException e)
        {
            return SignedBlobRequests.Problem(http, StatusCodes.Status409Conflict, "Blob name clash", e.Message);
        }
        catch (InvalidOperationException e) when (operation == "blocklist")
        {
            return SignedBlobRequests.Problem(http, StatusCodes.Status400BadRequest, "Invalid block list", e.Message);
        }
    }

    /// <summary>Azure's Get Block List. Committed blocks are not tracked here, so CommittedBlocks is always empty.</summary>
    public static async Task<IResult> ListBlocksAsync(HttpContext http, LocalFileBlobStore store, string container, string name)
    {
        var listType = http.Request.Query["blocklisttype"].ToString().ToLowerInvariant();
        if (listType is not ("" or "committed" or "uncommitted" or "all"))
            return SignedBlobRequests.Problem(http, StatusCodes.Status400BadRequest, "Invalid block list type",
                "blocklisttype must be committed, uncommitted or all.");
        IReadOnlyList<StagedBlock> staged;
        try
        {
            staged = await store.ListStagedBlocksAsync(container, name, http.RequestAborted);
            // As in Azure: a blob with neither content nor staged blocks does not exist.
            if (staged.Count == 0 && await store.GetInfoAsync(container, name, http.RequestAborted) is null)
                return SignedBlobRequests.Problem(http, StatusCodes.Status404NotFound, "Blob not found",
                    $"There is no blob '{name}' in '{container}', and no staged blocks for it.");
        }
        catch (ArgumentException e)
        {
            return SignedBlobRequests.Problem(http, StatusCodes.Status400BadRequest, "Invalid blob name", e.Message);
        }
        http.Response.Headers.CacheControl = "no-store";
        var xml = AzureBlockListXml.Write(
            includeCommitted: listType is "" or "committed" or "all",
            uncommitted: listType is "uncommitted" or "all" ? staged : null);
        return TypedResults.Text(xml, "application/xml", Encoding.UTF8);
    }

    private static IResult Created(HttpContext http, BlobInfo info)
    {
        var headers = http.Response.GetTypedHeaders();
        headers.ETag = new Microsoft.Net.Http.Headers.EntityTagHeaderValue($"\"{info.ETag}\"");
        headers.LastModified = info.LastModified;
        return TypedResults.Created();
    }

    private static IResult TooLarge(HttpContext http, LocalFileBlobStore store) =>
        SignedBlobRequests.Problem(http, StatusCodes.Status413PayloadTooLarge, "Body too large",
            $"One PUT may carry at most {store.MaxPutBodyBytes} bytes: upload larger blobs in blocks.");

    private static string FirstNonEmpty(string first, string? second) => string.IsNullOrEmpty(first) ? second ?? "" : first;
}
