using System.Collections.Concurrent;
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
    private readonly IReadOnlyList<Submission> read;
    private readonly ConcurrentDictionary<string, Submission> current;
    private readonly ConcurrentDictionary<string, bool> spent = new(StringComparer.Ordinal);
    private int live;

    public ClaimSnapshot(Assignment assignment, IReadOnlyList<Submission> read, string? continuation, DateTimeOffset readAt)
    {
        (this.assignment, this.read, Continuation, ReadAt) = (assignment, read, continuation, readAt);
        current = new(read.Select(s => KeyValuePair.Create(s.Id, s)), StringComparer.Ordinal);
        live = read.Count;
    }

    public string? Continuation { get; }
    public DateTimeOffset ReadAt { get; }
    public int Count => read.Count;

    /// <summary>Entries neither failed nor known to be full since the read (approximate under concurrency, never negative).</summary>
    public int Live => Math.Max(0, Volatile.Read(ref live));

    /// <summary>The entries not known to have failed or filled up, in their latest known state, oldest first.</summary>
    public IEnumerable<Submission> Entries => read.Where(s => !spent.ContainsKey(s.Id)).Select(s => current[s.Id]);

    /// <summary>
    /// The entries the reviewer may take (<see cref="ClaimPolicy.IsEligible"/>) in slices of about size, for
    /// <see cref="ClaimPolicy.Candidates"/> to order one at a time instead of all on every claim: the first slice holds
    /// every starving entry, and the rest keep the list's order (oldest, then id: the policy's order after starving),
    /// so the policy's order over the slices in turn is its order over all.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<Submission>> ForReviewer(string reviewerId, DateTimeOffset now, ClaimOptions options, int size)
    {
        var eligible = Entries.Where(s => ClaimPolicy.IsEligible(s, reviewerId)).ToList();
        var starving = eligible.Where(s => ClaimPolicy.IsStarving(s, now, options)).ToList();
        var slices = eligible.Where(s => !ClaimPolicy.IsStarving(s, now, options)).Chunk(size).ToList<IReadOnlyList<Submission>>();
        if (slices.Count == 0) slices.Add([]);
        slices[0] = [.. starving, .. slices[0]];
        return slices;
    }

    /// <summary>Worth trying now: not failed or filled up since the list was made. Unknown submissions (from a deeper page) always are.</summary>
    public bool StillWorthTrying(ClaimCandidate candidate) => candidate.Extra || !spent.ContainsKey(candidate.Submission.Id);

    /// <summary>The submission as a read or a take returned it; an entry now full is spent.</summary>
    public void Learned(Submission latest)
    {
        if (!current.ContainsKey(latest.Id)) return;
        current[latest.Id] = ClaimCandidates.Strip(latest);
        var full = latest.Status != SubmissionStatus.Waiting || latest.Grade is not null
            || !ClaimPolicy.IsShort(latest, ClaimPolicy.Required(assignment, latest, ReadAt));
        if (full) Spend(latest.Id);
    }

    /// <summary>A take of the entry failed: skip it until the next read.</summary>
    public void Failed(string submissionId)
    {
        if (current.ContainsKey(submissionId)) Spend(submissionId);
    }

    private void Spend(string submissionId)
    {
        if (spent.TryAdd(submissionId, true)) Interlocked.Decrement(ref live);
    }
}
