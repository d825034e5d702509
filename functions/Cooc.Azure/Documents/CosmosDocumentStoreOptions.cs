namespace Cooc.Azure.Documents;

/// <summary>
/// Where the documents live: a connection string with a key (emulators, key-based accounts), or an account endpoint
/// with the TokenCredential passed to <see cref="CosmosDocumentStore"/> (managed identity in Azure).
/// </summary>
public sealed record CosmosDocumentStoreOptions
{
    /// <summary>"AccountEndpoint=https://...;AccountKey=...;"</summary>
    public string? ConnectionString { get; init; }

    /// <summary>The account endpoint for identity-based access; the credential is passed to the store's constructor.</summary>
    public Uri? AccountEndpoint { get; init; }

    public string DatabaseName { get; init; } = "cooc";

    /// <summary>
    /// Emulators only: accept the server's self-signed certificate and talk to the given endpoint alone
    /// (no discovery of the regional endpoints the account advertises).
    /// </summary>
    public bool AcceptAnyServerCertificate { get; init; }

    /// <summary>The containers <see cref="CosmosDocumentStore.EnsureCreatedAsync"/> creates, with their indexing policies.</summary>
    public IReadOnlyList<CosmosContainerDefinition> Containers { get; init; } = CosmosContainerDefinitions.All;

    /// <summary>How often the SDK retries a request the account throttled (429) before the error reaches the caller.</summary>
    public int MaxRetryAttemptsOnRateLimitedRequests { get; init; } = 9;

    /// <summary>The longest the SDK keeps retrying throttled requests, in total.</summary>
    public TimeSpan MaxRetryWaitTimeOnRateLimitedRequests { get; init; } = TimeSpan.FromSeconds(30);
}
