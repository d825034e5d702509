using Cooc.Embedded.Blobs;
using Cooc.Ports;

namespace Cooc.Adapters.Tests.Blobs;

public sealed class LocalFileBlobStoreContractTests : BlobStoreContract, IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly List<LocalFileBlobStore> _stores = [];

    protected override IBlobStore CreateStore()
    {
        var store = _folder.CreateStore();
        _stores.Add(store);
        return store;
    }

    public void Dispose()
    {
        _stores.ForEach(s => s.Dispose());
        _folder.Dispose();
    }
}
