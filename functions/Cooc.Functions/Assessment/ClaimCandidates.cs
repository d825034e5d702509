using System.Collections.Concurrent;
using Cooc.Assessment;
using Cooc.Ports;

namespace Cooc.Functions.Assessment;

/// <summary>
/// Where claims look for work, per assignment: the oldest waiting submissions that are short (<see cref="ClaimPolicy.IsShort"/>),
/// up to ClaimSnapshotSize of them, read with sorted queries and shared by the claims of this instance. The list is
/// only a hint, since the conditional increment of a claim decides, so a stale entry costs one point read. Claims report
/// what they learn: the document a read or a take returned, or an entry that failed (skipped until the next read).
/// Reading is the expensive part, so claims never wait for it while the list still has something: when it is older
/// than ClaimSnapshotAge, or fewer than a quarter of its entries are left, one claim starts a read in the background
/// and the others go on with the current list. Text and files are not kept.
/// </summary>
public sealed class ClaimCandidates(IDocumentStore documents, AssessmentOptions options, TimeProvider time)
{
    private const int MaxAssignments = 1000;

    /// <summary>How many pages of ClaimSnapshotSize one read may go through to find that many short submissions.</summary>
    private const int MaxPagesPerRead = 8;

    private readonly ConcurrentDictionary<string, SnapshotHolder> holders = new(StringComparer.Ordinal);
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

    /// <summary>
    /// The assignment's list. Only the first claim of an assignment, and a claim that finds the list used up, waits for
    /// a read; otherwise an old or thinning list is read again in the background.
    /// </summary>
    public async Task<ClaimSnapshot> MaybeShortAsync(Assignment assignment, CancellationToken ct)
    {
        if (!holders.TryGetValue(assignment.AssignmentId, out var holder))
        {
            // Only for an assignment new here: Count takes every lock of the dictionary.
            if (holders.Count > MaxAssignments) holders.Clear();
            holder = holders.GetOrAdd(assignment.AssignmentId, _ => new SnapshotHolder());
        }
        var snapshot = await holder.CurrentAsync(() => ReadAsync(assignment)).WaitAsync(ct);
        if (time.GetUtcNow() - snapshot.ReadAt < options.ClaimSnapshotAge && snapshot.Live * 4 >= snapshot.Count) return snapshot;
        var next = holder.Refresh(snapshot, () => ReadAsync(assignment));
        return snapshot.Live > 0 ? snapshot : await next.WaitAsync(ct);
    }

    /// <summary>The query behind the list; claims page deeper with it from the snapshot's continuation.</summary>
    public DocumentQuery Query(Assignment assignment, string? continuation = null) =>
        new([Condition.Eq("kind", Submission.DocumentKind), Condition.Eq("status", SubmissionStatus.Waiting),
            Condition.Lt(SubmissionCounters.ActiveLeases, assignment.Settings.GradedBy), Condition.Lt(SubmissionCounters.CompletedReviews, assignment.Settings.GradedBy)],
            [new SortKey("submittedAt")], options.ClaimSnapshotSize, continuation);

    /// <summary>
    /// Pages through the query until it has ClaimSnapshotSize short submissions (or MaxPagesPerRead pages): those
    /// with open leases and completed reviews that together fill them pass the query's filter but are left out.
    /// </summary>
    private async Task<ClaimSnapshot> ReadAsync(Assignment assignment)
    {
        var readAt = time.GetUtcNow();
        var found = new List<Submission>();
        string? continuation = null;
        for (var page = 0; page < MaxPagesPerRead && found.Count < options.ClaimSnapshotSize; page++)
        {
            var read = await documents.QueryAsync<Submission>(Containers.Assessment, assignment.AssignmentId, Query(assignment, continuation), CancellationToken.None);
            found.AddRange(read.Items.Select(i => i.Value).Where(s => s.Grade is null && ClaimPolicy.IsShort(s, ClaimPolicy.Required(assignment, s, readAt))).Select(Strip));
            continuation = read.ContinuationToken;
            if (continuation is null) break;
        }
        return new ClaimSnapshot(assignment, found, continuation, readAt);
    }

    internal static Submission Strip(Submission s) => s with { Text = null, Files = [] };

    /// <summary>
    /// One assignment's current list and the read in progress, if any. The first read is shared by everyone who
    /// waits for it; a failed read is forgotten, so the next claim tries again.
    /// </summary>
    private sealed class SnapshotHolder
    {
        private readonly Lock gate = new();
        private Task<ClaimSnapshot>? current;
        private Task<ClaimSnapshot>? reading;

        public Task<ClaimSnapshot> CurrentAsync(Func<Task<ClaimSnapshot>> read)
        {
            lock (gate)
                return current ??= reading ??= Start(read);
        }

        /// <summary>The read that replaces the given snapshot: one already running, or a new one.</summary>
        public Task<ClaimSnapshot> Refresh(ClaimSnapshot old, Func<Task<ClaimSnapshot>> read)
        {
            lock (gate)
            {
                if (current is { IsCompletedSuccessfully: true } c && !ReferenceEquals(c.Result, old)) return c;
                return reading ??= Start(read);
            }
        }

        private Task<ClaimSnapshot> Start(Func<Task<ClaimSnapshot>> read)
        {
            var task = Task.Run(read);
            task.ContinueWith(done =>
            {
                lock (gate)
                {
                    if (ReferenceEquals(reading, done)) reading = null;
                    if (done.IsCompletedSuccessfully) current = done;
                    else if (ReferenceEquals(current, done)) current = null;
                    _ = done.Exception; // observed: claims that waited for it got it; the others go on with the old list
                }
            }, TaskScheduler.Default);
            return task;
        }
    }
}
