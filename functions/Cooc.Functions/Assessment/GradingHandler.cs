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
/// The grading queue's messages without a Subject of their own: <see cref="GradeAfterReview"/>, sent with each
/// completed review, grades what became gradeable (the reviewed submission and the reviewer's own) and schedules the
/// debounced reviewer-model fit. The queue's other messages have their own handlers, chosen by Subject
/// (GradingMessageHandlers.cs). Idempotent; a message naming no assignment or review is poison.
/// </summary>
public sealed class GradingHandler(AssessmentStore store, SubmissionGrader grader, ReviewerFitJob fits) : IMessageHandler
{
    public string Queue => Queues.Grading;

    public async Task HandleAsync(ReceivedMessage message, CancellationToken ct)
    {
        var graded = MessageHandlers.Parse<GradeAfterReview>(message);
        if (graded is null || !Ids.IsValid(graded.AssignmentId) || !Ids.IsValid(graded.ReviewId))
            throw new PoisonMessageException("The message names no assignment or review.");
        var assignment = await store.ReadAsync<Assignment>(graded.AssignmentId, graded.AssignmentId, ct)
            ?? throw new PoisonMessageException($"There is no assignment '{graded.AssignmentId}'.");
        var review = await store.ReadAsync<Review>(graded.AssignmentId, graded.ReviewId, ct)
            ?? throw new PoisonMessageException($"There is no review '{graded.ReviewId}'.");
        await grader.AfterReviewAsync(assignment.Value, review.Value, ct, redelivered: message.DeliveryCount > 1);
        await fits.ScheduleAsync(assignment.Value, ct);
    }
}
