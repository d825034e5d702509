using System.Collections.Concurrent;

namespace Cooc.Embedded.Queues;

/// <summary>
/// In-process wake-ups per queue: a receiver takes the next pulse before it looks at the queue, and a send completes
/// it after its commit, so a message sent while the receiver waits is picked up at once rather than at the next poll.
/// </summary>
internal sealed class QueueSignals
{
    private readonly ConcurrentDictionary<string, Signal> _signals = new(StringComparer.Ordinal);

    public Task NextPulse(string queue) => _signals.GetOrAdd(queue, _ => new Signal()).Next;

    public void Pulse(string queue)
    {
        if (_signals.TryGetValue(queue, out var signal))
            signal.Pulse();
    }

    private sealed class Signal
    {
        private TaskCompletionSource _next = NewPulse();

        public Task Next => Volatile.Read(ref _next).Task;

        public void Pulse() => Interlocked.Exchange(ref _next, NewPulse()).TrySetResult();

        // Continuations run off the sender's thread, so a send never runs a receiver's work inline.
        private static TaskCompletionSource NewPulse() => new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
