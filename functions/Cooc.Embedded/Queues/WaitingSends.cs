using Cooc.Ports;

namespace Cooc.Embedded.Queues;

/// <summary>A send waiting to be written; its task says whether it was (false: dropped as a duplicate).</summary>
internal sealed class WaitingSend(string queue, OutgoingMessage message, QueueOptions options)
{
    public string Queue => queue;
    public OutgoingMessage Message => message;
    public QueueOptions Options => options;
    public TaskCompletionSource<bool> Written { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>
/// Group commit for sends: a send joins this list and waits for its task; one flush at a time takes the queue's gate
/// and writes every send waiting then in one transaction (<see cref="Enqueueing.SendAll"/>), again while more
/// arrived meanwhile. Senders never queue on the gate themselves: resumed one by one on a busy thread pool, 64
/// concurrent senders each waited about a millisecond per turn there, which made the lease-expiry message a
/// quarter of a peer-review claim's time in the standalone app.
/// </summary>
internal sealed class WaitingSends
{
    private readonly Lock gate = new();
    private List<WaitingSend> waiting = [];
    private bool flushing;

    /// <summary>Adds the send; true when no flush is running, so the caller must start one.</summary>
    public bool Add(WaitingSend send)
    {
        lock (gate)
        {
            waiting.Add(send);
            if (flushing) return false;
            return flushing = true;
        }
    }

    /// <summary>Takes the send back unless a flush already took it (then its task tells what became of it).</summary>
    public bool Withdraw(WaitingSend send)
    {
        lock (gate) return waiting.Remove(send);
    }

    /// <summary>Every send waiting now.</summary>
    public List<WaitingSend> TakeAll()
    {
        lock (gate)
        {
            var all = waiting;
            waiting = [];
            return all;
        }
    }

    /// <summary>Ends the running flush when nothing waits (true); false when sends arrived meanwhile and it must go on.</summary>
    public bool EndFlushIfEmpty()
    {
        lock (gate)
        {
            if (waiting.Count > 0) return false;
            flushing = false;
            return true;
        }
    }
}
