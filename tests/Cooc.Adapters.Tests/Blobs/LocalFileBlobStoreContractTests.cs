using Cooc.Embedded.Blobs;
using Cooc.Ports;

namespace Cooc.Adapters.Tests.Blobs;

/// <summary>The contract against local files; signed URLs are fetched from the signed blob endpoints on a test server.</summary>
public sealed class LocalFileBlobStoreContractTests : BlobStoreContract, IAsyncLifetime
{
    private readonly SignedBlobTestHost _host = new();

    /// <summary>Another store on the endpoints' root and key, as another instance of the app would be.</summary>
    protected override IBlobStore CreateStore() => _host.CreateStoreOnSameRoot();

    protected override HttpClient SignedUrlClient => _host.Client;

    public Task InitializeAsync() => _host.InitializeAsync();

    public Task DisposeAsync() => _host.DisposeAsync();
}

/// <summary>The same contract with each blob kept as a header file plus a separate content file (the nginx-servable layout).</summary>
public sealed class LocalFileBlobStoreSeparateContentContractTests : BlobStoreContract, IAsyncLifetime
{
    private readonly SignedBlobTestHost _host = new() { SeparateContentFiles = true };

    protected override IBlobStore CreateStore() => _host.CreateStoreOnSameRoot();

    protected override HttpClient SignedUrlClient => _host.Client;

    public Task InitializeAsync() => _host.InitializeAsync();

    public Task DisposeAsync() => _host.DisposeAsync();
}
