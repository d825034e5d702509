using System.Collections.Concurrent;
using System.Text.Json;
using Cooc.Courses;
using Cooc.Functions.Messaging;
using Cooc.Ports;

namespace Cooc.Functions.Courses;

public sealed record CheckCatalog(string CourseId, string OrganizationId);

/// <summary>
/// The catalog entries that make listing courses a single-partition query: the organization's catalog always lists
/// the course; the public catalog only while it is public and published. They are derived from the course document,
/// so every course write first schedules a durable check that re-derives them: a crash between the course write and
/// its catalog write is repaired a minute later.
/// </summary>
public sealed class CourseCatalog(IDocumentStore documents, IMessageQueue queue, TimeProvider time)
{
    private static readonly TimeSpan CheckAfter = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, long> scheduled = new(StringComparer.Ordinal);

    public Task ScheduleCheckAsync(Course course, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var minute = now.ToUnixTimeSeconds() / 60;
        if (scheduled.TryGetValue(course.CourseId, out var seen) && seen == minute) return Task.CompletedTask;
        scheduled[course.CourseId] = minute;
        var body = JsonSerializer.Serialize(new CheckCatalog(course.CourseId, course.OrganizationId), DocumentJson.Options);
        return queue.SendAsync(Queues.Catalog, new OutgoingMessage($"catalog:{course.CourseId}:{minute}", body, now + CheckAfter, nameof(CheckCatalog)), ct);
    }

    public async Task SaveAsync(Course course, CancellationToken ct)
    {
        var own = CatalogEntry.PartitionFor(course.OrganizationId);
        await documents.UpsertAsync(Containers.Courses, own, CatalogEntry.For(course, own), null, ct);
        if (course.Visibility == CourseVisibility.Public && course.IsPublished)
            await documents.UpsertAsync(Containers.Courses, CatalogEntry.PublicPartition, CatalogEntry.For(course, CatalogEntry.PublicPartition), null, ct);
        else
            await documents.DeleteAsync(Containers.Courses, CatalogEntry.PublicPartition, course.CourseId, null, ct);
    }

    /// <summary>Re-derives the entries from the course as stored now; without a course, no entry may list it.</summary>
    public async Task RepairAsync(CheckCatalog check, CancellationToken ct)
    {
        var course = await documents.ReadAsync<Course>(Containers.Courses, check.CourseId, check.CourseId, ct);
        if (course is not null) { await SaveAsync(course.Value, ct); return; }
        await documents.DeleteAsync(Containers.Courses, CatalogEntry.PartitionFor(check.OrganizationId), check.CourseId, null, ct);
        await documents.DeleteAsync(Containers.Courses, CatalogEntry.PublicPartition, check.CourseId, null, ct);
    }

    public Task<DocumentPage<CatalogEntry>> ListAsync(string partition, bool publishedOnly, int pageSize, string? continuationToken, CancellationToken ct) =>
        documents.QueryAsync<CatalogEntry>(Containers.Courses, partition, new DocumentQuery(
            publishedOnly ? [Condition.Eq("status", CourseStatus.Published)] : [],
            [new SortKey("updatedAt", Descending: true)], pageSize, continuationToken), ct);
}

public sealed class CheckCatalogHandler(CourseCatalog catalog) : IMessageHandler
{
    public string Queue => Queues.Catalog;

    public async Task HandleAsync(ReceivedMessage message, CancellationToken ct)
    {
        var check = MessageHandlers.Parse<CheckCatalog>(message);
        if (check is null || !Cooc.Common.Ids.IsValid(check.CourseId) || !Cooc.Common.Ids.IsValid(check.OrganizationId))
            throw new PoisonMessageException("The message names no valid course and organization.");
        await catalog.RepairAsync(check, ct);
    }
}
