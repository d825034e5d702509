using Azure.Core.Pipeline;

namespace Cooc.Azure.Blobs;

/// <summary>
/// Where the Azure blob store connects and how it signs URLs. Set exactly one of <see cref="ConnectionString"/>
/// (with an account key: Azurite, or a storage account with shared keys enabled) and <see cref="ServiceUri"/>
/// (identity-based: pass a TokenCredential to the store; signed URLs then use a user delegation key).
/// </summary>
public sealed record AzureBlobStoreOptions
{
    /// <summary>e.g. Azurite's "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=...;BlobEndpoint=...".</summary>
    public string? ConnectionString { get; init; }

    /// <summary>The account's blob endpoint, e.g. https://coocmedia.blob.core.windows.net.</summary>
    public Uri? ServiceUri { get; init; }

    /// <summary>
    /// Allows a plain-http endpoint on another host than this machine (an emulator in a container, say). A loopback
    /// http endpoint (Azurite on 127.0.0.1 or localhost) is always allowed; any other http endpoint is refused
    /// unless this is set. Signed URLs follow the endpoint: https-only for an https endpoint, else http or https.
    /// </summary>
    public bool AllowHttp { get; init; }

    /// <summary>Retries of a failed request (timeouts, 408, 429, 500, 502, 503, 504), by the SDK, with exponential back-off.</summary>
    public int MaxRetries { get; init; } = 5;

    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(0.8);

    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The timeout of one attempt; null keeps the SDK's (100 s).</summary>
    public TimeSpan? NetworkTimeout { get; init; }

    /// <summary>
    /// How long a fetched user delegation key is asked to stay valid (longer when a URL needs it, up to Azure's 7 days).
    /// The store reuses it for every URL that expires within it, and fetches a new one for URLs that outlive it.
    /// </summary>
    public TimeSpan DelegationKeyLifetime { get; init; } = TimeSpan.FromDays(1);

    /// <summary>The SDK's HTTP transport; null for its default. Tests use it to trust an emulator's certificate.</summary>
    public HttpPipelineTransport? Transport { get; init; }
}
