using System.Text.Json;
using Cooc.Assessment;
using Cooc.Common;
using Cooc.Functions.Messaging;
using Cooc.Ports;

namespace Cooc.Functions.Assessment;

/// <summary>
/// Scheduled with each submission for when flexible grading starts applying to it: fewer reviews may then suffice,
/// and no review may come to say so. MessageId "flexible:{assignmentId}:{submissionId}:{revision}".
/// </summary>
public sealed record GradeWhenFlexible(string AssignmentId, string SubmissionId, int Revision)
{
    public const string Subject = nameof(GradeWhenFlexible);

    public string MessageId => $"flexible:{AssignmentId}:{SubmissionId}:{Revision}";
}

/// <summary>
/// The grading queue: <see cref="GradeAfterReview"/> (sent with each completed review) grades what became gradeable;
/// <see cref="ExpireLease"/> (scheduled with each claim, by Subject) gives back the place of a lease whose time ran out.
/// <see cref="FitReviewers"/> (debounced, scheduled after reviews) refits the reviewer model; <see cref="FinalizeGrades"/>
/// (scheduled for the reviews-due date) fixes provisional grades; <see cref="ReleaseAtClose"/> (scheduled for when submissions
/// close) releases grades whose authors' debt dropped then; <see cref="ExpireSubmissionUpload"/> removes an upload no
/// submission took. All are idempotent; a message naming no assignment or
/// review is poison.
/// </summary>
public sealed class GradingHandler(AssessmentStore store, SubmissionGrader grader, LeaseExpiry expiry, ReviewerFitJob fits,
    GradeFinalization finalization, ReleasesAtClose closing, UnsubmittedUploads uploads) : IMessageHandler
{
    public string Queue => Queues.Grading;

    public async Task HandleAsync(ReceivedMessage message, CancellationToken ct)
    {
        if (message.Subject == ReviewerFitJob.Subject)
        {
            var fit = Parse<FitReviewers>(message);
            if (fit is null || !Ids.IsValid(fit.AssignmentId)) throw new PoisonMessageException("The message names no assignment.");
            await fits.FitAsync(fit, ct);
            return;
        }
        if (message.Subject == GradeFinalization.Subject)
        {
            var finalize = Parse<FinalizeGrades>(message);
            if (finalize is null || !Ids.IsValid(finalize.AssignmentId)) throw new PoisonMessageException("The message names no assignment.");
            await finalization.FinalizeAsync(finalize, ct);
            return;
        }
        if (message.Subject == ReleasesAtClose.Subject)
        {
            var close = Parse<ReleaseAtClose>(message);
            if (close is null || !Ids.IsValid(close.AssignmentId)) throw new PoisonMessageException("The message names no assignment.");
            await closing.ReleaseAsync(close, ct);
            return;
        }
        if (message.Subject == UnsubmittedUploads.Subject)
        {
            var upload = Parse<ExpireSubmissionUpload>(message);
            if (upload is null || !Ids.IsValid(upload.AssignmentId) || !Ids.IsValid(upload.UploadId))
                throw new PoisonMessageException("The message names no assignment or upload.");
            await uploads.ExpireAsync(upload, ct);
            return;
        }
        if (message.Subject == GradeWhenFlexible.Subject)
        {
            // Grades what flexible grading made gradeable, and releases it when due (GradeReleases); a redelivery refreshes progress again.
            var flexible = Parse<GradeWhenFlexible>(message);
            if (flexible is null || !Ids.IsValid(flexible.AssignmentId) || !flexible.SubmissionId.StartsWith("submission:", StringComparison.Ordinal))
                throw new PoisonMessageException("The message names no assignment or submission.");
            var of = await store.ReadAsync<Assignment>(flexible.AssignmentId, flexible.AssignmentId, ct);
            if (of is not null) await grader.GradeAndReleaseAsync(of.Value, flexible.SubmissionId, message.DeliveryCount > 1, ct);
            return;
        }
        if (message.Subject == LeaseExpiry.Subject)
        {
            var expired = Parse<ExpireLease>(message);
            if (expired is not { LeaseId.Length: > 0 } || !Ids.IsValid(expired.AssignmentId) || !Ids.IsValid(expired.ReviewId))
                throw new PoisonMessageException("The message names no assignment, lease or review.");
            await expiry.ExpireAsync(expired, ct);
            return;
        }
        var graded = Parse<GradeAfterReview>(message);
        if (graded is null || !Ids.IsValid(graded.AssignmentId) || !Ids.IsValid(graded.ReviewId))
            throw new PoisonMessageException("The message names no assignment or review.");
        var assignment = await store.ReadAsync<Assignment>(graded.AssignmentId, graded.AssignmentId, ct)
            ?? throw new PoisonMessageException($"There is no assignment '{graded.AssignmentId}'.");
        var review = await store.ReadAsync<Review>(graded.AssignmentId, graded.ReviewId, ct)
            ?? throw new PoisonMessageException($"There is no review '{graded.ReviewId}'.");
        await grader.AfterReviewAsync(assignment.Value, review.Value, ct, redelivered: message.DeliveryCount > 1);
        await fits.ScheduleAsync(assignment.Value, ct);
    }

    private static T? Parse<T>(ReceivedMessage message)
    {
        try { return JsonSerializer.Deserialize<T>(message.Body, DocumentJson.Options); }
        catch (JsonException e) { throw new PoisonMessageException($"Malformed body: {e.Message}"); }
    }
}
