namespace Cooc.Embedded.Blobs;

/// <summary>Where the local blob store keeps its files and how it signs URLs.</summary>
public sealed record LocalFileBlobStoreOptions
{
    public const long DefaultMaxPutBodyBytes = 100L * 1024 * 1024;

    /// <summary>The folder that holds every container (created if missing).</summary>
    public required string RootPath { get; init; }

    /// <summary>HMAC-SHA256 key for signed URLs, at least 32 bytes (see <see cref="BlobSigningKeyFile"/>).</summary>
    public required byte[] SigningKey { get; init; }

    /// <summary>The app's public origin, e.g. "http://localhost:7071": signed URLs are {PublicBaseUrl}/blobs/{container}/{name}.</summary>
    public required string PublicBaseUrl { get; init; }

    /// <summary>The largest body one signed PUT may carry (one block, or a whole blob); larger uploads use blocks.</summary>
    public long MaxPutBodyBytes { get; init; } = DefaultMaxPutBodyBytes;
}
