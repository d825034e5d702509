using Cooc.Ports;

namespace Cooc.Adapters.Tests.Blobs;

/// <summary>The blob store contract against Azurite, through the Azure SDK and SAS URLs signed with the account key.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureBlobStoreContractTests(AzuriteFixture azurite) : BlobStoreContract
{
    protected override IBlobStore CreateStore() => azurite.CreateStore();

    protected override HttpClient SignedUrlClient => azurite.Http;
}
