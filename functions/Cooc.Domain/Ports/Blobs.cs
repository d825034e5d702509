namespace Cooc.Ports;

/// <summary>Blob container names.</summary>
public static class BlobContainers
{
    public const string Video = "video";
    public const string Submissions = "submissions";
    public const string Certificates = "certificates";
}

public sealed record BlobInfo(string Container, string Name, long Length, string ContentType, string ETag, DateTimeOffset LastModified);

/// <summary>A byte range of a blob: Offset and, when set, Length (otherwise to the end).</summary>
public sealed record BlobRange(long Offset, long? Length = null);

/// <summary>An open read of a blob (or of a range of it). Dispose it to release the stream.</summary>
public sealed record BlobContent(BlobInfo Info, Stream Content) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => Content.DisposeAsync();
}

/// <summary>What a signed URL allows.</summary>
[Flags]
public enum BlobPermissions { Read = 1, Write = 2 }

/// <summary>
/// The blobs port. Names are '/'-separated paths inside a container; writes are atomic (a reader sees the old
/// blob or the whole new one, never a part). Block ids are base64 strings of equal length per blob, as in Azure.
/// </summary>
public interface IBlobStore
{
    Task<BlobInfo> PutAsync(string container, string name, Stream content, string contentType, CancellationToken ct = default);

    /// <summary>Stores one uncommitted block; staging the same id again replaces it.</summary>
    Task StageBlockAsync(string container, string name, string blockId, Stream content, CancellationToken ct = default);

    /// <summary>The uncommitted blocks staged for this blob so far, with their sizes (to resume an upload).</summary>
    Task<IReadOnlyList<StagedBlock>> ListStagedBlocksAsync(string container, string name, CancellationToken ct = default);

    /// <summary>Makes the blob the concatenation of the listed staged blocks, atomically; unlisted staged blocks are discarded.</summary>
    Task<BlobInfo> CommitBlocksAsync(string container, string name, IReadOnlyList<string> blockIds, string contentType, CancellationToken ct = default);

    Task<BlobInfo?> GetInfoAsync(string container, string name, CancellationToken ct = default);

    /// <summary>Null when the blob does not exist.</summary>
    Task<BlobContent?> ReadAsync(string container, string name, BlobRange? range = null, CancellationToken ct = default);

    Task<IReadOnlyList<BlobInfo>> ListAsync(string container, string prefix, CancellationToken ct = default);

    /// <summary>False when there was nothing to delete.</summary>
    Task<bool> DeleteAsync(string container, string name, CancellationToken ct = default);

    /// <summary>
    /// A URL that lets anyone holding it do what permissions allow on this one blob until expiresAt (signed as given:
    /// callers round expiries into buckets so repeated URLs stay cacheable). Asynchronous because an identity-based
    /// store may first fetch a signing key; nearly every call completes synchronously, hence ValueTask.
    /// </summary>
    ValueTask<Uri> GetSignedUrlAsync(string container, string name, BlobPermissions permissions, DateTimeOffset expiresAt,
        CancellationToken ct = default);
}

public sealed record StagedBlock(string BlockId, long Length);
