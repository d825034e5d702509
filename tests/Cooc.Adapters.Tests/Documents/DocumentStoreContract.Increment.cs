using Cooc.Ports;

namespace Cooc.Adapters.Tests.Documents;

public abstract partial class DocumentStoreContract
{
    private static readonly Condition BelowCapacity = Condition.LtField("seats.taken", "seats.capacity");

    private Course NewCourse(int taken, int capacity) => new(Partition, Partition, "Compilers", new Seats(taken, capacity));

    [Fact]
    public async Task Increment_applies_several_paths_at_once_and_returns_the_updated_document()
    {
        var created = await Store.CreateAsync(Courses, Partition, NewCourse(taken: 3, capacity: 10));

        var updated = await Store.IncrementAsync<Course>(Courses, Partition, Partition,
            [new Increment("seats.taken", 2), new Increment("waitlisted", 5), new Increment("seats.capacity", -1)]);

        Assert.NotNull(updated);
        Assert.Equal((new Seats(5, 9), 5), (updated.Value.Seats, updated.Value.Waitlisted));
        Assert.Equal("Compilers", updated.Value.Title);
        Assert.NotEqual(created.ETag, updated.ETag);
        var read = await Store.ReadAsync<Course>(Courses, Partition, Partition);
        Assert.Equal((updated.Value, updated.ETag), (read!.Value, read.ETag));
    }

    [Fact]
    public async Task Increment_of_a_missing_property_starts_from_zero()
    {
        await Store.CreateAsync(Courses, Partition, new BareCourse(Partition, Partition));

        var updated = await Store.IncrementAsync<CountedCourse>(Courses, Partition, Partition, [new Increment("views", 3)]);

        Assert.Equal(3, updated!.Value.Views);
    }

    [Fact]
    public async Task Increment_of_a_missing_document_throws_not_found()
    {
        await Assert.ThrowsAsync<DocumentNotFoundException>(() =>
            Store.IncrementAsync<Course>(Courses, Partition, "ghost", [new Increment("seats.taken", 1)], [BelowCapacity]));
    }

    [Fact]
    public async Task Increment_whose_condition_fails_returns_null_and_changes_nothing()
    {
        var created = await Store.CreateAsync(Courses, Partition, NewCourse(taken: 10, capacity: 10));

        var updated = await Store.IncrementAsync<Course>(Courses, Partition, Partition,
            [new Increment("seats.taken", 1)], [BelowCapacity]);

        Assert.Null(updated);
        var read = await Store.ReadAsync<Course>(Courses, Partition, Partition);
        Assert.Equal((new Seats(10, 10), created.ETag), (read!.Value.Seats, read.ETag));
    }

    [Fact]
    public async Task Increment_applies_only_when_every_condition_holds()
    {
        await Store.CreateAsync(Courses, Partition, NewCourse(taken: 1, capacity: 10));

        var wrongTitle = await Store.IncrementAsync<Course>(Courses, Partition, Partition,
            [new Increment("seats.taken", 1)], [BelowCapacity, Condition.Eq("title", "Databases")]);
        var rightTitle = await Store.IncrementAsync<Course>(Courses, Partition, Partition,
            [new Increment("seats.taken", 1)], [BelowCapacity, Condition.Eq("title", "Compilers"), Condition.Ge("seats.capacity", 10)]);

        Assert.Null(wrongTitle);
        Assert.Equal(2, rightTitle!.Value.Seats.Taken);
    }

    [Fact]
    public async Task Increment_below_capacity_stops_exactly_at_capacity_under_200_concurrent_callers()
    {
        await Store.CreateAsync(Courses, Partition, NewCourse(taken: 0, capacity: 37));

        var results = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Task.Run(() =>
            Store.IncrementAsync<Course>(Courses, Partition, Partition, [new Increment("seats.taken", 1)], [BelowCapacity]))));

        var seatsGiven = results.Where(r => r is not null).Select(r => r!.Value.Seats.Taken).Order().ToArray();
        Assert.Equal(Enumerable.Range(1, 37), seatsGiven);
        Assert.Equal(37, (await Store.ReadAsync<Course>(Courses, Partition, Partition))!.Value.Seats.Taken);
    }

    [Fact]
    public async Task Increment_makes_the_etag_read_before_it_stale()
    {
        var created = await Store.CreateAsync(Courses, Partition, NewCourse(taken: 0, capacity: 5));
        await Store.IncrementAsync<Course>(Courses, Partition, Partition, [new Increment("seats.taken", 1)]);

        await Assert.ThrowsAsync<DocumentPreconditionFailedException>(
            () => Store.ReplaceAsync(Courses, Partition, NewCourse(taken: 0, capacity: 6), created.ETag));
    }
}
