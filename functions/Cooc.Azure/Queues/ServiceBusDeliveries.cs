using System.Collections.Concurrent;
using Azure.Messaging.ServiceBus;
using Cooc.Ports;

namespace Cooc.Azure.Queues;

/// <summary>How one delivery is settled: through the receiver that received it, or through its processor's event args.</summary>
internal interface IDeliverySettlement
{
    DateTimeOffset LockedUntil { get; }
    Task CompleteAsync(CancellationToken ct);
    Task AbandonAsync(CancellationToken ct);
    Task DeadLetterAsync(string reason, string? description, CancellationToken ct);
    Task<DateTimeOffset> RenewLockAsync(CancellationToken ct);
}

internal sealed class ReceiverSettlement(ServiceBusReceiver receiver, ServiceBusReceivedMessage message) : IDeliverySettlement
{
    public DateTimeOffset LockedUntil => message.LockedUntil;
    public Task CompleteAsync(CancellationToken ct) => receiver.CompleteMessageAsync(message, ct);
    public Task AbandonAsync(CancellationToken ct) => receiver.AbandonMessageAsync(message, cancellationToken: ct);
    public Task DeadLetterAsync(string reason, string? description, CancellationToken ct) =>
        receiver.DeadLetterMessageAsync(message, reason, description, ct);
    public async Task<DateTimeOffset> RenewLockAsync(CancellationToken ct)
    {
        await receiver.RenewMessageLockAsync(message, ct);
        return message.LockedUntil;
    }
}

internal sealed class ProcessorSettlement(ProcessMessageEventArgs args) : IDeliverySettlement
{
    public DateTimeOffset LockedUntil => args.Message.LockedUntil;
    public Task CompleteAsync(CancellationToken ct) => args.CompleteMessageAsync(args.Message, ct);
    public Task AbandonAsync(CancellationToken ct) => args.AbandonMessageAsync(args.Message, cancellationToken: ct);
    public Task DeadLetterAsync(string reason, string? description, CancellationToken ct) =>
        args.DeadLetterMessageAsync(args.Message, reason, description, ct);
    public async Task<DateTimeOffset> RenewLockAsync(CancellationToken ct)
    {
        await args.RenewMessageLockAsync(args.Message, ct);
        return args.Message.LockedUntil;
    }
}

/// <summary>
/// The deliveries this process holds a lock on, by lock token: the port settles a <see cref="ReceivedMessage"/>, and
/// Service Bus settles through the link that delivered it. Settled deliveries leave at once, lapsed ones on the next sweep.
/// </summary>
internal sealed class ServiceBusDeliveries(TimeProvider time)
{
    private static readonly TimeSpan KeepAfterLapse = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, IDeliverySettlement> _held = new();

    public ReceivedMessage Hold(string queue, ServiceBusReceivedMessage message, IDeliverySettlement settlement)
    {
        _held[message.LockToken] = settlement;
        return new ReceivedMessage(queue, message.MessageId, message.Body.ToString(), message.Subject, message.DeliveryCount,
            message.LockToken, message.LockedUntil, message.EnqueuedTime, message.SequenceNumber);
    }

    public void Release(string lockToken) => _held.TryRemove(lockToken, out _);

    /// <summary>Forgets deliveries whose lock lapsed a while ago (Service Bus has given them to someone else).</summary>
    public void Sweep()
    {
        var cutoff = time.GetUtcNow() - KeepAfterLapse;
        foreach (var (token, settlement) in _held)
            if (settlement.LockedUntil < cutoff) _held.TryRemove(token, out _);
    }

    /// <summary>Runs a settlement; an unknown token or a lost lock is <see cref="MessageLockLostException"/>.</summary>
    public async Task<T> SettleAsync<T>(ReceivedMessage message, bool final, Func<IDeliverySettlement, Task<T>> settle)
    {
        if (!_held.TryGetValue(message.LockToken, out var settlement))
            throw new MessageLockLostException(message.MessageId);
        try
        {
            var result = await settle(settlement);
            if (final) Release(message.LockToken);
            return result;
        }
        catch (ServiceBusException e) when (e.Reason is ServiceBusFailureReason.MessageLockLost)
        {
            Release(message.LockToken);
            throw new MessageLockLostException(message.MessageId);
        }
    }
}
