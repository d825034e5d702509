using Cooc.Ports;

namespace Cooc.Adapters.Tests.Documents;

public abstract partial class DocumentStoreContract
{
    [Fact]
    public async Task A_thousand_concurrent_creates_all_succeed_and_are_readable()
    {
        var ids = Enumerable.Range(0, 1000).Select(i => $"learner-{i}").ToArray();

        var created = await Task.WhenAll(ids.Select(id => Task.Run(() => Store.CreateAsync(Learners, Partition, NewLearner(id)))));

        Assert.Equal(1000, created.Select(c => c.ETag).Distinct().Count());
        var read = await Task.WhenAll(ids.Select(id => Store.ReadAsync<Learner>(Learners, Partition, id)));
        Assert.All(read.Zip(created), pair => Assert.Equal(pair.Second.ETag, pair.First?.ETag));
    }

    [Fact]
    public async Task Concurrent_creates_of_the_same_ids_let_exactly_one_of_each_win()
    {
        var attempts = Enumerable.Range(0, 300).Select(i => $"learner-{i % 100}").ToArray();

        var outcomes = await Task.WhenAll(attempts.Select(id => Task.Run(async () =>
        {
            try
            {
                await Store.CreateAsync(Learners, Partition, NewLearner(id));
                return true;
            }
            catch (DocumentConflictException)
            {
                return false;
            }
        })));

        Assert.Equal(100, outcomes.Count(won => won));
        var page = await Store.QueryAsync<Learner>(Learners, Partition, new DocumentQuery([], PageSize: 500));
        Assert.Equal(100, page.Items.Count);
    }

    [Fact]
    public async Task Concurrent_replaces_with_the_same_etag_let_exactly_one_win()
    {
        var created = await Store.CreateAsync(Learners, Partition, NewLearner("ada"));

        var outcomes = await Task.WhenAll(Enumerable.Range(1, 50).Select(score => Task.Run(async () =>
        {
            try
            {
                return (await Store.ReplaceAsync(Learners, Partition, NewLearner("ada", score), created.ETag)).Value.Score;
            }
            catch (DocumentPreconditionFailedException)
            {
                return 0;
            }
        })));

        var winner = Assert.Single(outcomes, score => score != 0);
        Assert.Equal(winner, (await Store.ReadAsync<Learner>(Learners, Partition, "ada"))!.Value.Score);
    }
}
