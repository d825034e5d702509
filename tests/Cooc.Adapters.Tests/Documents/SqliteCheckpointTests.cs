using System.Collections.Concurrent;
using System.Diagnostics;
using Cooc.Embedded.Documents;
using Cooc.Ports;
using Microsoft.Data.Sqlite;

namespace Cooc.Adapters.Tests.Documents;

/// <summary>
/// <see cref="WalCheckpointer"/>: committed pages reach the database file without the writer checkpointing (its own
/// checkpoint set far beyond what the test writes), and every write stays readable while they are copied.
/// Seen in the file's size: SQLite grows the database file only when a checkpoint copies pages into it.
/// </summary>
public sealed class SqliteCheckpointTests : IDisposable
{
    private const string Partition = "course-1";
    private readonly DocumentFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private sealed record Page(string Id, string CourseId, string Text) : IDocument;

    [Fact]
    public async Task A_thread_of_the_store_copies_committed_pages_into_the_database_file()
    {
        var (grown, sizes) = await WriteAndWatchAsync("background", TimeSpan.FromMilliseconds(20), until: TimeSpan.FromSeconds(10));

        Assert.True(grown, $"the database file should grow past 200 KB while the writer never checkpoints: {sizes}");
    }

    [Fact]
    public async Task Without_it_the_pages_stay_in_the_WAL_until_the_writer_checkpoints()
    {
        // The case the first test guards: the writer checkpoints at 1,000 pages (SQLite's default), which 120 writes do not reach.
        var (grown, sizes) = await WriteAndWatchAsync("writer only", null, until: TimeSpan.FromSeconds(1));

        Assert.False(grown, $"nothing should copy the pages: {sizes}");
    }

    [Fact]
    public async Task Disposing_the_store_twice_is_harmless_and_leaves_its_writes_to_the_next_opening()
    {
        var options = new SqliteDocumentStoreOptions { DatabasePath = _folder.Database("twice") };
        var store = new SqliteDocumentStore(options);
        await store.CreateAsync(Containers.Courses, Partition, new Page("page-1", Partition, "t"));

        await store.DisposeAsync();
        await store.DisposeAsync();

        await using var reopened = new SqliteDocumentStore(options);
        Assert.Equal("t", (await reopened.ReadAsync<Page>(Containers.Courses, Partition, "page-1"))?.Value.Text);
        await reopened.CreateAsync(Containers.Courses, Partition, new Page("page-2", Partition, "u"));
    }

    [Fact]
    public void Settings_out_of_range_are_refused()
    {
        var path = _folder.Database("refused");
        Assert.Throws<ArgumentOutOfRangeException>(() => new SqliteDocumentStore(new() { DatabasePath = path, CheckpointInterval = TimeSpan.Zero }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SqliteDocumentStore(new() { DatabasePath = path, WriterCheckpointPages = 0 }));
    }

    [Fact]
    public async Task A_failing_checkpoint_is_reported_at_once_and_the_failures_held_back_when_the_thread_stops()
    {
        // A read-only connection cannot checkpoint: each run fails as an I/O error would.
        var path = _folder.Database("failing");
        await using var store = new SqliteDocumentStore(new SqliteDocumentStoreOptions { DatabasePath = path, CheckpointInterval = null });
        await store.CreateAsync(Containers.Courses, Partition, new Page("page-1", Partition, "t"));
        using var readOnly = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        readOnly.Open();
        var reports = new ConcurrentQueue<(Exception Error, int Failures)>();
        int whileRunning;

        using (new WalCheckpointer(readOnly, TimeSpan.FromMilliseconds(10), (e, failures) => reports.Enqueue((e, failures))))
        {
            var watch = Stopwatch.StartNew();
            while (reports.IsEmpty && watch.Elapsed < TimeSpan.FromSeconds(10)) await Task.Delay(10);
            await Task.Delay(200); // about 20 more runs, all failing
            whileRunning = reports.Count;
        }

        Assert.Equal(1, whileRunning);
        Assert.Collection(reports,
            first => Assert.Equal(1, first.Failures),
            held => Assert.InRange(held.Failures, 1, 1000));
        Assert.All(reports, r => Assert.IsType<SqliteException>(r.Error));
    }

    /// <summary>
    /// Writes 120 documents of 3 KB (about 100 pages), then watches the database file's size until it passes 200 KB or
    /// the time is up; every document must read back the whole time.
    /// </summary>
    private async Task<(bool Grown, string Sizes)> WriteAndWatchAsync(string name, TimeSpan? interval, TimeSpan until)
    {
        var path = _folder.Database(name.Replace(' ', '-'));
        await using var store = new SqliteDocumentStore(new SqliteDocumentStoreOptions
        {
            DatabasePath = path, Indexes = [], CheckpointInterval = interval, WriterCheckpointPages = 1_000_000,
        });
        var before = new FileInfo(path).Length;
        var text = new string('t', 3000);
        for (var i = 0; i < 120; i++)
            await store.CreateAsync(Containers.Courses, Partition, new Page($"page-{i:D3}", Partition, text));
        var watch = Stopwatch.StartNew();
        long size;
        do
        {
            await Task.Delay(20);
            Assert.NotNull(await store.ReadAsync<Page>(Containers.Courses, Partition, $"page-{Random.Shared.Next(120):D3}"));
            size = new FileInfo(path).Length;
        }
        while (size < 200_000 && watch.Elapsed < until);
        return (size >= 200_000, $"{before} bytes before the writes, {size} after {watch.Elapsed.TotalMilliseconds:F0} ms");
    }
}
