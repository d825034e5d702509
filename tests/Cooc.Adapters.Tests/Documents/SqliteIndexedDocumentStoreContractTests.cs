using Cooc.Embedded.Documents;
using Cooc.Ports;

namespace Cooc.Adapters.Tests.Documents;

/// <summary>
/// The whole contract again with indexes on the properties the contract filters and sorts the learners by, so its
/// queries of those shapes read through an index (<see cref="DocumentIndex"/>) and must answer exactly the same.
/// </summary>
public sealed class SqliteIndexedDocumentStoreContractTests : DocumentStoreContract
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "cooc-documents-" + Guid.NewGuid().ToString("N"));

    public static readonly IReadOnlyList<DocumentIndex> LearnerIndexes =
    [
        new(Learners, null, "name"),
        new(Learners, null, "score"),
        new(Learners, null, "track"),
        new(Learners, null, "passed"),
        new(Learners, null, "grade"),
        new(Learners, null, [], [new SortKey("score", Descending: true)]),
        new(Learners, null, [], [new SortKey("score")]),
        new(Learners, null, [], [new SortKey("track"), new SortKey("score", Descending: true)]),
        new(Learners, null, ["passed"], [new SortKey("score", Descending: true)]),
    ];

    protected override Task<IDocumentStore> CreateStoreAsync() =>
        Task.FromResult<IDocumentStore>(new SqliteDocumentStore(new SqliteDocumentStoreOptions
        {
            DatabasePath = Path.Combine(_folder, "documents.db"),
            Indexes = LearnerIndexes,
        }));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}
