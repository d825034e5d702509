using System.Collections.Concurrent;
using Cooc.Common;
using Cooc.Courses;
using Cooc.Enrollments;
using Cooc.Identity;
using Cooc.Ports;

namespace Cooc.Functions.Courses;

/// <summary>
/// Reads and writes course documents with ETag concurrency, and keeps the derived documents in step: the catalog
/// entries (<see cref="CourseCatalog"/>) and the seat counter.
/// </summary>
public sealed class CourseStore(IDocumentStore documents, CourseCatalog catalog, TimeProvider time)
{
    private const int MaxAttempts = 8;
    private const int MaxCached = 10_000;

    /// <summary>
    /// Courses read on hot paths (enrollment), kept for a second: a course document with many localized lectures costs
    /// more to read and parse than the enrollment itself. This process's own edits refresh it at once; another
    /// instance's edits show within a second.
    /// </summary>
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(1);
    private readonly ConcurrentDictionary<string, (StoredDocument<Course> Course, DateTimeOffset Until)> recent = new(StringComparer.Ordinal);

    public Task<StoredDocument<Course>?> ReadAsync(string courseId, CancellationToken ct) =>
        Ids.IsValid(courseId) ? documents.ReadAsync<Course>(Containers.Courses, courseId, courseId, ct) : Task.FromResult<StoredDocument<Course>?>(null);

    /// <summary>The course if the caller may see it; null for missing and invisible alike, so ids are never confirmed.</summary>
    public async Task<StoredDocument<Course>?> ReadVisibleAsync(Caller caller, string courseId, CancellationToken ct) =>
        await ReadRecentAsync(courseId, ct) is { } stored && CourseRules.CanSee(caller, stored.Value) ? stored : null;

    /// <summary>A course as of at most a second ago (see the cache above); for reads that only display or gate.</summary>
    public async Task<StoredDocument<Course>?> ReadRecentAsync(string courseId, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (recent.TryGetValue(courseId, out var hit) && hit.Until > now) return hit.Course;
        var stored = await ReadAsync(courseId, ct);
        if (stored is not null) Remember(stored);
        return stored;
    }

    private StoredDocument<Course> Remember(StoredDocument<Course> stored)
    {
        if (recent.Count >= MaxCached) recent.Clear();
        recent[stored.Value.CourseId] = (stored, time.GetUtcNow() + CacheFor);
        return stored;
    }

    public async Task<StoredDocument<Course>> CreateAsync(Course course, CancellationToken ct)
    {
        await catalog.ScheduleCheckAsync(course, ct); // first, so a crash below is repaired
        var stored = await documents.CreateAsync(Containers.Courses, course.CourseId, course, ct);
        await documents.UpsertAsync(Containers.Courses, course.CourseId, SeatCounter.For(course.CourseId, course.OrganizationId, course.Capacity), null, ct);
        await catalog.SaveAsync(course, ct);
        return Remember(stored);
    }

    /// <summary>
    /// Read, decide, replace with the read ETag; on a concurrent change decide again. With the caller's If-Match,
    /// a changed course is the caller's conflict (412) instead.
    /// </summary>
    public async Task<Outcome<StoredDocument<Course>>> UpdateAsync(string courseId, string? ifMatch, Func<Course, Outcome<Course>> decide, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var current = await ReadAsync(courseId, ct);
            if (current is null) return Refusal.NotFound("Course");
            var decision = decide(current.Value);
            if (decision.Refusal is { } refusal) return refusal;
            if (ifMatch is not null && ifMatch.Trim('"') != current.ETag.Trim('"')) return Refusal.Changed();
            if (decision.Value == current.Value) return current;
            try
            {
                await catalog.ScheduleCheckAsync(decision.Value!, ct);
                var saved = await documents.ReplaceAsync(Containers.Courses, courseId, decision.Value!, current.ETag, ct);
                await catalog.SaveAsync(saved.Value, ct);
                return Remember(saved);
            }
            catch (DocumentPreconditionFailedException) when (ifMatch is null && attempt < MaxAttempts) { }
            catch (DocumentPreconditionFailedException) when (ifMatch is not null) { return Refusal.Changed(); }
        }
    }
}
