using Cooc.Ports;

namespace Cooc.Adapters.Tests.Documents;

public abstract partial class DocumentStoreContract
{
    /// <summary>Five learners and a note; the note lacks every learner property, and only "a" has an explicit null grade.</summary>
    private async Task SeedLearnersAsync(string? partition = null)
    {
        var p = partition ?? Partition;
        Learner[] learners =
        [
            NewLearner("a", score: 10, Track.Audit, day: 0, passed: false, grade: null),
            NewLearner("b", score: 20, Track.Verified, day: 1, passed: true, grade: 0.8),
            NewLearner("c", score: 20, Track.Honors, day: 2, passed: true, grade: 0.95),
            NewLearner("d", score: 5, Track.Verified, day: 3, passed: false, grade: 0.4),
            NewLearner("e", score: 30, Track.Audit, day: 4, passed: true, grade: 0.7),
        ];
        foreach (var learner in learners)
            await Store.CreateAsync(Learners, p, learner with { CourseId = p });
        await Store.CreateAsync(Learners, p, new Note("n", p, "a note"));
    }

    public static TheoryData<Condition, string> Filters => new()
    {
        { Condition.Eq("name", "Learner c"), "c" },
        { Condition.Lt("name", "Learner c"), "ab" },
        { Condition.Ne("name", "Learner a"), "bcde" },
        { Condition.Eq("score", 20), "bc" },
        { Condition.Lt("score", 20), "ad" },
        { Condition.Ge("score", 20), "bce" },
        { Condition.Ne("score", 20), "ade" },
        { Condition.Eq("track", Track.Verified), "bd" },
        { Condition.Ne("track", Track.Audit), "bcd" },
        { Condition.Ge("enrolledAt", Monday.AddDays(2)), "cde" },
        { Condition.Lt("enrolledAt", Monday.AddDays(1)), "a" },
        { Condition.Eq("passed", true), "bce" },
        { Condition.Ne("passed", true), "ad" },
        { Condition.Gt("grade", 0.75), "bc" },
        { Condition.Le("grade", 0.7), "de" },
        { Condition.Lt("grade", 1), "bcde" },
        { Condition.Eq("grade", null), "a" },
        { Condition.LtField("grade", "score"), "bcde" },
        { Condition.Ne("score", "20"), "" }, // a type mismatch is undefined, so even != never holds
        { Condition.Eq("passed", 1), "" },
    };

    [Theory]
    [MemberData(nameof(Filters))]
    public async Task Query_filters_like_cosmos(Condition condition, string expectedIds)
    {
        await SeedLearnersAsync();

        var page = await Store.QueryAsync<Learner>(Learners, Partition, new DocumentQuery([condition]));

        // Without ORDER BY the order is the adapter's own.
        Assert.Equal(expectedIds, string.Concat(page.Items.Select(i => i.Value.Id).Order()));
    }

    [Fact]
    public async Task Query_ands_its_conditions()
    {
        await SeedLearnersAsync();

        var page = await Store.QueryAsync<Learner>(Learners, Partition,
            new DocumentQuery([Condition.Ge("score", 10), Condition.Eq("passed", true), Condition.Ne("track", Track.Honors)]));

        Assert.Equal(["b", "e"], page.Items.Select(i => i.Value.Id).Order());
        Assert.Null(page.ContinuationToken);
    }

    [Fact]
    public async Task Query_orders_by_one_key_descending_with_id_breaking_ties()
    {
        await SeedLearnersAsync();

        var page = await Store.QueryAsync<Learner>(Learners, Partition,
            new DocumentQuery([Condition.Ge("score", 0)], [new SortKey("score", Descending: true)]));

        Assert.Equal(["e", "b", "c", "a", "d"], page.Items.Select(i => i.Value.Id));
    }

    [Fact]
    public async Task Query_orders_by_several_keys_in_both_directions()
    {
        await SeedLearnersAsync();

        var page = await Store.QueryAsync<Learner>(Learners, Partition,
            new DocumentQuery([Condition.Ge("score", 0)], [new SortKey("track"), new SortKey("score", Descending: true)]));

        Assert.Equal(["e", "a", "c", "b", "d"], page.Items.Select(i => i.Value.Id));
    }

    [Fact]
    public async Task Query_never_returns_documents_of_other_partitions()
    {
        var other = "course-" + Guid.NewGuid().ToString("N");
        await SeedLearnersAsync(other);
        await Store.CreateAsync(Learners, Partition, NewLearner("z", score: 10));

        var all = await Store.QueryAsync<Learner>(Learners, Partition, new DocumentQuery([]));
        var filtered = await Store.QueryAsync<Learner>(Learners, Partition, new DocumentQuery([Condition.Ge("score", 0)]));

        Assert.Equal(["z"], all.Items.Select(i => i.Value.Id));
        Assert.Equal(["z"], filtered.Items.Select(i => i.Value.Id));
    }

    [Fact]
    public async Task Paging_through_250_documents_returns_each_exactly_once_in_order()
    {
        var learners = Enumerable.Range(0, 250).Select(i => NewLearner($"learner-{i:D3}", score: i * 7 % 11)).ToArray();
        await Task.WhenAll(learners.Select(l => Store.CreateAsync(Learners, Partition, l)));
        var query = new DocumentQuery([], [new SortKey("score", Descending: true)], PageSize: 40);

        var pages = await ReadAllPagesAsync(query);

        Assert.All(pages, page => Assert.InRange(page.Count, 0, 40));
        var expected = learners.OrderByDescending(l => l.Score).ThenBy(l => l.Id, StringComparer.Ordinal).Select(l => l.Id);
        Assert.Equal(expected, pages.SelectMany(p => p).Select(l => l.Id));
    }

    [Fact]
    public async Task Paging_is_not_disturbed_by_documents_inserted_between_pages()
    {
        var learners = Enumerable.Range(0, 60).Select(i => NewLearner($"learner-{i:D3}", score: i % 6)).ToArray();
        await Task.WhenAll(learners.Select(l => Store.CreateAsync(Learners, Partition, l)));
        var seen = new List<string>();
        var query = new DocumentQuery([], [new SortKey("score")], PageSize: 7);

        do
        {
            var page = await Store.QueryAsync<Learner>(Learners, Partition, query);
            seen.AddRange(page.Items.Select(i => i.Value.Id));
            await Store.CreateAsync(Learners, Partition, NewLearner($"late-{seen.Count:D3}", score: seen.Count % 6));
            query = query with { ContinuationToken = page.ContinuationToken };
        }
        while (query.ContinuationToken is not null);

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Subset(seen.ToHashSet(), learners.Select(l => l.Id).ToHashSet());
    }

    private async Task<List<List<Learner>>> ReadAllPagesAsync(DocumentQuery query)
    {
        var pages = new List<List<Learner>>();
        do
        {
            var page = await Store.QueryAsync<Learner>(Learners, Partition, query);
            pages.Add(page.Items.Select(i => i.Value).ToList());
            query = query with { ContinuationToken = page.ContinuationToken };
        }
        while (query.ContinuationToken is not null && pages.Count <= 100);
        return pages;
    }
}
