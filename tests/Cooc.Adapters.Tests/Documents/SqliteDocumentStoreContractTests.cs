using Cooc.Embedded.Documents;
using Cooc.Ports;

namespace Cooc.Adapters.Tests.Documents;

public sealed class SqliteDocumentStoreContractTests : DocumentStoreContract
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "cooc-documents-" + Guid.NewGuid().ToString("N"));

    protected override Task<IDocumentStore> CreateStoreAsync() =>
        Task.FromResult<IDocumentStore>(new SqliteDocumentStore(new SqliteDocumentStoreOptions
        {
            DatabasePath = Path.Combine(_folder, "documents.db"),
        }));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}
