using System.Text.Json;
using Cooc.Assessment;
using Cooc.Ports;

namespace Cooc.Functions.Assessment;

/// <summary>The grading-queue message that ends a lease when its time is up; ReviewId tells this lease from an earlier one with the same id.</summary>
public sealed record ExpireLease(string AssignmentId, string LeaseId, string ReviewId);

/// <summary>
/// Leases that run out: each claim schedules a message on the grading queue for the lease's expiry. When it comes due
/// a lease still Active is marked Expired (a replace with its ETag, racing a completing review: one wins), and only the
/// winner gives the place back (<see cref="ClaimPolicy.ReturnToPool"/> as the increment
/// <see cref="SubmissionCounters.Returned"/>, conditioned on the lease's revision, so a resubmitted one changes nothing).
/// Every lease document took its place before it was created (<see cref="ReviewClaims"/>), so returning it is always
/// owed. A crash between the two writes keeps the place taken: the submission gets one review fewer from peers (staff
/// or flexible grading make up for it), never one more than it needs.
/// </summary>
public sealed class LeaseExpiry(IDocumentStore documents, IMessageQueue queue, TimeProvider time)
{
    public const string Subject = nameof(ExpireLease);
    private const int MaxAttempts = 10;

    /// <summary>Safe to repeat: the message id comes from the lease's review id, so a repeat within the duplicate window is dropped.</summary>
    public Task ScheduleAsync(ReviewLease lease, CancellationToken ct) => SendAsync(lease, $"lease-expiry:{lease.ReviewId}", ct);

    public async Task ExpireAsync(ExpireLease request, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var stored = await documents.ReadAsync<ReviewLease>(Containers.Assessment, request.AssignmentId, request.LeaseId, ct);
            if (stored is null || stored.Value.ReviewId != request.ReviewId || stored.Value.Status != LeaseStatus.Active) return;
            var lease = stored.Value;
            var now = time.GetUtcNow();
            if (!ClaimPolicy.IsExpired(lease, now))
            {
                // Delivered early (clocks differ): look again at the expiry, under a new message id.
                await SendAsync(lease, $"lease-expiry:{lease.ReviewId}:{now.UtcTicks}", ct);
                return;
            }
            try
            {
                await documents.ReplaceAsync(Containers.Assessment, request.AssignmentId, ClaimPolicy.Release(lease, LeaseStatus.Expired, now), stored.ETag, ct);
            }
            catch (DocumentPreconditionFailedException) when (attempt < MaxAttempts) { continue; }
            await documents.IncrementAsync<Submission>(Containers.Assessment, request.AssignmentId, lease.SubmissionId,
                SubmissionCounters.Returned(lease), SubmissionCounters.When(lease), ct);
            return;
        }
    }

    /// <summary>Ends the still active leases of a revision the author replaced; the new revision's counters start at zero.</summary>
    public async Task ReleaseAsync(Submission replaced, CancellationToken ct)
    {
        var query = new DocumentQuery([Condition.Eq("kind", ReviewLease.DocumentKind), Condition.Eq("submissionId", replaced.Id),
            Condition.Eq("submissionRevision", replaced.Revision), Condition.Eq("status", LeaseStatus.Active)], null, 500);
        foreach (var lease in (await documents.QueryAsync<ReviewLease>(Containers.Assessment, replaced.AssignmentId, query, ct)).Items)
            await ReleaseAsync(lease, ct);
    }

    /// <summary>Marks one lease Released unless it already ended.</summary>
    public async Task ReleaseAsync(StoredDocument<ReviewLease> lease, CancellationToken ct)
    {
        for (var attempt = 1; lease.Value.Status == LeaseStatus.Active; attempt++)
        {
            try
            {
                await documents.ReplaceAsync(Containers.Assessment, lease.Value.AssignmentId,
                    ClaimPolicy.Release(lease.Value, LeaseStatus.Released, time.GetUtcNow()), lease.ETag, ct);
                return;
            }
            catch (DocumentPreconditionFailedException) when (attempt < MaxAttempts)
            {
                var again = await documents.ReadAsync<ReviewLease>(Containers.Assessment, lease.Value.AssignmentId, lease.Value.Id, ct);
                if (again is null) return;
                lease = again;
            }
        }
    }

    private Task SendAsync(ReviewLease lease, string messageId, CancellationToken ct) =>
        queue.SendAsync(Queues.Grading, new OutgoingMessage(messageId,
            JsonSerializer.Serialize(new ExpireLease(lease.AssignmentId, lease.Id, lease.ReviewId!), DocumentJson.Options), lease.ExpiresAt, Subject), ct);
}
