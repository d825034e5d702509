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
        var request = MessageHandlers.Parse<ReconcileSeats>(message);
        if (request is null || string.IsNullOrEmpty(request.CourseId)) throw new PoisonMessageException("The message names no course.");
        var course = await courses.ReadAsync(request.CourseId, ct);
        if (course is null) return; // deleted course: nothing to repair
        if (await reconciler.ReconcileAsync(course.Value, request.Full, ct) == ReconcileResult.Busy)
            await schedule.RequestFullPassAsync(request.CourseId, ct);
    }
}
