using Cooc.Azure.Blobs;
using Cooc.Emulators.Azurite;

namespace Cooc.Adapters.Tests.Blobs;

/// <summary>
/// One Azurite (plain http, account key) for every Azure blob test class of this assembly, with the containers
/// created. Tests isolate themselves by name (the contract works under a random folder), not by instance.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteEmulator? _emulator;

    public AzuriteEmulator Emulator => _emulator ?? throw new InvalidOperationException("Azurite has not started.");

    /// <summary>A plain client for signed URLs: what a browser or video player would use.</summary>
    public HttpClient Http { get; } = new();

    /// <summary>Options for a store on this Azurite: its connection string (http on loopback needs nothing more), quick retries.</summary>
    public AzureBlobStoreOptions Options => new()
    {
        ConnectionString = Emulator.ConnectionString,
        MaxRetries = 2,
        RetryDelay = TimeSpan.FromMilliseconds(100),
    };

    public AzureBlobStore CreateStore() => new(Options, TimeProvider.System);

    public async Task InitializeAsync()
    {
        _emulator = await AzuriteEmulator.StartAsync();
        await CreateStore().EnsureContainersAsync();
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        if (_emulator is not null)
            await _emulator.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
