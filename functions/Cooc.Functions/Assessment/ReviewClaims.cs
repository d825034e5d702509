using Cooc.Assessment;
using Cooc.Common;
using Cooc.Identity;
using Cooc.Ports;

namespace Cooc.Functions.Assessment;

/// <summary>The lease a claim gave (or gave again) and the submission as it was when taken.</summary>
public sealed record ClaimResult(ReviewLease Lease, Submission Submission);

/// <summary>
/// Hands out submissions to review (<see cref="ClaimPolicy"/>), without transactions. A claim first returns the
/// reviewer's open lease, if any. Else it orders the oldest submissions that may be short (<see cref="ClaimCandidates"/>,
/// then deeper pages; extras when none is short) with <see cref="ClaimPolicy.Candidates"/>, never the reviewer's own,
/// and tries each in turn, after a point read that checks it is still short and eligible (the list may be stale) and
/// a hold on one of its free places among the claims running in this instance (<see cref="TakesInFlight"/>; when they
/// hold them all, the next candidate), kept until step 1 is done:
/// 1. take the place: one atomic conditional patch of the submission that counts the open lease and lists the
///    reviewer in its ReviewerIds (<see cref="SubmissionCounters.Taken"/>), holding only while it is the same revision,
///    still waiting, and completed reviews + open regular leases are below what it needs (completedReviews equal to
///    the value read and activeLeases below required minus it). This is the one step that decides, so concurrent
///    claimers can never lease a submission beyond its need; a failed condition just moves on.
/// 2. create the lease document, whose id is unique per (author, revision, reviewer): a conflict means this reviewer
///    was given this revision before, so the place is given back and the next candidate tried. Nobody is handed the
///    same work twice however claims interleave.
/// 3. make sure the sweep that ends the lease is scheduled (<see cref="LeaseExpiry.ScheduleAsync"/>, done while step 2
///    runs; one message per assignment and interval, harmless if step 2 conflicts), and read the submission again: if
///    the author replaced it meanwhile, the lease is released and the next candidate tried.
/// The place is taken before the lease exists (ClaimPolicy.Take does both at once, which with ETags alone makes
/// every concurrent claimer of the same submission retry): so every lease document holds a place, and an expiry or a
/// completion may always give back or count it. A crash after step 1 leaves a place held with no lease (and a
/// reviewer listed who was handed nothing, which only narrows their candidates), and after step 2 a lease whose sweep
/// may not be scheduled until another claim of its assignment or the reviewer's next one: either way the submission waits for
/// one review more than it should, it is never over-leased. Step 3 is repeated whenever the open lease is handed out
/// again, so it is completed by the reviewer's next claim.
/// </summary>
public sealed class ReviewClaims(IDocumentStore documents, AssessmentStore store, ClaimCandidates candidates, TakesInFlight takes,
    LeaseExpiry expiry, OneClaimPerReviewer oneAtATime, AssessmentOptions options, TimeProvider time)
{
    /// <summary>How many of the snapshot's entries the policy orders at a time (<see cref="ClaimSnapshot.ForReviewer"/>).</summary>
    private const int SliceSize = 64;

    /// <summary>The claim; the reviewer's claims of the assignment running at once here share one (<see cref="OneClaimPerReviewer"/>).</summary>
    public Task<Outcome<ClaimResult?>> ClaimAsync(Assignment assignment, Caller reviewer, CancellationToken ct) =>
        oneAtATime.RunAsync(assignment.AssignmentId, reviewer.UserId, () => ClaimOnceAsync(assignment, reviewer, ct), ct);

    private async Task<Outcome<ClaimResult?>> ClaimOnceAsync(Assignment assignment, Caller reviewer, CancellationToken ct)
    {
        var (assignmentId, me) = (assignment.AssignmentId, reviewer.UserId);
        var own = await store.ReadAsync<Submission>(assignmentId, Submission.IdFor(me), ct);
        var record = ClaimPolicy.NeedsReviewerRecord(assignment) ? await store.ReadAsync<ReviewerRecord>(assignmentId, ReviewerRecord.IdFor(me), ct) : null;
        if (ClaimPolicy.RefuseClaim(assignment, own?.Value, record?.Value, time.GetUtcNow()) is { } refusal) return refusal;
        if (await OpenLeaseAsync(assignment, me, ct) is { } open) return open;
        using var running = candidates.Running();

        var snapshot = await candidates.MaybeShortAsync(assignment, ct);
        foreach (var slice in snapshot.ForReviewer(me, time.GetUtcNow(), options.Claims, SliceSize))
            if (await TryAsync(assignment, me, slice, extras: false, snapshot, ct) is { } claimed) return claimed;
        for (var (page, token) = (0, snapshot.Continuation); page < options.ClaimMaxPages && token is not null; page++)
        {
            var deeper = await documents.QueryAsync<Submission>(Containers.Assessment, assignment.AssignmentId,
                candidates.Query(assignment, token) with { PageSize = options.ClaimPageSize }, ct);
            if (await TryAsync(assignment, me, deeper.Items.Select(i => i.Value), extras: false, null, ct) is { } found) return found;
            token = deeper.ContinuationToken;
        }
        // Nothing short: an extra review, for the submissions with the fewest completed reviews.
        // Graded ones too (ClaimPolicy.IsEligibleForExtra): whoever still owes reviews can pay them while any other submission exists.
        var any = new DocumentQuery([Condition.Eq("kind", Submission.DocumentKind),
            Condition.Ne("authorId", me)], [new SortKey(SubmissionCounters.CompletedReviews), new SortKey("submittedAt")], options.ClaimPageSize);
        var extras = await documents.QueryAsync<Submission>(Containers.Assessment, assignment.AssignmentId, any, ct);
        return await TryAsync(assignment, me, extras.Items.Select(i => i.Value), extras: true, null, ct);
    }

    private async Task<ClaimResult?> TryAsync(Assignment assignment, string me, IEnumerable<Submission> submissions, bool extras,
        ClaimSnapshot? snapshot, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var ordered = ClaimPolicy.Candidates(assignment, submissions, me, now, options.Claims).Where(c => extras || !c.Extra).ToList();
        foreach (var candidate in Spread(ordered, now))
        {
            if (snapshot?.StillWorthTrying(candidate) == false) continue;
            // Takes running here hold all its free places as last known (about one candidate a claim in a rush): no read.
            if (!candidate.Extra && takes.AllHeld(assignment.AssignmentId, candidate.Submission.Id,
                    ClaimPolicy.FreePlaces(candidate.Submission, ClaimPolicy.Required(assignment, candidate.Submission, now)))) continue;
            // A point read first: the list may be stale, and a read costs far less than a write that fails.
            var fresh = await store.ReadAsync<Submission>(assignment.AssignmentId, candidate.Submission.Id, ct);
            if (fresh is not null) snapshot?.Learned(fresh.Value);
            var latest = fresh is null ? null : ClaimPolicy.Candidates(assignment, [fresh.Value], me, time.GetUtcNow(), options.Claims).FirstOrDefault();
            if (latest is null || (latest.Extra && !extras)) continue;
            using var hold = latest.Extra ? null : takes.Hold(assignment.AssignmentId, latest.Submission.Id,
                ClaimPolicy.FreePlaces(latest.Submission, ClaimPolicy.Required(assignment, latest.Submission, time.GetUtcNow())));
            if (!latest.Extra && hold is null) continue; // claims running here are taking its free places: the next one
            var (taken, claimed) = await TryTakeAsync(assignment, latest, me, hold, ct);
            if (taken is null) snapshot?.Failed(candidate.Submission.Id);
            else snapshot?.Learned(taken);
            if (claimed is not null) return claimed;
        }
        return null;
    }

    /// <summary>
    /// Steps 1 to 3 for one candidate: the submission as the take left it (null: not taken), and the claim if it holds.
    /// The hold on a place (<see cref="TakesInFlight"/>) ends with step 1, which counts the place or fails.
    /// </summary>
    private async Task<(Submission? Taken, ClaimResult? Claim)> TryTakeAsync(Assignment assignment, ClaimCandidate candidate, string me, IDisposable? hold,
        CancellationToken ct)
    {
        var (assignmentId, seen, now) = (assignment.AssignmentId, candidate.Submission, time.GetUtcNow());
        var lease = ClaimPolicy.LeaseFor(seen, me, candidate.Extra, now, options.Claims) with { ReviewId = Ids.New("rev") };
        List<Condition> when = [Condition.Eq(SubmissionCounters.Revision, seen.Revision)];
        if (!candidate.Extra)
            when.AddRange([Condition.Eq("status", SubmissionStatus.Waiting), Condition.Eq(SubmissionCounters.CompletedReviews, seen.CompletedReviews),
                Condition.Lt(SubmissionCounters.ActiveLeases, ClaimPolicy.Required(assignment, seen, now) - seen.CompletedReviews)]);
        var taken = await documents.PatchAsync<Submission>(Containers.Assessment, assignmentId, seen.Id, SubmissionCounters.Taken(lease), when, ct);
        hold?.Dispose();
        if (taken is null) return (null, null);
        // Step 3's sweep is scheduled while the lease is created: if the create conflicts, it ends only leases that expired.
        var creating = documents.CreateAsync(Containers.Assessment, assignmentId, lease, ct);
        try
        {
            await Task.WhenAll(creating, expiry.ScheduleAsync(lease, ct));
        }
        catch (DocumentConflictException)
        {
            // Given this revision before: the place goes back (the reviewer stays listed, as they were already).
            var returned = await documents.IncrementAsync<Submission>(Containers.Assessment, assignmentId, seen.Id, SubmissionCounters.Returned(lease), SubmissionCounters.When(lease), ct);
            return (returned?.Value ?? taken.Value, null);
        }
        return (taken.Value, await SettleAsync(creating.Result, schedule: false, ct));
    }

    /// <summary>
    /// The check that the lease's revision is still the submission's, and step 3 when schedule is set (a new take
    /// sent it with the create), safe to repeat. Null when the author replaced the submission meanwhile: the lease is
    /// released (the new revision's counters never counted it) and the claim goes on.
    /// </summary>
    private async Task<ClaimResult?> SettleAsync(StoredDocument<ReviewLease> lease, bool schedule, CancellationToken ct)
    {
        var listing = ListedAsync(lease.Value, ct);
        if (schedule) await Task.WhenAll(expiry.ScheduleAsync(lease.Value, ct), listing);
        var current = await listing;
        if (current is not null) return new ClaimResult(lease.Value, current);
        await expiry.ReleaseAsync(lease, ct);
        return null;
    }

    /// <summary>
    /// The submission of the lease's revision, with the reviewer in its ReviewerIds (null: replaced since). The take
    /// lists the reviewer in the same write that counts the lease; a lease whose reviewer is missing (stored before
    /// takes did both) is repaired here, by a patch that holds only on the lease's revision.
    /// </summary>
    private async Task<Submission?> ListedAsync(ReviewLease l, CancellationToken ct)
    {
        var read = await store.ReadAsync<Submission>(l.AssignmentId, l.SubmissionId, ct);
        if (read is null || read.Value.Revision != l.SubmissionRevision) return null;
        if (read.Value.ReviewerIds.Contains(l.ReviewerId)) return read.Value;
        var listed = await documents.PatchAsync<Submission>(Containers.Assessment, l.AssignmentId, l.SubmissionId,
            new DocumentPatch([], [new Append(SubmissionCounters.ReviewerIds, l.ReviewerId)]), [Condition.Eq(SubmissionCounters.Revision, l.SubmissionRevision)], ct);
        return listed?.Value;
    }

    /// <summary>
    /// The reviewer's open lease, handed out again (<see cref="ClaimPolicy.OpenLease"/>). Their leases past expiry are
    /// expired here and then, and a lease of a revision since replaced is released: neither waits for its message.
    /// </summary>
    private async Task<ClaimResult?> OpenLeaseAsync(Assignment assignment, string me, CancellationToken ct)
    {
        var query = new DocumentQuery([Condition.Eq("kind", ReviewLease.DocumentKind), Condition.Eq("reviewerId", me),
            Condition.Eq("status", LeaseStatus.Active)], null, 100);
        var active = (await documents.QueryAsync<ReviewLease>(Containers.Assessment, assignment.AssignmentId, query, ct)).Items;
        var now = time.GetUtcNow();
        foreach (var expired in active.Where(l => ClaimPolicy.IsExpired(l.Value, now)))
            await expiry.ExpireAsync(new ExpireLease(assignment.AssignmentId, expired.Value.Id, expired.Value.ReviewId!), ct, expired);
        var open = ClaimPolicy.OpenLease(active.Select(l => l.Value), me, now);
        if (open is null) return null;
        var lease = active.First(l => l.Value.Id == open.Id);
        return await SettleAsync(lease, schedule: true, ct);
    }

    /// <summary>
    /// The candidates in order, except that the first few equally ranked ones (same kind, starving or not; as many as
    /// claims in flight, up to ClaimSpread) are tried from a random one onwards: concurrent claimers then spread over
    /// them instead of all racing for the oldest.
    /// </summary>
    private IEnumerable<ClaimCandidate> Spread(IReadOnlyList<ClaimCandidate> ordered, DateTimeOffset now)
    {
        if (ordered.Count == 0) return ordered;
        (bool, bool) Rank(ClaimCandidate c) => (c.Extra, ClaimPolicy.IsStarving(c.Submission, now, options.Claims));
        var run = 1;
        var spread = Math.Min(options.ClaimSpread, candidates.InFlight);
        while (run < ordered.Count && run < spread && Rank(ordered[run]) == Rank(ordered[0])) run++;
        var start = Random.Shared.Next(run);
        return ordered.Skip(start).Take(run - start).Concat(ordered.Take(start)).Concat(ordered.Skip(run));
    }
}
