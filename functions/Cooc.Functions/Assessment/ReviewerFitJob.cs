using System.Collections.Concurrent;
using System.Text.Json;
using Cooc.Assessment;
using Cooc.Ports;

namespace Cooc.Functions.Assessment;

/// <summary>The grading-queue message (Subject "FitReviewers") that refits the reviewer model over a whole assignment.</summary>
public sealed record FitReviewers(string AssignmentId);

/// <summary>Settings under "Cooc:Assessment:ReviewerFit".</summary>
public sealed class ReviewerFitOptions
{
    /// <summary>
    /// Reviews completed in the same window of this length trigger one fit, at the window's end. Keep it within the
    /// queue's duplicate-detection window (10 minutes by default), which is what merges the messages.
    /// </summary>
    public TimeSpan Debounce { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>After a finalization pass, one more pass this much later catches a grade written as provisional meanwhile.</summary>
    public TimeSpan FinalizationRecheck { get; set; } = TimeSpan.FromMinutes(10);
}

/// <summary>
/// The background fit of reviewer parameters, for every assignment (the review-quality scores staff see come from it;
/// reviewer-model assignments also grade with it). Each completed review schedules a <see cref="FitReviewers"/> message
/// with MessageId "reviewer-fit:{assignmentId}:{window}" for the end of its debounce window, so a burst of reviews
/// makes one fit a window. Until reviews are due, the fit replaces the stored one (<see cref="ReviewerFitStore"/>),
/// skipping when nothing changed since (so a redelivered message costs reads only), and for a reviewer-model
/// assignment makes sure the finalization is scheduled for the reviews-due date. From that date on, the final fit
/// belongs to <see cref="GradeFinalization"/>.
/// </summary>
public sealed class ReviewerFitJob(AssessmentStore store, ReviewerFitStore fits, GradeFinalization finalization, IMessageQueue queue,
    ReviewerFitOptions options, TimeProvider time)
{
    public const string Subject = nameof(FitReviewers);

    /// <summary>The last window whose message this instance sent, per assignment (one small entry per assignment).</summary>
    private readonly ConcurrentDictionary<string, long> scheduled = new(StringComparer.Ordinal);

    /// <summary>
    /// Sends the window's message, unless this instance already sent it: the queue would drop the duplicate anyway,
    /// and a burst of reviews then costs one send per window instead of one per review.
    /// </summary>
    public async Task ScheduleAsync(Assignment assignment, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (now >= assignment.Settings.ReviewsDueAt) return;
        var window = now.UtcTicks / options.Debounce.Ticks;
        if (scheduled.TryGetValue(assignment.AssignmentId, out var sent) && sent == window) return;
        var at = new DateTimeOffset((window + 1) * options.Debounce.Ticks, TimeSpan.Zero);
        var body = JsonSerializer.Serialize(new FitReviewers(assignment.AssignmentId), DocumentJson.Options);
        await queue.SendAsync(Queues.Grading, new OutgoingMessage($"reviewer-fit:{assignment.AssignmentId}:{window}", body, at, Subject), ct);
        scheduled[assignment.AssignmentId] = window;
    }

    public async Task FitAsync(FitReviewers request, CancellationToken ct)
    {
        var assignment = (await store.ReadAsync<Assignment>(request.AssignmentId, request.AssignmentId, ct))?.Value;
        if (assignment is null || time.GetUtcNow() >= assignment.Settings.ReviewsDueAt) return;
        var stored = await fits.FitAsync(assignment, final: false, ct);
        if (assignment.Settings.Estimator == EstimatorKind.ReviewerModel) await finalization.ScheduleAsync(assignment, stored, ct);
    }
}
