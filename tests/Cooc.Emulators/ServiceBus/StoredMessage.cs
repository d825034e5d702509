namespace Cooc.Emulators.ServiceBus;

/// <summary>A message as a sender sent it: its AMQP encoding and what the broker reads from it.</summary>
internal sealed record IncomingMessage(byte[] Encoded, string? MessageId, DateTimeOffset? ScheduledEnqueueTime);

/// <summary>The peek-lock a receiver holds on a message: the lock token is the delivery tag it got.</summary>
internal sealed record MessageLock(Guid Token, DateTimeOffset Until);

/// <summary>Why a message is in the dead-letter queue.</summary>
internal sealed record DeadLetterReason(string? Reason, string? Description)
{
    public const string MaxDeliveryCountExceeded = "MaxDeliveryCountExceeded";
}

/// <summary>
/// A message in a queue or in its dead-letter queue. It keeps its sequence number for life; DeliveryCount counts the
/// times it was handed to a receiver. Mutable state, guarded by the owning queue's lock.
/// </summary>
internal sealed class StoredMessage(long sequenceNumber, IncomingMessage content, DateTimeOffset enqueuedAt)
{
    public long SequenceNumber { get; } = sequenceNumber;

    public IncomingMessage Content { get; } = content;

    /// <summary>When the message became (or becomes, if scheduled) active and receivable.</summary>
    public DateTimeOffset EnqueuedAt { get; } = enqueuedAt;

    public int DeliveryCount { get; set; }

    public MessageLock? Lock { get; set; }

    /// <summary>Set once the message moved to the dead-letter queue.</summary>
    public DeadLetterReason? DeadLetter { get; set; }

    public bool IsReceivable(DateTimeOffset now) => Lock is null && EnqueuedAt <= now;
}
