using System.Text.Json;
using Cooc.Assessment;
using Cooc.Common;
using Cooc.Functions.Messaging;
using Cooc.Ports;

namespace Cooc.Functions.Assessment;

/// <summary>
/// The grading queue: <see cref="GradeAfterReview"/> (sent with each completed review) grades what became gradeable;
/// <see cref="ExpireLease"/> (scheduled with each claim, by Subject) gives back the place of a lease whose time ran out.
/// Both are idempotent; a message naming no assignment or review is poison.
/// </summary>
public sealed class GradingHandler(AssessmentStore store, SubmissionGrader grader, LeaseExpiry expiry) : IMessageHandler
{
    public string Queue => Queues.Grading;

    public async Task HandleAsync(ReceivedMessage message, CancellationToken ct)
    {
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
        await grader.AfterReviewAsync(assignment.Value, review.Value, ct);
    }

    private static T? Parse<T>(ReceivedMessage message)
    {
        try { return JsonSerializer.Deserialize<T>(message.Body, DocumentJson.Options); }
        catch (JsonException e) { throw new PoisonMessageException($"Malformed body: {e.Message}"); }
    }
}
