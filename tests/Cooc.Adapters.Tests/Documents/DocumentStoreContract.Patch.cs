using Cooc.Ports;

namespace Cooc.Adapters.Tests.Documents;

public abstract partial class DocumentStoreContract
{
    private static readonly Condition RosterBelowCapacity = Condition.LtField("seats.taken", "seats.capacity");

    private RosterCourse NewRoster(int capacity, params string[] holders) => new(Partition, Partition, new Seats(holders.Length, capacity), [.. holders]);

    private static DocumentPatch Seat(string holder) => new([new Increment("seats.taken", 1)], [new Append("holders", holder)]);

    [Fact]
    public async Task Patch_increments_and_appends_in_one_write()
    {
        var created = await Store.CreateAsync(Courses, Partition, NewRoster(10, "ada"));

        var patched = await Store.PatchAsync<RosterCourse>(Courses, Partition, Partition,
            new DocumentPatch([new Increment("seats.taken", 1)], [new Append("holders", "grace"), new Append("holders", "alan")]), [RosterBelowCapacity]);

        Assert.NotNull(patched);
        Assert.Equal(2, patched.Value.Seats.Taken);
        Assert.Equal(["ada", "grace", "alan"], patched.Value.Holders);
        Assert.NotEqual(created.ETag, patched.ETag);
        var read = await Store.ReadAsync<RosterCourse>(Courses, Partition, Partition);
        Assert.Equal(patched.ETag, read!.ETag);
        Assert.Equal(patched.Value.Holders, read.Value.Holders);
    }

    [Fact]
    public async Task Patch_of_appends_only_leaves_the_counters_alone()
    {
        await Store.CreateAsync(Courses, Partition, NewRoster(10));

        var patched = await Store.PatchAsync<RosterCourse>(Courses, Partition, Partition, new DocumentPatch([], [new Append("holders", "ada")]));

        Assert.Equal(0, patched!.Value.Seats.Taken);
        Assert.Equal(["ada"], patched.Value.Holders);
    }

    [Fact]
    public async Task Patch_whose_condition_fails_appends_nothing()
    {
        var created = await Store.CreateAsync(Courses, Partition, NewRoster(1, "ada"));

        var patched = await Store.PatchAsync<RosterCourse>(Courses, Partition, Partition, Seat("grace"), [RosterBelowCapacity]);

        Assert.Null(patched);
        var read = await Store.ReadAsync<RosterCourse>(Courses, Partition, Partition);
        Assert.Equal(created.ETag, read!.ETag);
        Assert.Equal(["ada"], read.Value.Holders);
    }

    [Fact]
    public async Task Patch_under_100_concurrent_callers_lists_exactly_the_ones_it_counted()
    {
        await Store.CreateAsync(Courses, Partition, NewRoster(23));

        var results = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => Task.Run(() =>
            Store.PatchAsync<RosterCourse>(Courses, Partition, Partition, Seat($"learner-{i}"), [RosterBelowCapacity]))));

        var winners = results.Where(r => r is not null).Select(r => r!.Value.Holders[^1]).Order().ToArray();
        var stored = (await Store.ReadAsync<RosterCourse>(Courses, Partition, Partition))!.Value;
        Assert.Equal(23, winners.Length);
        Assert.Equal(23, stored.Seats.Taken);
        Assert.Equal(winners, stored.Holders.Order().ToArray());
    }

    [Fact]
    public async Task Patch_with_no_change_or_more_than_ten_is_refused()
    {
        await Store.CreateAsync(Courses, Partition, NewRoster(100));
        var eleven = Enumerable.Range(0, 11).Select(i => new Append("holders", $"learner-{i}")).ToList();

        await Assert.ThrowsAsync<ArgumentException>(() => Store.PatchAsync<RosterCourse>(Courses, Partition, Partition, new DocumentPatch([])));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.PatchAsync<RosterCourse>(Courses, Partition, Partition, new DocumentPatch([], eleven)));
        Assert.Empty((await Store.ReadAsync<RosterCourse>(Courses, Partition, Partition))!.Value.Holders);
    }
}
