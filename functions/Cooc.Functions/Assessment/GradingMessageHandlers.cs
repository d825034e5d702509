using Cooc.Assessment;
using Cooc.Common;
using Cooc.Functions.Messaging;
using Cooc.Ports;

namespace Cooc.Functions.Assessment;

// The grading queue's scheduled messages, one handler per Subject (the queue's other messages go to GradingHandler).
// Each is idempotent; a message naming nothing valid is poison.

/// <summary>A reviewer's lease ran out (scheduled with each claim): its place goes back to the pool.</summary>
public sealed class ExpireLeaseHandler(LeaseExpiry expiry) : IMessageHandler
{
    public string Queue => Queues.Grading;
    public string? Subject => LeaseExpiry.Subject;

    public Task HandleAsync(ReceivedMessage message, CancellationToken ct)
    {
        var expired = MessageHandlers.Parse<ExpireLease>(message);
        if (expired is not { LeaseId.Length: > 0 } || !Ids.IsValid(expired.AssignmentId) || !Ids.IsValid(expired.ReviewId))
            throw new PoisonMessageException("The message names no assignment, lease or review.");
        return expiry.ExpireAsync(expired, ct);
    }
}

/// <summary>The debounced background fit of the reviewer model (scheduled after reviews).</summary>
public sealed class FitReviewersHandler(ReviewerFitJob fits) : IMessageHandler
{
    public string Queue => Queues.Grading;
    public string? Subject => ReviewerFitJob.Subject;

    public Task HandleAsync(ReceivedMessage message, CancellationToken ct)
    {
        var fit = MessageHandlers.Parse<FitReviewers>(message);
        if (fit is null || !Ids.IsValid(fit.AssignmentId)) throw new PoisonMessageException("The message names no assignment.");
        return fits.FitAsync(fit, ct);
    }
}

/// <summary>Reviews closed (scheduled for the reviews-due date): provisional grades become final.</summary>
public sealed class FinalizeGradesHandler(GradeFinalization finalization) : IMessageHandler
{
    public string Queue => Queues.Grading;
    public string? Subject => GradeFinalization.Subject;

    public Task HandleAsync(ReceivedMessage message, CancellationToken ct)
    {
        var finalize = MessageHandlers.Parse<FinalizeGrades>(message);
        if (finalize is null || !Ids.IsValid(finalize.AssignmentId)) throw new PoisonMessageException("The message names no assignment.");
        return finalization.FinalizeAsync(finalize, ct);
    }
}

/// <summary>Submissions closed (scheduled): grades whose authors' debt dropped then are released.</summary>
public sealed class ReleaseAtCloseHandler(ReleasesAtClose closing) : IMessageHandler
{
    public string Queue => Queues.Grading;
    public string? Subject => ReleasesAtClose.Subject;

    public Task HandleAsync(ReceivedMessage message, CancellationToken ct)
    {
        var close = MessageHandlers.Parse<ReleaseAtClose>(message);
        if (close is null || !Ids.IsValid(close.AssignmentId)) throw new PoisonMessageException("The message names no assignment.");
        return closing.ReleaseAsync(close, ct);
    }
}

/// <summary>An uploaded file's lifetime ended (scheduled when the upload opened): removed unless a submission took it.</summary>
public sealed class ExpireSubmissionUploadHandler(UnsubmittedUploads uploads) : IMessageHandler
{
    public string Queue => Queues.Grading;
    public string? Subject => UnsubmittedUploads.Subject;

    public Task HandleAsync(ReceivedMessage message, CancellationToken ct)
    {
        var upload = MessageHandlers.Parse<ExpireSubmissionUpload>(message);
        if (upload is null || !Ids.IsValid(upload.AssignmentId) || !Ids.IsValid(upload.UploadId))
            throw new PoisonMessageException("The message names no assignment or upload.");
        return uploads.ExpireAsync(upload, ct);
    }
}

/// <summary>
/// Flexible grading starts applying to a submission (scheduled with it): fewer reviews may now suffice, and no review
/// may come to say so. Grades and releases what is due; a redelivery refreshes progress again.
/// </summary>
public sealed class GradeWhenFlexibleHandler(AssessmentStore store, SubmissionGrader grader) : IMessageHandler
{
    public string Queue => Queues.Grading;
    public string? Subject => GradeWhenFlexible.Subject;

    public async Task HandleAsync(ReceivedMessage message, CancellationToken ct)
    {
        var flexible = MessageHandlers.Parse<GradeWhenFlexible>(message);
        if (flexible is null || !Ids.IsValid(flexible.AssignmentId) || !flexible.SubmissionId.StartsWith("submission:", StringComparison.Ordinal))
            throw new PoisonMessageException("The message names no assignment or submission.");
        var assignment = await store.ReadAsync<Assignment>(flexible.AssignmentId, flexible.AssignmentId, ct);
        if (assignment is not null) await grader.GradeAndReleaseAsync(assignment.Value, flexible.SubmissionId, message.DeliveryCount > 1, ct);
    }
}
