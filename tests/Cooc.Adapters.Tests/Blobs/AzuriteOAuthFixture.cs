using Azure.Core;
using Azure.Core.Pipeline;
using Cooc.Azure.Blobs;
using Cooc.Emulators.Azurite;

namespace Cooc.Adapters.Tests.Blobs;

/// <summary>
/// One Azurite on https that accepts bearer tokens, for the identity-based store: data calls carry a token from
/// <see cref="AzuriteTokenCredential"/>, and signed URLs use user delegation keys, as in production.
/// </summary>
public sealed class AzuriteOAuthFixture : IAsyncLifetime
{
    private AzuriteEmulator? _emulator;
    private HttpClient? _http;

    public AzuriteEmulator Emulator => _emulator ?? throw new InvalidOperationException("Azurite has not started.");

    /// <summary>A client for signed URLs that trusts the emulator's throwaway certificate (and nothing else extra).</summary>
    public HttpClient Http => _http ?? throw new InvalidOperationException("Azurite has not started.");

    public AzureBlobStoreOptions Options(TimeSpan? delegationKeyLifetime = null) => new()
    {
        ServiceUri = Emulator.BlobEndpoint,
        MaxRetries = 2,
        RetryDelay = TimeSpan.FromMilliseconds(100),
        DelegationKeyLifetime = delegationKeyLifetime ?? TimeSpan.FromDays(1),
        Transport = new HttpClientTransport(Emulator.CreateHttpHandler()),
    };

    public AzureBlobStore CreateStore(TimeProvider? time = null, TimeSpan? delegationKeyLifetime = null) =>
        new(Options(delegationKeyLifetime), time ?? TimeProvider.System, new AzuriteTokenCredential());

    public async Task InitializeAsync()
    {
        _emulator = await AzuriteEmulator.StartWithOAuthAsync();
        _http = new HttpClient(_emulator.CreateHttpHandler());
        await CreateStore().EnsureContainersAsync();
    }

    public async Task DisposeAsync()
    {
        _http?.Dispose();
        if (_emulator is not null)
            await _emulator.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class AzuriteOAuthCollection : ICollectionFixture<AzuriteOAuthFixture>
{
    public const string Name = "Azurite with OAuth";
}

/// <summary>Stands in for DefaultAzureCredential: an unsigned token that Azurite's basic OAuth mode accepts.</summary>
public sealed class AzuriteTokenCredential : TokenCredential
{
    public const string ObjectId = "0000000a-0000-0000-0000-00000000c00c";

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        return new AccessToken(AzuriteAccessToken.Create(ObjectId, now, TimeSpan.FromHours(1)), now.AddHours(1));
    }

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}
