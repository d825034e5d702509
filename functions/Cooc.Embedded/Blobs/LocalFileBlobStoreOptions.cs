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

    /// <summary>
    /// Self-hosting behind nginx (docs/self-hosting-nginx.md): e.g. "/protected/". A signed GET or HEAD is still checked
    /// by the app (signature, expiry, permission, existence), which then answers with no body and
    /// "X-Accel-Redirect: {prefix}{container}/{name}/{etag}", and nginx sends the bytes from an internal location that
    /// aliases {RootPath}/.content/. Implies <see cref="SeparateContentFiles"/>; blobs written before in the single-file
    /// layout are still streamed by the app. Null or empty (the default): the app streams every blob itself.
    /// </summary>
    public string? AccelRedirectPrefix
    {
        get;
        init => field = string.IsNullOrEmpty(value) ? null
            : value.Length > 1 && value[0] == '/' && value[^1] == '/' && !value.Any(c => c is < '!' or > '~' or '?' or '%') ? value
            : throw new ArgumentException($"AccelRedirectPrefix '{value}' must be a path that starts and ends with '/', such as \"/protected/\".", nameof(value));
    }

    /// <summary>
    /// Writes each blob as a small header file plus an immutable content file under {RootPath}/.content (the layout a
    /// web server can serve, see <see cref="AccelRedirectPrefix"/>) instead of one file with the header in front of the
    /// content. Either layout reads both, so it can be switched at any time.
    /// </summary>
    public bool SeparateContentFiles { get; init; }
}
