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
    public async Task Patch_sets_an_object_and_appends_in_one_conditional_write()
    {
        var created = await Store.CreateAsync(Courses, Partition, NewRoster(10, "ada"));

        var patched = await Store.PatchAsync<RosterCourse>(Courses, Partition, Partition,
            new DocumentPatch([], [new Append("holders", "grace")], [SetProperty.Of("seats", new Seats(1, 50))]), [RosterBelowCapacity]);

        Assert.NotNull(patched);
        Assert.Equal(new Seats(1, 50), patched.Value.Seats);
        Assert.Equal(["ada", "grace"], patched.Value.Holders);
        var read = await Store.ReadAsync<RosterCourse>(Courses, Partition, Partition);
        Assert.Equal((patched.ETag, new Seats(1, 50)), (read!.ETag, read.Value.Seats));
        Assert.NotEqual(created.ETag, read.ETag);
    }

    [Fact]
    public async Task Patch_sets_an_array_while_it_increments_another_path()
    {
        await Store.CreateAsync(Courses, Partition, NewRoster(10, "ada", "alan"));

        var patched = await Store.PatchAsync<RosterCourse>(Courses, Partition, Partition,
            new DocumentPatch([new Increment("seats.taken", 3)], null, [SetProperty.Of("holders", new[] { "grace", "edsger", "barbara" })]));

        Assert.Equal(new Seats(5, 10), patched!.Value.Seats);
        Assert.Equal(["grace", "edsger", "barbara"], (await Store.ReadAsync<RosterCourse>(Courses, Partition, Partition))!.Value.Holders);
    }

    [Fact]
    public async Task Patch_set_whose_condition_fails_changes_nothing()
    {
        var created = await Store.CreateAsync(Courses, Partition, NewRoster(1, "ada"));

        var patched = await Store.PatchAsync<RosterCourse>(Courses, Partition, Partition,
            new DocumentPatch([], null, [SetProperty.Of("seats", new Seats(0, 99))]), [RosterBelowCapacity]);

        Assert.Null(patched);
        var read = await Store.ReadAsync<RosterCourse>(Courses, Partition, Partition);
        Assert.Equal((created.ETag, new Seats(1, 1)), (read!.ETag, read.Value.Seats));
    }

    [Fact]
    public async Task Patch_that_sets_a_path_twice_or_sets_an_incremented_one_is_refused()
    {
        var created = await Store.CreateAsync(Courses, Partition, NewRoster(10, "ada"));
        var twice = new DocumentPatch([], null, [SetProperty.Of("seats", new Seats(1, 2)), SetProperty.Of("seats", new Seats(3, 4))]);
        var setAndIncremented = new DocumentPatch([new Increment("seats.taken", 1)], null, [SetProperty.Of("seats.taken", 7)]);

        await Assert.ThrowsAsync<ArgumentException>(() => Store.PatchAsync<RosterCourse>(Courses, Partition, Partition, twice));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.PatchAsync<RosterCourse>(Courses, Partition, Partition, setAndIncremented));
        Assert.Equal(created.ETag, (await Store.ReadAsync<RosterCourse>(Courses, Partition, Partition))!.ETag);
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
