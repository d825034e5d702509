using Cooc.Embedded.Documents;
using Cooc.Ports;
using Microsoft.Data.Sqlite;

namespace Cooc.Adapters.Tests.Documents;

/// <summary>
/// Group commit under failure: a write that fails undoes only itself, a batch that cannot commit fails every caller
/// in it, and in both cases what a caller was told matches what is stored. Failures are injected with SQLite triggers.
/// </summary>
public sealed class SqliteDocumentStoreFailureTests : IAsyncLifetime
{
    private const string Learners = Containers.Enrollments;
    private const string CourseId = "course-1";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "cooc-documents-" + Guid.NewGuid().ToString("N"));
    private SqliteDocumentStore _store = null!;

    private string DatabasePath => Path.Combine(_folder, "documents.db");

    public Task InitializeAsync()
    {
        _store = new SqliteDocumentStore(new SqliteDocumentStoreOptions { DatabasePath = DatabasePath });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task A_write_that_fails_inside_a_batch_undoes_only_itself()
    {
        Execute("""
            CREATE TRIGGER refuse_poison BEFORE INSERT ON documents WHEN NEW.id = 'poison'
            BEGIN SELECT RAISE(ABORT, 'poison'); END;
            """);

        var outcomes = await CreateConcurrentlyAsync(["poison", .. Enumerable.Range(0, 199).Select(i => $"l{i}")]);

        Assert.IsType<SqliteException>(outcomes["poison"]);
        Assert.All(outcomes.Where(o => o.Key != "poison"), o => Assert.Null(o.Value));
        await AssertStoredExactlyTheSucceededAsync(outcomes);
    }

    [Fact]
    public async Task A_batch_whose_commit_fails_fails_every_write_in_it_and_stores_none()
    {
        // A deferred foreign key is checked only at COMMIT, so the poison insert makes its whole batch fail there.
        Execute("""
            PRAGMA foreign_keys = ON;
            CREATE TABLE parent (id TEXT PRIMARY KEY);
            CREATE TABLE child (parent TEXT REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED);
            CREATE TRIGGER orphan_child AFTER INSERT ON documents WHEN NEW.id = 'poison'
            BEGIN INSERT INTO child VALUES ('nobody'); END;
            """);

        var outcomes = await CreateConcurrentlyAsync([.. Enumerable.Range(0, 100).Select(i => $"l{i}"), "poison"]);

        Assert.Contains("FOREIGN KEY", Assert.IsType<SqliteException>(outcomes["poison"]).Message); // failed at COMMIT
        await AssertStoredExactlyTheSucceededAsync(outcomes);
        // The writer is not stuck after a failed commit.
        await _store.CreateAsync(Learners, CourseId, NewLearner("after"));
        Assert.NotNull(await _store.ReadAsync<Learner>(Learners, CourseId, "after"));
    }

    private async Task<Dictionary<string, Exception?>> CreateConcurrentlyAsync(string[] ids)
    {
        using var start = new ManualResetEventSlim();
        var tasks = ids.Select(id => Task.Run(async () =>
        {
            start.Wait();
            try
            {
                await _store.CreateAsync(Learners, CourseId, NewLearner(id));
                return (id, (Exception?)null);
            }
            catch (Exception e)
            {
                return (id, e);
            }
        })).ToArray();
        start.Set();
        return (await Task.WhenAll(tasks)).ToDictionary(o => o.id, o => o.Item2);
    }

    private async Task AssertStoredExactlyTheSucceededAsync(Dictionary<string, Exception?> outcomes)
    {
        foreach (var (id, error) in outcomes)
            Assert.Equal(error is null, await _store.ReadAsync<Learner>(Learners, CourseId, id) is not null);
    }

    private void Execute(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static Learner NewLearner(string id) =>
        new(id, CourseId, "Learner " + id, 0, Track.Audit, DateTimeOffset.UnixEpoch, false);
}
