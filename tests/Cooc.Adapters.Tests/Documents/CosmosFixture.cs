using System.Collections.Concurrent;
using Cooc.Azure.Documents;
using Cooc.Emulators.Cosmos;
using Cooc.Ports;

namespace Cooc.Adapters.Tests.Documents;

/// <summary>One cosmos-server for every test class of the collection; each class asks for its own database.</summary>
public sealed class CosmosFixture : IAsyncLifetime
{
    private readonly ConcurrentDictionary<string, Lazy<Task<CosmosDocumentStore>>> _stores = new();

    /// <summary>
    /// The app's containers, plus the orderings the tests sort their documents by (in enrollments):
    /// Cosmos needs a composite index for each ORDER BY.
    /// </summary>
    public static readonly IReadOnlyList<CosmosContainerDefinition> TestContainers = CosmosContainerDefinitions.All
        .Select(c => c.Name != Containers.Enrollments ? c : c with
        {
            Orderings =
            [
                .. c.Orderings,
                [new SortKey("score")],
                [new SortKey("score", Descending: true)],
                [new SortKey("track"), new SortKey("score", Descending: true)],
                [new SortKey("grade")],
                [new SortKey("grade", Descending: true)],
            ],
        })
        .ToList();

    public CosmosEmulator Emulator { get; private set; } = null!;

    public async Task InitializeAsync() => Emulator = await CosmosEmulator.StartAsync();

    /// <summary>A store on the database, created (with <see cref="TestContainers"/>) on first use and shared by the class's tests.</summary>
    public Task<CosmosDocumentStore> StoreAsync(string databaseName) =>
        _stores.GetOrAdd(databaseName, _ => new Lazy<Task<CosmosDocumentStore>>(async () =>
        {
            var store = NewStore(databaseName, TestContainers);
            await store.EnsureCreatedAsync();
            return store;
        })).Value;

    /// <summary>A store of its own (the caller disposes it), with nothing created yet.</summary>
    public CosmosDocumentStore NewStore(string databaseName, IReadOnlyList<CosmosContainerDefinition> containers) =>
        new(new CosmosDocumentStoreOptions
        {
            ConnectionString = Emulator.ConnectionString,
            AcceptAnyServerCertificate = true,
            DatabaseName = databaseName,
            Containers = containers,
        });

    public async Task DisposeAsync()
    {
        foreach (var store in _stores.Values.Where(s => s.IsValueCreated && s.Value.IsCompletedSuccessfully))
            (await store.Value).Dispose();
        if (Emulator is not null)
            await Emulator.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class CosmosCollection : ICollectionFixture<CosmosFixture>
{
    public const string Name = "Cosmos emulator";
}
