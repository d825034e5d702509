using Cooc.Azure.Documents;
using Cooc.Ports;
using Microsoft.Azure.Cosmos;

namespace Cooc.Adapters.Tests.Documents;

/// <summary>What only the Cosmos adapter promises: Cosmos's sort order of missing and null values, schema upkeep, validation.</summary>
[Collection(CosmosCollection.Name)]
public sealed class CosmosDocumentStoreTests(CosmosFixture cosmos)
{
    private const string Learners = Containers.Enrollments;
    private static readonly string Database = "adapter-" + Guid.NewGuid().ToString("N");
    private readonly string _courseId = "course-" + Guid.NewGuid().ToString("N");

    private Task<CosmosDocumentStore> StoreAsync() => cosmos.StoreAsync(Database);

    private Learner NewLearner(string id, int score = 0, string? courseId = null) =>
        new(id, courseId ?? _courseId, "Learner " + id, score, Track.Audit, DateTimeOffset.UnixEpoch, false);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Paging_by_a_key_that_is_null_or_missing_in_some_documents_returns_each_once_in_cosmos_order(bool descending)
    {
        var store = await StoreAsync();
        var learners = Enumerable.Range(0, 30).Select(i => NewLearner($"l{i:D2}") with { Grade = i % 3 == 0 ? null : i % 5 * 0.1 }).ToArray();
        foreach (var learner in learners)
            await store.CreateAsync(Learners, _courseId, learner);
        foreach (var i in Enumerable.Range(0, 10))
            await store.CreateAsync(Learners, _courseId, new Note($"n{i}", _courseId, "no grade at all"));
        var query = new DocumentQuery([], [new SortKey("grade", descending)], PageSize: 4);

        var ids = new List<string>();
        do
        {
            var page = await store.QueryAsync<Note>(Learners, _courseId, query);
            ids.AddRange(page.Items.Select(i => i.Value.Id));
            query = query with { ContinuationToken = page.ContinuationToken };
        }
        while (query.ContinuationToken is not null);

        // Cosmos sorts missing before null before numbers (SQLite sorts missing and null alike); id breaks ties.
        var missing = Enumerable.Range(0, 10).Select(i => $"n{i}");
        var nulls = learners.Where(l => l.Grade is null).Select(l => l.Id);
        var graded = learners.Where(l => l.Grade is not null);
        var expected = descending
            ? graded.OrderByDescending(l => l.Grade).ThenBy(l => l.Id, StringComparer.Ordinal).Select(l => l.Id).Concat(nulls).Concat(missing)
            : missing.Concat(nulls).Concat(graded.OrderBy(l => l.Grade).ThenBy(l => l.Id, StringComparer.Ordinal).Select(l => l.Id));
        Assert.Equal(expected, ids);
    }

    public static TheoryData<string> UnsafePaths => ["score\"] OR 1=1 --", "a..b", ".score", "score.", "seats[0]", "", "na me", "$.score"];

    [Theory]
    [MemberData(nameof(UnsafePaths))]
    public async Task Paths_other_than_dotted_names_are_rejected(string path)
    {
        var store = await StoreAsync();
        await store.CreateAsync(Learners, _courseId, NewLearner("a"));

        await Assert.ThrowsAsync<ArgumentException>(() => store.QueryAsync<Learner>(Learners, _courseId, new DocumentQuery([Condition.Eq(path, 1)])));
        await Assert.ThrowsAsync<ArgumentException>(() => store.QueryAsync<Learner>(Learners, _courseId, new DocumentQuery([], [new SortKey(path)])));
        await Assert.ThrowsAsync<ArgumentException>(() => store.IncrementAsync<Learner>(Learners, _courseId, "a", [new Increment(path, 1)]));
        await Assert.ThrowsAsync<ArgumentException>(() => store.IncrementAsync<Learner>(Learners, _courseId, "a",
            [new Increment("score", 1)], [Condition.LtField("score", path)]));
    }

    [Fact]
    public async Task A_document_whose_partition_property_differs_from_the_partition_key_is_rejected()
    {
        var store = await StoreAsync();
        var other = "course-" + Guid.NewGuid().ToString("N");

        await Assert.ThrowsAsync<ArgumentException>(() => store.CreateAsync(Learners, _courseId, NewLearner("a", courseId: other)));
        await Assert.ThrowsAsync<ArgumentException>(() => store.UpsertAsync(Learners, _courseId, NewLearner("a", courseId: other)));

        Assert.Null(await store.ReadAsync<Learner>(Learners, other, "a"));
    }

    [Fact]
    public async Task A_continuation_token_is_only_accepted_by_a_query_with_the_same_order()
    {
        var store = await StoreAsync();
        await Task.WhenAll(Enumerable.Range(0, 5).Select(i => store.CreateAsync(Learners, _courseId, NewLearner($"l{i}", score: i))));
        var first = await store.QueryAsync<Learner>(Learners, _courseId, new DocumentQuery([], [new SortKey("score")], PageSize: 2));

        await Assert.ThrowsAsync<ArgumentException>(() => store.QueryAsync<Learner>(Learners, _courseId,
            new DocumentQuery([], [new SortKey("score", Descending: true)], PageSize: 2, first.ContinuationToken)));
        await Assert.ThrowsAsync<ArgumentException>(() => store.QueryAsync<Learner>(Learners, _courseId,
            new DocumentQuery([], [new SortKey("score")], PageSize: 2, "not-a-token")));
    }

    [Fact]
    public async Task A_container_that_does_not_exist_is_an_error_not_a_missing_document()
    {
        var store = await StoreAsync();

        var error = await Assert.ThrowsAsync<CosmosException>(() => store.ReadAsync<Learner>("no-such-container", _courseId, "a"));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public async Task EnsureCreated_is_idempotent_and_adds_the_composite_index_of_a_new_ordering()
    {
        var database = "schema-" + Guid.NewGuid().ToString("N");
        var byScore = new DocumentQuery([], [new SortKey("score", Descending: true)]);
        using (var before = cosmos.NewStore(database, CosmosContainerDefinitions.All))
        {
            await before.EnsureCreatedAsync();
            await before.CreateAsync(Learners, _courseId, NewLearner("a", score: 1));
            await Assert.ThrowsAsync<CosmosException>(() => before.QueryAsync<Learner>(Learners, _courseId, byScore));
        }

        using var after = cosmos.NewStore(database, CosmosFixture.TestContainers);
        await after.EnsureCreatedAsync();
        await after.EnsureCreatedAsync();

        var page = await after.QueryAsync<Learner>(Learners, _courseId, byScore);
        Assert.Equal(["a"], page.Items.Select(i => i.Value.Id));
    }
}
