using Cooc.Embedded;
using Cooc.Embedded.Documents;
using Cooc.Ports;

namespace Cooc.Adapters.Tests.Documents;

/// <summary>What only the SQLite adapter promises: durability of the file, clean shutdown, input validation.</summary>
public sealed class SqliteDocumentStoreTests : IDisposable
{
    private const string Learners = Containers.Enrollments;
    private const string CourseId = "course-1";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "cooc-documents-" + Guid.NewGuid().ToString("N"));

    private string DatabasePath => Path.Combine(_folder, "documents.db");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private SqliteDocumentStore Open(string? path = null, SqliteSynchronous synchronous = SqliteSynchronous.Normal) =>
        new(new SqliteDocumentStoreOptions { DatabasePath = path ?? DatabasePath, Synchronous = synchronous });

    private static Learner NewLearner(string id, int score = 0, string courseId = CourseId) =>
        new(id, courseId, "Learner " + id, score, Track.Audit, DateTimeOffset.UnixEpoch, false);

    [Theory]
    [InlineData(SqliteSynchronous.Normal)]
    [InlineData(SqliteSynchronous.Full)]
    public async Task Writes_that_returned_are_there_after_reopening_the_file(SqliteSynchronous synchronous)
    {
        var store = Open(synchronous: synchronous);
        var written = await Task.WhenAll(Enumerable.Range(0, 300).Select(i => store.CreateAsync(Learners, CourseId, NewLearner($"l{i}"))));
        await store.DisposeAsync();

        await using var reopened = Open(synchronous: synchronous);
        foreach (var stored in written)
            Assert.Equal(stored.ETag, (await reopened.ReadAsync<Learner>(Learners, CourseId, stored.Value.Id))?.ETag);
    }

    [Fact]
    public async Task Writes_that_returned_survive_a_crash()
    {
        await using var store = Open();
        var written = await Task.WhenAll(Enumerable.Range(0, 300).Select(i => store.CreateAsync(Learners, CourseId, NewLearner($"l{i}"))));
        await store.IncrementAsync<Learner>(Learners, CourseId, "l0", [new Increment("score", 5)]);

        // A killed process leaves the database and its WAL as they are on disk now: no checkpoint, no clean close.
        var crashed = Path.Combine(_folder, "crashed");
        Directory.CreateDirectory(crashed);
        foreach (var suffix in new[] { "", "-wal" })
            File.Copy(DatabasePath + suffix, Path.Combine(crashed, "documents.db" + suffix));

        await using var recovered = Open(Path.Combine(crashed, "documents.db"));
        Assert.Equal(5, (await recovered.ReadAsync<Learner>(Learners, CourseId, "l0"))!.Value.Score);
        foreach (var stored in written.Skip(1))
            Assert.Equal(stored.ETag, (await recovered.ReadAsync<Learner>(Learners, CourseId, stored.Value.Id))?.ETag);
    }

    [Fact]
    public async Task Dispose_commits_the_writes_already_queued_and_refuses_later_ones()
    {
        var store = Open();
        var pending = Enumerable.Range(0, 500).Select(i => store.CreateAsync(Learners, CourseId, NewLearner($"l{i}"))).ToArray();

        await store.DisposeAsync();

        Assert.Equal(500, (await Task.WhenAll(pending)).Length); // throws if any queued write failed
        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.CreateAsync(Learners, CourseId, NewLearner("late")));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.ReadAsync<Learner>(Learners, CourseId, "l0"));
        await using var reopened = Open();
        var all = await reopened.QueryAsync<Learner>(Learners, CourseId, new DocumentQuery([], PageSize: 1000));
        Assert.Equal(500, all.Items.Count);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Paging_by_a_key_that_is_null_or_missing_in_some_documents_returns_each_once(bool descending)
    {
        await using var store = Open();
        var learners = Enumerable.Range(0, 30).Select(i => NewLearner($"l{i:D2}") with { Grade = i % 3 == 0 ? null : i % 5 * 0.1 }).ToArray();
        foreach (var learner in learners)
            await store.CreateAsync(Learners, CourseId, learner);
        foreach (var i in Enumerable.Range(0, 10))
            await store.CreateAsync(Learners, CourseId, new Note($"n{i}", CourseId, "no grade at all"));
        var query = new DocumentQuery([], [new SortKey("grade", descending)], PageSize: 4);

        var ids = new List<string>();
        do
        {
            var page = await store.QueryAsync<Note>(Learners, CourseId, query);
            ids.AddRange(page.Items.Select(i => i.Value.Id));
            query = query with { ContinuationToken = page.ContinuationToken };
        }
        while (query.ContinuationToken is not null);

        // SQLite orders null and missing alike, lowest, with id breaking the tie.
        var ungraded = learners.Where(l => l.Grade is null).Select(l => l.Id).Concat(Enumerable.Range(0, 10).Select(i => $"n{i}")).Order(StringComparer.Ordinal);
        var graded = learners.Where(l => l.Grade is not null);
        var expected = descending
            ? graded.OrderByDescending(l => l.Grade).ThenBy(l => l.Id, StringComparer.Ordinal).Select(l => l.Id).Concat(ungraded)
            : ungraded.Concat(graded.OrderBy(l => l.Grade).ThenBy(l => l.Id, StringComparer.Ordinal).Select(l => l.Id));
        Assert.Equal(expected, ids);
    }

    public static TheoryData<string> UnsafePaths => ["score') OR 1=1 --", "a..b", ".score", "score.", "seats[0]", "", "na me", "$.score"];

    [Theory]
    [MemberData(nameof(UnsafePaths))]
    public async Task Paths_other_than_dotted_names_are_rejected(string path)
    {
        await using var store = Open();
        await store.CreateAsync(Learners, CourseId, NewLearner("a"));

        await Assert.ThrowsAsync<ArgumentException>(() => store.QueryAsync<Learner>(Learners, CourseId, new DocumentQuery([Condition.Eq(path, 1)])));
        await Assert.ThrowsAsync<ArgumentException>(() => store.QueryAsync<Learner>(Learners, CourseId, new DocumentQuery([], [new SortKey(path)])));
        await Assert.ThrowsAsync<ArgumentException>(() => store.IncrementAsync<Learner>(Learners, CourseId, "a", [new Increment(path, 1)]));
        await Assert.ThrowsAsync<ArgumentException>(() => store.IncrementAsync<Learner>(Learners, CourseId, "a",
            [new Increment("score", 1)], [Condition.LtField("score", path)]));
    }

    [Fact]
    public async Task A_document_whose_partition_property_differs_from_the_partition_key_is_rejected()
    {
        await using var store = Open();

        await Assert.ThrowsAsync<ArgumentException>(() => store.CreateAsync(Learners, CourseId, NewLearner("a", courseId: "course-2")));
        await Assert.ThrowsAsync<ArgumentException>(() => store.UpsertAsync(Learners, CourseId, NewLearner("a", courseId: "course-2")));

        Assert.Null(await store.ReadAsync<Learner>(Learners, "course-2", "a"));
    }

    [Fact]
    public async Task A_continuation_token_is_only_accepted_by_a_query_with_the_same_order()
    {
        await using var store = Open();
        await Task.WhenAll(Enumerable.Range(0, 5).Select(i => store.CreateAsync(Learners, CourseId, NewLearner($"l{i}", score: i))));
        var first = await store.QueryAsync<Learner>(Learners, CourseId, new DocumentQuery([], [new SortKey("score")], PageSize: 2));

        await Assert.ThrowsAsync<ArgumentException>(() => store.QueryAsync<Learner>(Learners, CourseId,
            new DocumentQuery([], [new SortKey("score", Descending: true)], PageSize: 2, first.ContinuationToken)));
        await Assert.ThrowsAsync<ArgumentException>(() => store.QueryAsync<Learner>(Learners, CourseId,
            new DocumentQuery([], [new SortKey("score")], PageSize: 2, "not-a-token")));
    }
}
