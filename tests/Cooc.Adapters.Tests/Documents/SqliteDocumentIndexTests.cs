using Cooc.Assessment;
using Cooc.Embedded.Documents;
using Cooc.Ports;
using Microsoft.Data.Sqlite;

namespace Cooc.Adapters.Tests.Documents;

/// <summary>
/// The embedded store's indexes on JSON properties: which queries read through one (SQLite's plan for the SQL the store
/// runs), and their life cycle in the file. That results do not change with them is the contract suite's job
/// (<see cref="SqliteIndexedDocumentStoreContractTests"/>).
/// </summary>
public sealed class SqliteDocumentIndexTests : IDisposable
{
    private const string Assignment = "asg-1";
    private readonly DocumentFolder _folder = new();

    private string DatabasePath => _folder.Database();

    public void Dispose() => _folder.Dispose();

    private SqliteDocumentStore Open(IReadOnlyList<DocumentIndex> indexes) => new(new SqliteDocumentStoreOptions { DatabasePath = DatabasePath, Indexes = indexes });

    /// <summary>The peer-review claim's queries, as ReviewClaims, ClaimCandidates and ReviewCompletions send them, and the grading queue's.</summary>
    public static TheoryData<string, DocumentQuery> HotQueries => new()
    {
        { "claim candidates", new([Condition.Eq("kind", "submission"), Condition.Eq("status", SubmissionStatus.Waiting), Condition.Lt("activeLeases", 3),
            Condition.Lt("completedReviews", 3)], [new SortKey("submittedAt")], 500) },
        { "open lease", new([Condition.Eq("kind", "lease"), Condition.Eq("reviewerId", "ada"), Condition.Eq("status", LeaseStatus.Active)], null, 100) },
        { "active leases, first to expire first", new([Condition.Eq("kind", "lease"), Condition.Eq("status", LeaseStatus.Active)], [new SortKey("expiresAt")], 100) },
        { "lease by review id", new([Condition.Eq("kind", "lease"), Condition.Eq("reviewerId", "ada"), Condition.Eq("reviewId", "rev_1")], null, 2) },
        { "reviews of a reviewer", new([Condition.Eq("kind", "review"), Condition.Eq("reviewerId", "ada")], null, 500) },
        { "reviews of a submission", new([Condition.Eq("kind", "review"), Condition.Eq("submissionId", "submission:ada"), Condition.Eq("submissionRevision", 1)], null, 500) },
        { "extras", new([Condition.Eq("kind", "submission"), Condition.Ne("authorId", "ada")], [new SortKey("completedReviews"), new SortKey("submittedAt")], 100) },
        // Grading-queue messages (GradeFinalization, ReleasesAtClose, GradeReleases) and the reviewer fit.
        { "provisional grades", new([Condition.Eq("kind", "submission"), Condition.Eq("peerGrade.provisional", true)], null, 250) },
        { "the first submissions", new([Condition.Eq("kind", "submission")], null, 21) },
        { "other authors' submissions", new([Condition.Eq("kind", "submission"), Condition.Ne("authorId", "ada")], null, 5) },
        { "every review", new([Condition.Eq("kind", "review")], null, 500) },
    };

    [Theory]
    [MemberData(nameof(HotQueries))]
    public async Task The_claims_queries_search_an_index_and_need_no_sort(string name, DocumentQuery query)
    {
        await using var store = Open(DocumentIndexes.Default);

        var plan = Plan(Containers.Assessment, query, DocumentIndexes.Default);

        Assert.True(plan.Contains("USING INDEX documents_ix_assessment_") && !plan.Contains("TEMP B-TREE"), $"{name}: {plan}");
    }

    [Theory]
    [MemberData(nameof(HotQueries))]
    public async Task Kind_scoped_indexes_answer_like_reading_the_whole_partition(string name, DocumentQuery query)
    {
        await using var indexed = Open(DocumentIndexes.Default);
        await using var scanning = new SqliteDocumentStore(new SqliteDocumentStoreOptions { DatabasePath = _folder.Database("scan"), Indexes = [] });
        var random = new Random(7);
        var kinds = new[] { "submission", "lease", "review", "reviewer" };
        var documents = Enumerable.Range(0, 300).Select(i => new AssessmentLike($"d{random.Next(1000):D3}-{i}", Assignment, kinds[random.Next(4)],
            random.Next(4) switch { 0 => "waiting", 1 => "active", 2 => "graded", _ => "completed" }, random.Next(4) == 0 ? "ada" : $"r{random.Next(5)}",
            random.Next(3) == 0 ? "rev_1" : $"rev_{i}", random.Next(3) == 0 ? "submission:ada" : $"submission:s{random.Next(5)}", random.Next(1, 3),
            random.Next(5) == 0 ? "ada" : $"a{i}", random.Next(4), random.Next(4), DateTimeOffset.UnixEpoch.AddMinutes(random.Next(50)))
            {
                PeerGrade = random.Next(3) == 0 ? null : new GradeLike(random.Next(2) == 0),
                ReleasedAt = random.Next(2) == 0 ? null : DateTimeOffset.UnixEpoch,
            }).ToList();
        foreach (var document in documents)
        {
            await indexed.CreateAsync(Containers.Assessment, Assignment, document);
            await scanning.CreateAsync(Containers.Assessment, Assignment, document);
        }

        var paged = query with { PageSize = 7 };
        var viaIndex = await AllIdsAsync(indexed, paged);
        var viaScan = await AllIdsAsync(scanning, paged);

        Assert.True(viaScan.Count > 0, $"{name}: the data should match some documents");
        Assert.Equal(viaScan, viaIndex);
    }

