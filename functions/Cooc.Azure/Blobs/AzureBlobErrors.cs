using Azure;
using Azure.Storage.Blobs.Models;

namespace Cooc.Azure.Blobs;

/// <summary>
/// Turns the service's refusals into the port's exceptions, as the local store throws them. Anything not listed
/// (throttling after the SDK's retries, auth, outages) stays a <see cref="RequestFailedException"/>: never swallowed.
/// </summary>
internal static class AzureBlobErrors
{
    public static bool IsBlobOrContainerMissing(RequestFailedException e) =>
        e.Status == 404 && (e.ErrorCode == BlobErrorCode.BlobNotFound || e.ErrorCode == BlobErrorCode.ContainerNotFound);

    public static bool IsRangeNotSatisfiable(RequestFailedException e) =>
        e.Status == 416 || e.ErrorCode == BlobErrorCode.InvalidRange;

    /// <summary>The port's exception for a failed write, or null to let the original propagate.</summary>
    public static Exception? ForWrite(RequestFailedException e, string container, string name)
    {
        if (e.ErrorCode == BlobErrorCode.ContainerNotFound)
            return new InvalidOperationException(
                $"Container '{container}' does not exist: create it first (AzureBlobStore.EnsureContainersAsync).", e);
        if (e.ErrorCode == BlobErrorCode.InvalidBlockList)
            return new InvalidOperationException(
                $"The block list for blob '{name}' in '{container}' names a block that is not staged.", e);
        if (e.ErrorCode == BlobErrorCode.InvalidBlobOrBlock || e.ErrorCode == BlobErrorCode.InvalidBlockId)
            return new ArgumentException(
                $"Azure refused a block of blob '{name}' in '{container}': block ids must be base64 of one length per blob ({e.ErrorCode}).", e);
        return null;
    }
}
