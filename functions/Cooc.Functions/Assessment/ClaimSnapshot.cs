using Cooc.Assessment;

namespace Cooc.Functions.Assessment;

/// <summary>
/// One read of <see cref="ClaimCandidates"/>: short submissions in hand-out order (oldest first), their latest known
/// state, and where a deeper read continues (null: it holds all). Claims running at the same time share it: they
/// report what they learn (<see cref="Learned"/>, <see cref="Failed"/>), and <see cref="Live"/> counts the entries
/// still worth trying, which tells when to read again.
/// </summary>
public sealed class ClaimSnapshot
{
    private readonly Assignment assignment;
    private readonly Dictionary<string, int> positions; // never changed after construction: safe to read concurrently
    private readonly Submission[] latest;
    private readonly int[] spent; // 1: failed or filled up since the read
    private int live;

    public ClaimSnapshot(Assignment assignment, IReadOnlyList<Submission> read, string? continuation, DateTimeOffset readAt)
    {
        (this.assignment, Continuation, ReadAt) = (assignment, continuation, readAt);
        latest = [.. read];
        spent = new int[read.Count];
        positions = new Dictionary<string, int>(read.Count, StringComparer.Ordinal);
        for (var i = 0; i < read.Count; i++) positions[read[i].Id] = i;
        live = read.Count;
    }

    public string? Continuation { get; }
    public DateTimeOffset ReadAt { get; }
    public int Count => latest.Length;

    /// <summary>Entries neither failed nor known to be full since the read (approximate under concurrency, never negative).</summary>
    public int Live => Math.Max(0, Volatile.Read(ref live));

    /// <summary>The entries not known to have failed or filled up, in their latest known state, oldest first.</summary>
    public IEnumerable<Submission> Entries
    {
        get
        {
            for (var i = 0; i < latest.Length; i++)
                if (Volatile.Read(ref spent[i]) == 0) yield return Volatile.Read(ref latest[i]);
        }
    }

    /// <summary>
    /// The entries the reviewer may take (<see cref="ClaimPolicy.IsEligible"/>) in slices of about size, for
    /// <see cref="ClaimPolicy.Candidates"/> to order one at a time instead of all on every claim: the first slice holds
    /// every starving entry, and the rest keep the list's order (oldest, then id: the policy's order after starving),
    /// so the policy's order over the slices in turn is its order over all. Each slice is made when it is asked for
    /// (most claims take a place in the first), over the entries as they are then.
    /// </summary>
    public IEnumerable<IReadOnlyList<Submission>> ForReviewer(string reviewerId, DateTimeOffset now, ClaimOptions options, int size)
    {
        var slice = Entries.Where(s => ClaimPolicy.IsStarving(s, now, options) && ClaimPolicy.IsEligible(s, reviewerId)).ToList();
        var (yielded, others) = (false, 0);
        foreach (var s in Entries)
        {
            if (ClaimPolicy.IsStarving(s, now, options) || !ClaimPolicy.IsEligible(s, reviewerId)) continue;
            slice.Add(s);
            if (++others < size) continue;
            yield return slice;
            (slice, others, yielded) = ([], 0, true);
        }
        if (!yielded || others > 0) yield return slice;
    }

    /// <summary>Worth trying now: not failed or filled up since the list was made. Unknown submissions (from a deeper page) always are.</summary>
    public bool StillWorthTrying(ClaimCandidate candidate) =>
        candidate.Extra || !positions.TryGetValue(candidate.Submission.Id, out var i) || Volatile.Read(ref spent[i]) == 0;

    /// <summary>The submission as a read or a take returned it; an entry now full is spent.</summary>
    public void Learned(Submission submission)
    {
        if (!positions.TryGetValue(submission.Id, out var i)) return;
        Volatile.Write(ref latest[i], ClaimCandidates.Strip(submission));
        var full = submission.Status != SubmissionStatus.Waiting || submission.Grade is not null
            || !ClaimPolicy.IsShort(submission, ClaimPolicy.Required(assignment, submission, ReadAt));
        if (full) Spend(i);
    }

    /// <summary>A take of the entry failed: skip it until the next read.</summary>
    public void Failed(string submissionId)
    {
        if (positions.TryGetValue(submissionId, out var i)) Spend(i);
    }

    private void Spend(int i)
    {
        if (Interlocked.Exchange(ref spent[i], 1) == 0) Interlocked.Decrement(ref live);
    }
}
