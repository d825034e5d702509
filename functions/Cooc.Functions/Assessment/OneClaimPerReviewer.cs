using System.Collections.Concurrent;
using Cooc.Common;

namespace Cooc.Functions.Assessment;

/// <summary>
/// One reviewer's claims of one assignment that run at once in this instance (a double click, a client retrying
/// before its first answer) share the first one's answer. Run apart, each would take a place of its own, so the
/// reviewer would hold two leases (one of them kept from others until it expires) and could be listed twice among a
/// submission's reviewers. When the first fails or its caller leaves, the others claim for themselves. Claims sent to
/// two instances at once can still both take a place; the lease ids still keep anyone from reviewing a submission twice.
/// </summary>
public sealed class OneClaimPerReviewer
{
    private readonly ConcurrentDictionary<(string AssignmentId, string ReviewerId), Task<Outcome<ClaimResult?>>> running = new();

    public async Task<Outcome<ClaimResult?>> RunAsync(string assignmentId, string reviewerId, Func<Task<Outcome<ClaimResult?>>> claim, CancellationToken ct)
    {
        var key = (assignmentId, reviewerId);
        if (running.TryGetValue(key, out var first)) return await FollowAsync(first, claim, ct);
        var mine = new TaskCompletionSource<Outcome<ClaimResult?>>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!running.TryAdd(key, mine.Task)) return await RunAsync(assignmentId, reviewerId, claim, ct);
        try
        {
            var outcome = await claim();
            mine.SetResult(outcome);
            return outcome;
        }
        catch (Exception e)
        {
            mine.SetException(e);
            _ = mine.Task.Exception; // observed: followers claim for themselves
            throw;
        }
        finally
        {
            running.TryRemove(KeyValuePair.Create(key, mine.Task));
        }
    }

    private static async Task<Outcome<ClaimResult?>> FollowAsync(Task<Outcome<ClaimResult?>> first, Func<Task<Outcome<ClaimResult?>>> claim, CancellationToken ct)
    {
        try
        {
            return await first.WaitAsync(ct);
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            return await claim();
        }
    }
}
