using System.Collections.Concurrent;
using Cooc.Assessment;
using Cooc.Ports;

namespace Cooc.Functions.Assessment;

/// <summary>
/// Where claims look for work, per assignment: the oldest waiting submissions that may be short (fewer open regular
/// leases and fewer completed reviews than gradedBy; exact shortness is <see cref="ClaimPolicy"/>'s), read with one
/// sorted query and shared by the claims of this instance for up to a second. Sorting a large partition is the
/// expensive read; the list is only a hint, since the conditional increment of a claim decides, so a stale entry
/// costs one failed increment. Claims report what they learn: the document a take returned, or an entry that failed
/// (skipped until the next read). Text and files are not kept.
/// </summary>
public sealed class ClaimCandidates(IDocumentStore documents, AssessmentOptions options, TimeProvider time)
{
    private const int MaxAssignments = 1000;

    /// <summary>One read: the entries in hand-out order, their latest known state, and where a deeper read continues (null: it holds all).</summary>
    public sealed class Snapshot(IReadOnlyList<Submission> read, string? continuation, DateTimeOffset readAt)
    {
        private readonly ConcurrentDictionary<string, Submission> current = new(read.Select(s => KeyValuePair.Create(s.Id, s)));
        private readonly ConcurrentDictionary<string, bool> failed = new();

        public string? Continuation => continuation;
        public DateTimeOffset ReadAt => readAt;
        public bool Exhausted => failed.Count >= current.Count;

        /// <summary>The entries not known to have failed, in their latest known state.</summary>
        public IEnumerable<Submission> Live => read.Where(s => !failed.ContainsKey(s.Id)).Select(s => current[s.Id]);

        /// <summary>
        /// Worth trying now: not failed since the list was made, and still short as far as this instance knows (another
        /// claim may have filled it meanwhile). Unknown submissions (from a deeper page) always are.
        /// </summary>
        public bool StillWorthTrying(ClaimCandidate candidate, Assignment assignment, DateTimeOffset now) =>
            !failed.ContainsKey(candidate.Submission.Id) && (candidate.Extra || !current.TryGetValue(candidate.Submission.Id, out var latest)
                || ClaimPolicy.IsShort(latest, ClaimPolicy.Required(assignment, latest, now)));

        public void Learned(Submission taken)
        {
            if (current.ContainsKey(taken.Id)) current[taken.Id] = Strip(taken);
        }

        public void Failed(string submissionId) => failed[submissionId] = true;
    }

    private readonly ConcurrentDictionary<string, Lazy<Task<Snapshot>>> snapshots = new(StringComparer.Ordinal);
    private int inFlight;

    /// <summary>Claims running in this instance now (of any assignment): how far to spread them (<see cref="ReviewClaims"/>).</summary>
    public int InFlight => Volatile.Read(ref inFlight);

    /// <summary>Counts a claim as running until the result is disposed.</summary>
    public IDisposable Running()
    {
        Interlocked.Increment(ref inFlight);
        return new Done(() => Interlocked.Decrement(ref inFlight));
    }

    private sealed class Done(Action done) : IDisposable
    {
        public void Dispose() => done();
    }

    /// <summary>The assignment's list, read again when older than ClaimSnapshotAge or when every entry failed.</summary>
    public async Task<Snapshot> MaybeShortAsync(Assignment assignment, CancellationToken ct)
    {
        var id = assignment.AssignmentId;
        while (true)
        {
            var entry = snapshots.GetOrAdd(id, _ => new Lazy<Task<Snapshot>>(() => ReadAsync(assignment)));
            Snapshot snapshot;
            try { snapshot = await entry.Value.WaitAsync(ct); }
            catch when (!ct.IsCancellationRequested) { snapshots.TryRemove(KeyValuePair.Create(id, entry)); throw; }
            if (time.GetUtcNow() - snapshot.ReadAt < options.ClaimSnapshotAge && !snapshot.Exhausted) return snapshot;
            if (snapshots.Count > MaxAssignments) snapshots.Clear();
            snapshots.TryRemove(KeyValuePair.Create(id, entry)); // one caller replaces it; the others read the new one
        }
    }

    /// <summary>The query behind the list; claims page deeper with it from the snapshot's continuation.</summary>
    public DocumentQuery Query(Assignment assignment, string? continuation = null) =>
        new([Condition.Eq("kind", Submission.DocumentKind), Condition.Eq("status", SubmissionStatus.Waiting),
            Condition.Lt(SubmissionCounters.ActiveLeases, assignment.Settings.GradedBy), Condition.Lt(SubmissionCounters.CompletedReviews, assignment.Settings.GradedBy)],
            [new SortKey("submittedAt")], options.ClaimSnapshotSize, continuation);

    private async Task<Snapshot> ReadAsync(Assignment assignment)
    {
        var readAt = time.GetUtcNow();
        var page = await documents.QueryAsync<Submission>(Containers.Assessment, assignment.AssignmentId, Query(assignment), CancellationToken.None);
        return new Snapshot(page.Items.Select(i => Strip(i.Value)).ToList(), page.ContinuationToken, readAt);
    }

    private static Submission Strip(Submission s) => s with { Text = null, Files = [] };
}
