using Cooc.Assessment;
using Cooc.Embedded.Documents;
using Cooc.Ports;
using Microsoft.Data.Sqlite;

namespace Cooc.Adapters.Tests.Documents;

/// <summary>
/// <see cref="DocumentIndex.Include"/>: a query whose index range walks many rows its filter rejects (the claim
/// candidates late in a rush: the oldest waiting submissions, most of them leased up) tests the included properties on
/// the index entries and reads the bodies of the rows it returns only. Counted in page fetches of SQLite's cache on the
/// connection that runs the store's SQL for the query: 29 with the counters included, 530 without (1,000 rejected rows).
/// </summary>
public sealed class SqliteIndexFilterTests : IDisposable
{
    private const string Assignment = "asg-1";
    private const int LeasedUp = 1000, Short = 10;
    private readonly DocumentFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static readonly DocumentQuery Candidates = new([Condition.Eq("kind", "submission"), Condition.Eq("status", SubmissionStatus.Waiting),
        Condition.Lt("activeLeases", 3), Condition.Lt("completedReviews", 3)], [new SortKey("submittedAt")], 500);

    private static readonly DocumentIndex WithCounters = DocumentIndexes.Default.Single(i => i.Kind == "submission" && i.Equal is ["status"]);

    [Fact]
    public async Task Rows_the_included_counters_reject_cost_no_read_of_their_bodies()
    {
        var withCounters = await PageFetchesAsync("with", WithCounters);
        var without = await PageFetchesAsync("without", WithCounters with { Include = [] });

        // Reading the rejected rows' bodies fetches every table page they are on (a body of 1.5 KB: two or three a page).
        Assert.True(without > LeasedUp / 3, $"without the counters in the index: {without} page fetches (the case the index guards)");
        Assert.True(withCounters * 5 < without, $"with the counters in the index: {withCounters} page fetches, against {without} without");
    }

    /// <summary>Seeds a store with that one index, then counts the pages the candidates' query fetches (and checks its answer).</summary>
    private async Task<long> PageFetchesAsync(string name, DocumentIndex index)
    {
        var options = new SqliteDocumentStoreOptions { DatabasePath = _folder.Database(name), Indexes = [index] };
        await using (var store = new SqliteDocumentStore(options))
        {
            var essay = new string('e', 1500);
            await Task.WhenAll(Enumerable.Range(0, LeasedUp + Short).Select(i => store.CreateAsync(Containers.Assessment, Assignment,
                new Candidate($"submission:a{i:D4}", Assignment, "submission", "waiting", i < LeasedUp ? 3 : 1, 0, DateTimeOffset.UnixEpoch.AddMinutes(i), essay))));
        }
        var (text, values) = QuerySql.Build(Containers.Assessment, Assignment, Candidates, QuerySql.OrderBySignature(Candidates), [index]);
        using var connection = new DocumentDatabase(options).OpenReader(); // as the store reads
        using var command = connection.CreateCommand();
        command.CommandText = text;
        for (var i = 0; i < values.Length; i++) command.Parameters.AddWithValue("@p" + i, values[i] ?? DBNull.Value);
        command.Prepare();
        PageFetches(connection, reset: true);
        var ids = new List<string>();
        using (var reader = command.ExecuteReader())
            while (reader.Read()) ids.Add(reader.GetString(0));
        var fetches = PageFetches(connection, reset: false);
        Assert.Equal(Enumerable.Range(LeasedUp, Short).Select(i => $"submission:a{i:D4}"), ids);
        return fetches;
    }

    /// <summary>Cache hits plus misses of the connection's pager since the last reset (SQLITE_DBSTATUS_CACHE_HIT, _MISS).</summary>
    private static long PageFetches(SqliteConnection connection, bool reset)
    {
        long total = 0;
        foreach (var op in new[] { 7, 8 })
        {
            SQLitePCL.raw.sqlite3_db_status(connection.Handle, op, out var current, out _, reset ? 1 : 0);
            total += current;
        }
        return total;
    }

    private sealed record Candidate(string Id, string AssignmentId, string Kind, string Status, int ActiveLeases, int CompletedReviews,
        DateTimeOffset SubmittedAt, string Text) : IDocument;
}
