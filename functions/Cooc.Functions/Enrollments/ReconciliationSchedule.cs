using System.Collections.Concurrent;
using System.Text.Json;
using Cooc.Ports;

namespace Cooc.Functions.Enrollments;

public sealed record ReconcileSeats(string CourseId, bool Full);

/// <summary>Settings under "Cooc:Enrollment".</summary>
public sealed class EnrollmentOptions
{
    /// <summary>How long a seat change may stay unsettled before reconciliation treats it as crashed.</summary>
    public TimeSpan ReconcileGrace { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// Puts a durable, scheduled "check this course's seats" message on the enrollment queue before the first seat change
/// of each minute, so a crash at any step is repaired after restart without anyone retrying. Duplicate detection and
/// the in-memory minute mark keep it to about one message per course per minute.
/// </summary>
public sealed class ReconciliationSchedule(IMessageQueue queue, EnrollmentOptions options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, long> lastMinute = new(StringComparer.Ordinal);

    public Task TouchAsync(string courseId, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var minute = now.ToUnixTimeSeconds() / 60;
        if (lastMinute.TryGetValue(courseId, out var seen) && seen == minute) return Task.CompletedTask;
        lastMinute[courseId] = minute;
        return SendAsync(new ReconcileSeats(courseId, false), $"reconcile:{courseId}:{minute}", now + options.ReconcileGrace + TimeSpan.FromSeconds(5), ct);
    }

    public Task RequestFullPassAsync(string courseId, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        return SendAsync(new ReconcileSeats(courseId, true), $"reconcile-full:{courseId}:{now.ToUnixTimeSeconds() / 10}", now + options.ReconcileGrace, ct);
    }

    private Task SendAsync(ReconcileSeats message, string messageId, DateTimeOffset at, CancellationToken ct) =>
        queue.SendAsync(Queues.Enrollment, new OutgoingMessage(messageId, JsonSerializer.Serialize(message, DocumentJson.Options), at, nameof(ReconcileSeats)), ct);
}