    [Fact]
    public async Task A_deeper_page_starts_its_index_search_at_the_continuation()
    {
        await using var store = Open(DocumentIndexes.Default);
        var first = new DocumentQuery([Condition.Eq("kind", "submission"), Condition.Eq("status", SubmissionStatus.Waiting)], [new SortKey("submittedAt")], 2);
        await Task.WhenAll(Enumerable.Range(0, 5).Select(i => store.CreateAsync(Containers.Assessment, Assignment, new Shaped($"s{i}", Assignment, "submission", "waiting", i))));
        var page = await store.QueryAsync<Shaped>(Containers.Assessment, Assignment, first);

        var plan = Plan(Containers.Assessment, first with { ContinuationToken = page.ContinuationToken }, DocumentIndexes.Default);

        Assert.Contains("(pk=? AND <expr>=? AND <expr>>?)", plan); // status, then submittedAt from the continuation on
        Assert.DoesNotContain("TEMP B-TREE", plan);
    }

    [Fact]
    public async Task An_index_limited_to_a_true_property_serves_only_queries_that_ask_for_true()
    {
        await using var store = Open(DocumentIndexes.Default);
        var provisional = DocumentIndexes.Default.Single(i => i.OnlyTrue == "peerGrade.provisional");

        var asked = Plan(Containers.Assessment, new DocumentQuery([Condition.Eq("kind", "submission"), Condition.Eq("peerGrade.provisional", true)]), DocumentIndexes.Default);
        var notAsked = Plan(Containers.Assessment, new DocumentQuery([Condition.Eq("kind", "submission"), Condition.Eq("peerGrade.provisional", false)]), DocumentIndexes.Default);

        Assert.Contains($"USING INDEX {provisional.Name} ", asked);
        Assert.DoesNotContain(provisional.Name, notAsked);
    }

    [Fact]
    public async Task A_query_no_index_serves_reads_without_one()
    {
        await using var store = Open(DocumentIndexes.Default);

        var sorted = Plan(Containers.Assessment, new DocumentQuery([Condition.Eq("kind", "submission")], [new SortKey("updatedAt")]), DocumentIndexes.Default);
        var byId = Plan(Containers.Assessment, new DocumentQuery([Condition.Eq("kind", "audit")]), DocumentIndexes.Default);
        var otherContainer = Plan(Containers.Enrollments, new DocumentQuery([Condition.Eq("kind", "lease"), Condition.Eq("reviewerId", "ada")]), DocumentIndexes.Default);

        Assert.DoesNotContain("documents_ix_", sorted + byId + otherContainer);
    }

    [Fact]
    public async Task Reopening_with_other_indexes_drops_those_no_longer_listed_and_creates_the_new()
    {
        DocumentIndex byTrack = new(Containers.Enrollments, null, "track"), byScore = new(Containers.Enrollments, null, [], [new SortKey("score", Descending: true)]);
        await Open([byTrack]).DisposeAsync();
        Assert.Equal([byTrack.Name], IndexNames());

        await using (var reopened = Open([byScore]))
        {
            await reopened.CreateAsync(Containers.Enrollments, "course-1", new Learner("a", "course-1", "A", 1, Track.Audit, DateTimeOffset.UnixEpoch, false));
            Assert.Equal([byScore.Name], IndexNames());
        }
    }

    private static async Task<List<string>> AllIdsAsync(IDocumentStore store, DocumentQuery query)
    {
        var ids = new List<string>();
        do
        {
            var page = await store.QueryAsync<AssessmentLike>(Containers.Assessment, Assignment, query);
            ids.AddRange(page.Items.Select(i => i.Value.Id));
            query = query with { ContinuationToken = page.ContinuationToken };
        }
        while (query.ContinuationToken is not null);
        return ids;
    }

    /// <summary>The properties the claims' queries read, on documents of every kind.</summary>
    private sealed record AssessmentLike(string Id, string AssignmentId, string Kind, string Status, string ReviewerId, string ReviewId, string SubmissionId,
        int SubmissionRevision, string AuthorId, int ActiveLeases, int CompletedReviews, DateTimeOffset SubmittedAt) : IDocument
    {
        public GradeLike? PeerGrade { get; init; }
        public DateTimeOffset? ReleasedAt { get; init; }
    }

    private sealed record GradeLike(bool Provisional);

    private sealed record Shaped(string Id, string AssignmentId, string Kind, string Status, int SubmittedAt) : IDocument;

    /// <summary>EXPLAIN QUERY PLAN of the SQL the store runs for the query (parameters unbound: the store's plans never depend on them).</summary>
    private string Plan(string container, DocumentQuery query, IReadOnlyList<DocumentIndex> indexes)
    {
        var (text, _) = QuerySql.Build(container, Assignment, query, QuerySql.OrderBySignature(query), indexes);
        using var connection = new DocumentDatabase(new SqliteDocumentStoreOptions { DatabasePath = DatabasePath, Indexes = indexes }).OpenReader(); // as the store reads
        using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + text;
        using var reader = command.ExecuteReader();
        var lines = new List<string>();
        while (reader.Read()) lines.Add(reader.GetString(3));
        return string.Join(" | ", lines);
    }

    private List<string> IndexNames()
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'documents_ix_%' ORDER BY name";
        using var reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read()) names.Add(reader.GetString(0));
        return names;
    }
}
