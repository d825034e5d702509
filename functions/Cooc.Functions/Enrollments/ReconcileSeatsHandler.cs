using System.Text.Json;
using Cooc.Functions.Courses;
using Cooc.Functions.Messaging;
using Cooc.Ports;

namespace Cooc.Functions.Enrollments;

/// <summary>Runs a reconciliation pass when its scheduled check comes due; while seat changes are still in flight it checks again later.</summary>
public sealed class ReconcileSeatsHandler(CourseStore courses, SeatReconciler reconciler, ReconciliationSchedule schedule) : IMessageHandler
{
    public string Queue => Queues.Enrollment;

    public async Task HandleAsync(ReceivedMessage message, CancellationToken ct)
    {
        ReconcileSeats? request;
        try { request = JsonSerializer.Deserialize<ReconcileSeats>(message.Body, DocumentJson.Options); }
        catch (JsonException e) { throw new PoisonMessageException($"Malformed body: {e.Message}"); }
        if (request is null || string.IsNullOrEmpty(request.CourseId)) throw new PoisonMessageException("The message names no course.");
        var course = await courses.ReadAsync(request.CourseId, ct);
        if (course is null) return; // deleted course: nothing to repair
        if (await reconciler.ReconcileAsync(course.Value, request.Full, ct) == ReconcileResult.Busy)
            await schedule.RequestFullPassAsync(request.CourseId, ct);
    }
}
