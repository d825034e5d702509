using Cooc.Ports;

namespace Cooc.Adapters.Tests.Documents;

/// <summary>The documents contract on the Cosmos adapter, against cosmos-server (tools/emulators/cosmos-server.js).</summary>
[Collection(CosmosCollection.Name)]
public sealed class CosmosDocumentStoreContractTests(CosmosFixture cosmos) : DocumentStoreContract
{
    private static readonly string Database = "contract-" + Guid.NewGuid().ToString("N");

    protected override async Task<IDocumentStore> CreateStoreAsync() => await cosmos.StoreAsync(Database);
}
