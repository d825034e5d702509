using System.Text.Json;
using Cooc.Assessment;
using Cooc.Common;
using Cooc.Identity;
using Cooc.Ports;

namespace Cooc.Functions.Assessment;

/// <summary>The grading-queue message sent with each completed review.</summary>
public sealed record GradeAfterReview(string AssignmentId, string ReviewId);

/// <summary>The stored review; Created is false when an earlier call already submitted it.</summary>
public sealed record ReviewSubmission(Review Review, bool Created);

/// <summary>
/// Submitting a review, to the review id the claim gave (the lease carries it). Steps, each safe to repeat:
/// 1. the lease moves from Active to Completed, a replace with its ETag (<see cref="ReviewRules.Complete"/>): it races
///    the expiry and one wins. Only the winner goes on to step 3, so the counters move once.
/// 2. the Review document is created with id = reviewId (a conflict: a repeat, the stored one stands).
/// 3. the submission's counters: one lease fewer, one completed review more (<see cref="SubmissionCounters.Completed"/>,
///    conditioned on the lease's revision, so a review of a replaced revision changes nothing).
/// 4. the reviewer's record is brought up to their count of review documents (<see cref="AssessmentStore.RecountReviewerAsync"/>).
/// 5. a grading message, MessageId = reviewId (duplicates are dropped; the handler is idempotent anyway).
/// Steps 2 and 3 run at once. A repeat of the request finds the lease Completed with this review id and redoes steps
/// 2, 4 and 5. A crash that cuts step 3 short leaves the counters one lease up and one review down, whose sum, which
/// decides claims, is right; grading counts review documents, not counters.
/// </summary>
public sealed class ReviewCompletions(IDocumentStore documents, AssessmentStore store, IMessageQueue queue, TimeProvider time)
{
    public const string Subject = nameof(GradeAfterReview);
    private const int MaxAttempts = 10;

    public async Task<Outcome<ReviewSubmission>> SubmitAsync(Assignment assignment, Caller reviewer, string reviewId, ReviewInput input, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var query = new DocumentQuery([Condition.Eq("kind", ReviewLease.DocumentKind), Condition.Eq("reviewerId", reviewer.UserId),
                Condition.Eq("reviewId", reviewId)], null, 2);
            var stored = Ids.IsValid(reviewId)
                ? (await documents.QueryAsync<ReviewLease>(Containers.Assessment, assignment.AssignmentId, query, ct)).Items.FirstOrDefault()
                : null;
            if (stored is null) return Refusal.NotFound("Review");
            var lease = stored.Value;
            var rubric = assignment.Rubric(lease.RubricVersion)!;
            var now = time.GetUtcNow();
            if (lease.Status == LeaseStatus.Completed && lease.ReviewId == reviewId)
            {
                var earlier = await store.ReadAsync<Review>(assignment.AssignmentId, reviewId, ct);
                if (earlier is not null) return await FinishAsync(assignment, earlier.Value, lease, won: false, ct);
                var again = ReviewRules.Complete(lease with { Status = LeaseStatus.Active }, rubric, input, reviewer.UserId, reviewId, lease.UpdatedAt);
                return again.Refusal is { } invalid ? invalid : await FinishAsync(assignment, again.Value!.Review, lease, won: false, ct);
            }
            var decision = ReviewRules.Complete(lease, rubric, input, reviewer.UserId, reviewId, now);
            if (decision.Refusal is { } refusal) return refusal;
            try
            {
                await documents.ReplaceAsync(Containers.Assessment, assignment.AssignmentId, decision.Value!.Lease, stored.ETag, ct);
            }
            catch (DocumentPreconditionFailedException) when (attempt < MaxAttempts) { continue; }
            return await FinishAsync(assignment, decision.Value.Review, lease, won: true, ct);
        }
    }

    private async Task<ReviewSubmission> FinishAsync(Assignment assignment, Review review, ReviewLease lease, bool won, CancellationToken ct)
    {
        // Steps 2 and 3 at once: neither needs the other (grading counts review documents, claims the counters).
        var creating = CreateOrReadAsync(assignment, review, ct);
        var counting = won
            ? documents.IncrementAsync<Submission>(Containers.Assessment, assignment.AssignmentId, lease.SubmissionId,
                SubmissionCounters.Completed(lease), SubmissionCounters.When(lease), ct)
            : Task.CompletedTask;
        await Task.WhenAll(creating, counting);
        (review, var created) = await creating;
        await store.RecountReviewerAsync(assignment, review.ReviewerId, ct);
        await queue.SendAsync(Queues.Grading, new OutgoingMessage(review.Id,
            JsonSerializer.Serialize(new GradeAfterReview(assignment.AssignmentId, review.Id), DocumentJson.Options), null, Subject), ct);
        return new ReviewSubmission(review, created && won);
    }

    /// <summary>The review created, or the one an earlier call stored (created: false).</summary>
    private async Task<(Review Review, bool Created)> CreateOrReadAsync(Assignment assignment, Review review, CancellationToken ct)
    {
        try
        {
            await documents.CreateAsync(Containers.Assessment, assignment.AssignmentId, review, ct);
            return (review, true);
        }
        catch (DocumentConflictException)
        {
            return ((await store.ReadAsync<Review>(assignment.AssignmentId, review.Id, ct))!.Value, false);
        }
    }
}
