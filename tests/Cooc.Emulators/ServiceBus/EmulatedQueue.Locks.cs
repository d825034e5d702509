namespace Cooc.Emulators.ServiceBus;

/// <summary>
/// How a receiver settles a locked message. Return is what the client does with a message that arrives when no receive
/// call waits for it (it releases it unseen), so that delivery does not count.
/// </summary>
internal enum SettlementKind { Complete, Abandon, DeadLetter, Return }

internal sealed record Settlement(SettlementKind Kind, string? Reason = null, string? Description = null);

internal sealed partial class EmulatedQueue
{
    private Timer? timer;
    private bool disposed;

    public void Dispose()
    {
        lock (gate)
        {
            disposed = true;
            timer?.Dispose();
        }
    }

    /// <summary>
    /// Settles the message locked with the token: complete removes it, abandon releases it for redelivery (or dead-letters
    /// it past MaxDeliveryCount), dead-letter moves it to the dead-letter queue (a dead letter is only released),
    /// return releases it as if it had not been delivered. False when the lock is unknown or expired.
    /// </summary>
    public bool Settle(Guid lockToken, Settlement settlement) => Change(now =>
    {
        if (!locked.Remove(lockToken, out var message)) return false;
        message.Lock = null;
        switch (settlement.Kind)
        {
            case SettlementKind.Complete:
                Of(message).Remove(message);
                break;
            case SettlementKind.DeadLetter when message.DeadLetter is null:
                MoveToDeadLetters(message, new DeadLetterReason(settlement.Reason, settlement.Description));
                break;
            case SettlementKind.Return:
                message.DeliveryCount--;
                break;
            default:
                Release(message);
                break;
        }
        return true;
    });

    /// <summary>Extends each lock by the lock duration; null when one of them is unknown or expired.</summary>
    public IReadOnlyList<DateTimeOffset>? RenewLocks(IReadOnlyList<Guid> lockTokens) => Change(now =>
    {
        if (!lockTokens.All(locked.ContainsKey)) return null;
        return lockTokens.Select(token =>
        {
            var message = locked[token];
            message.Lock = message.Lock! with { Until = now + options.LockDuration };
            return message.Lock.Until;
        }).ToList();
    });

    private void ReleaseExpiredLocks(DateTimeOffset now)
    {
        var expired = locked.Where(pair => pair.Value.Lock!.Until <= now).ToList();
        foreach (var (token, message) in expired)
        {
            locked.Remove(token);
            message.Lock = null;
            Release(message);
        }
    }

    /// <summary>Makes an unlocked message receivable again, unless it has used up its deliveries in the queue.</summary>
    private void Release(StoredMessage message)
    {
        if (message.DeadLetter is null && message.DeliveryCount >= options.MaxDeliveryCount)
            MoveToDeadLetters(message, new DeadLetterReason(
                DeadLetterReason.MaxDeliveryCountExceeded,
                $"Message could not be consumed after {options.MaxDeliveryCount} delivery attempts."));
    }

    private void MoveToDeadLetters(StoredMessage message, DeadLetterReason reason)
    {
        active.Remove(message);
        message.DeadLetter = reason;
        deadLetters.Add(message);
    }

    /// <summary>A timer waits at most 2^32 - 2 ms (49.7 days): a later deadline is reached through daily wake-ups.</summary>
    private static readonly TimeSpan LongestWait = TimeSpan.FromDays(1);

    /// <summary>Wakes the queue at the next lock expiry or scheduled enqueue time, whichever comes first (at most a day from now).</summary>
    private void ArmTimer(DateTimeOffset now)
    {
        var deadlines = locked.Values.Select(m => m.Lock!.Until)
            .Concat(active.Messages.Where(m => m.EnqueuedAt > now).Select(m => m.EnqueuedAt));
        var next = deadlines.DefaultIfEmpty(DateTimeOffset.MaxValue).Min();
        var due = next == DateTimeOffset.MaxValue ? Timeout.InfiniteTimeSpan
            : TimeSpan.FromMilliseconds(Math.Ceiling(Math.Min((next - now).TotalMilliseconds, LongestWait.TotalMilliseconds)));
        if (disposed) return;
        timer ??= new Timer(_ => Change(_ => { }));
        timer.Change(due, Timeout.InfiniteTimeSpan);
    }
}
