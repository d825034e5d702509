using Cooc.Courses;
using Cooc.Enrollments;
using Cooc.Ports;

namespace Cooc.Functions.Enrollments;

/// <summary>The course's seat counter document: created on demand, changed only by atomic conditional increments.</summary>
public sealed class SeatCounters(IDocumentStore documents)
{
    private const int MaxAttempts = 50;

    public async Task<StoredDocument<SeatCounter>> ReadAsync(Course course, CancellationToken ct) =>
        await documents.ReadAsync<SeatCounter>(Containers.Courses, course.CourseId, SeatCounter.DocumentId, ct)
        ?? await CreateAsync(course, ct);

    /// <summary>Takes up to <paramref name="wanted"/> seats at once while nobody waits; returns how many it took.</summary>
    public async Task<int> TakeSeatsAsync(Course course, int wanted, CancellationToken ct)
    {
        if (wanted == 1)
            return await IncrementAsync(course, SeatRules.ClaimSeat, SeatRules.ClaimSeatWhen, ct) is null ? 0 : 1;
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var counter = (await ReadAsync(course, ct)).Value;
            var free = counter.Waiting > 0 ? 0 : Math.Max(0, counter.Capacity - counter.Taken);
            var take = (int)Math.Min(free, wanted);
            if (take == 0) return 0;
            // Exactly the capacity we read, and room for all we take: otherwise read again and decide again.
            var when = new[] { Condition.Eq("capacity", counter.Capacity), Condition.Le("taken", counter.Capacity - take), Condition.Eq("waiting", 0) };
            if (await IncrementAsync(course, [new Increment("taken", take)], when, ct) is not null) return take;
        }
        throw new TimeoutException($"Could not claim seats in course {course.CourseId}: too much contention.");
    }

    public Task ChangeAsync(Course course, IReadOnlyList<Increment> increments, CancellationToken ct) =>
        IncrementAsync(course, increments, null, ct);

    /// <summary>Brings the counter's capacity in line with the course's; true when seats were added.</summary>
    public async Task<bool> SetCapacityAsync(Course course, CancellationToken ct)
    {
        var wanted = course.Capacity ?? SeatCounter.Unlimited;
        while (true)
        {
            var counter = await ReadAsync(course, ct);
            if (counter.Value.Capacity == wanted) return false;
            try
            {
                await documents.ReplaceAsync(Containers.Courses, course.CourseId, counter.Value with { Capacity = wanted }, counter.ETag, ct);
                return wanted > counter.Value.Capacity;
            }
            catch (DocumentPreconditionFailedException) { }
        }
    }

    private async Task<StoredDocument<SeatCounter>?> IncrementAsync(Course course, IReadOnlyList<Increment> increments, IReadOnlyList<Condition>? when, CancellationToken ct)
    {
        try
        {
            return await documents.IncrementAsync<SeatCounter>(Containers.Courses, course.CourseId, SeatCounter.DocumentId, increments, when, ct);
        }
        catch (DocumentNotFoundException)
        {
            await CreateAsync(course, ct);
            return await documents.IncrementAsync<SeatCounter>(Containers.Courses, course.CourseId, SeatCounter.DocumentId, increments, when, ct);
        }
    }

    private async Task<StoredDocument<SeatCounter>> CreateAsync(Course course, CancellationToken ct)
    {
        try
        {
            return await documents.CreateAsync(Containers.Courses, course.CourseId, SeatCounter.For(course.CourseId, course.OrganizationId, course.Capacity), ct);
        }
        catch (DocumentConflictException)
        {
            return (await documents.ReadAsync<SeatCounter>(Containers.Courses, course.CourseId, SeatCounter.DocumentId, ct))!;
        }
    }
}
