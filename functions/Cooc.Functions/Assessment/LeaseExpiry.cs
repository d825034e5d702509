using System.Collections.Concurrent;
using System.Text.Json;
using Cooc.Assessment;
using Cooc.Ports;

namespace Cooc.Functions.Assessment;

/// <summary>The grading-queue message that ends one lease (sent before sweeps; still handled); ReviewId tells this lease from an earlier one with the same id.</summary>
public sealed record ExpireLease(string AssignmentId, string LeaseId, string ReviewId);

/// <summary>The grading-queue message that ends an assignment's leases whose time was up at DueAt.</summary>
public sealed record SweepLeases(string AssignmentId, DateTimeOffset DueAt);

/// <summary>
/// Leases that run out. A claim schedules a sweep of its assignment for the end of the interval its lease expires in
/// (<see cref="ClaimPolicy.LeaseSweepAt"/>, LeaseSweepInterval: a minute), once per interval in this instance and
/// under a message id per interval, so concurrent claims and instances share it. When it comes due, every lease still
/// Active and expired is marked Expired, oldest first (a replace with its ETag, racing a completing review: one wins),
/// and only the winner gives the place back (<see cref="ClaimPolicy.ReturnToPool"/> as the increment
/// <see cref="SubmissionCounters.Returned"/>, conditioned on the lease's revision, so a resubmitted one changes nothing).
/// Every lease document took its place before it was created (<see cref="ReviewClaims"/>), so returning it is always
/// owed. A crash between the two writes keeps the place taken: the submission gets one review fewer from peers (staff
/// or flexible grading make up for it), never one more than it needs. A lease whose sweep was never sent (a crash
/// before it) is ended by any later sweep of the assignment, or by its reviewer's next claim.
/// One message per lease cost a queue write on every claim: about a tenth of a claim's server CPU in a rush.
/// </summary>
public sealed class LeaseExpiry(IDocumentStore documents, IMessageQueue queue, AssessmentOptions options, TimeProvider time)
{
    public const string Subject = nameof(ExpireLease);
    public const string SweepSubject = nameof(SweepLeases);
    private const int MaxAttempts = 10;
    private const int SweepPageSize = 100;
    private readonly ConcurrentDictionary<(string AssignmentId, DateTimeOffset DueAt), Lazy<Task>> sweeps = new();

    /// <summary>
    /// Makes sure the sweep that ends this lease is scheduled: sent once per assignment and interval here (a failed
    /// send is forgotten, so the next claim sends it again), and safe to repeat (its message id names the interval).
    /// </summary>
    public Task ScheduleAsync(ReviewLease lease, CancellationToken ct)
    {
        var key = (lease.AssignmentId, ClaimPolicy.LeaseSweepAt(lease.ExpiresAt, options.LeaseSweepInterval));
        if (!sweeps.TryGetValue(key, out var sending))
        {
            // Only when a sweep is new here (once per assignment and interval): Count takes every lock of the dictionary.
            if (sweeps.Count > 10_000)
                foreach (var past in sweeps.Keys.Where(k => k.DueAt < time.GetUtcNow()))
                    sweeps.TryRemove(past, out _);
            sending = sweeps.GetOrAdd(key, SweepSend);
        }
        return sending.Value.WaitAsync(ct);
    }

    /// <summary>
    /// The sweep's send, run once. A failed one is forgotten before its task faults, so whoever sees the failure finds
    /// it forgotten (a continuation forgetting it could run after the caller's, which then got the failure again).
    /// </summary>
    private Lazy<Task> SweepSend((string AssignmentId, DateTimeOffset DueAt) key)
    {
        Lazy<Task>? send = null;
        send = new Lazy<Task>(async () =>
        {
            try
            {
                await SendSweepAsync(key.AssignmentId, key.DueAt, null);
            }
            catch (Exception)
            {
                sweeps.TryRemove(KeyValuePair.Create(key, send!));
                throw;
            }
        });
        return send;
    }

    /// <summary>Ends the assignment's leases whose time is up, oldest first; safe to repeat.</summary>
    public async Task SweepAsync(SweepLeases request, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (now < request.DueAt)
        {
            // Delivered early (clocks differ): look again at the due time, under a new message id.
            await SendSweepAsync(request.AssignmentId, request.DueAt, now, ct);
            return;
        }
        var query = new DocumentQuery([Condition.Eq("kind", ReviewLease.DocumentKind), Condition.Eq("status", LeaseStatus.Active)],
            [new SortKey("expiresAt")], SweepPageSize);
        while (true)
        {
            var page = await documents.QueryAsync<ReviewLease>(Containers.Assessment, request.AssignmentId, query, ct);
            foreach (var stored in page.Items)
            {
                var lease = stored.Value;
                if (!ClaimPolicy.IsExpired(lease, now)) return; // the rest expire later, each at its own interval's sweep
                await ExpireAsync(new ExpireLease(lease.AssignmentId, lease.Id, lease.ReviewId!), ct, stored);
            }
            if (page.ContinuationToken is null) return;
            query = query with { ContinuationToken = page.ContinuationToken };
        }
    }

    /// <summary>Ends the lease if it is still the active one named and past its expiry; read: the lease as the caller just read it (no read again).</summary>
    public async Task ExpireAsync(ExpireLease request, CancellationToken ct, StoredDocument<ReviewLease>? read = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            var stored = attempt == 1 && read is not null
                ? read
                : await documents.ReadAsync<ReviewLease>(Containers.Assessment, request.AssignmentId, request.LeaseId, ct);
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

    // Asynchronous all through, so a failure faults the task (which SweepSend forgets) and is never thrown from the Lazy that holds it.
    private async Task SendSweepAsync(string assignmentId, DateTimeOffset dueAt, DateTimeOffset? resentAt, CancellationToken ct = default) =>
        await queue.SendAsync(Queues.Grading, new OutgoingMessage($"lease-sweep:{assignmentId}:{dueAt.UtcTicks}" + (resentAt is { } at ? $":{at.UtcTicks}" : ""),
            JsonSerializer.Serialize(new SweepLeases(assignmentId, dueAt), DocumentJson.Options), dueAt, SweepSubject), ct);

    private Task SendAsync(ReviewLease lease, string messageId, CancellationToken ct) =>
        queue.SendAsync(Queues.Grading, new OutgoingMessage(messageId,
            JsonSerializer.Serialize(new ExpireLease(lease.AssignmentId, lease.Id, lease.ReviewId!), DocumentJson.Options), lease.ExpiresAt, Subject), ct);
}
