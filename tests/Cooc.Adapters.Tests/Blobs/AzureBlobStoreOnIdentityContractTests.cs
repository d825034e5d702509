using Cooc.Ports;

namespace Cooc.Adapters.Tests.Blobs;

/// <summary>
/// The blob store contract against Azurite on https with a bearer-token identity: production's shape, where there
/// is no account key and signed URLs carry a user delegation key.
/// </summary>
[Collection(AzuriteOAuthCollection.Name)]
public sealed class AzureBlobStoreOnIdentityContractTests(AzuriteOAuthFixture azurite) : BlobStoreContract
{
    protected override IBlobStore CreateStore() => azurite.CreateStore();

    protected override HttpClient SignedUrlClient => azurite.Http;
}
