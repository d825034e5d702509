namespace Cooc.Ports;

/// <summary>Queue names (ARCHITECTURE section 3).</summary>
public static class Queues
{
    public const string VideoIngest = "video-ingest";
    public const string Grading = "grading";
    public const string Certificates = "certificates";
    public const string Enrollment = "enrollment";
    public const string Catalog = "catalog";

    public static readonly IReadOnlyList<string> All = [VideoIngest, Grading, Certificates, Enrollment, Catalog];
}

/// <summary>
/// A message to send. MessageId is the duplicate-detection key: a second send with the same id inside the
/// duplicate-detection window is dropped. Body is JSON text. ScheduledFor delays delivery.
/// </summary>
public sealed record OutgoingMessage(string MessageId, string Body, DateTimeOffset? ScheduledFor = null, string? Subject = null);

/// <summary>
/// A peek-locked message. LockToken identifies this delivery; DeliveryCount starts at 1 and grows on every
/// redelivery (abandon or lock expiry), as in Service Bus.
/// </summary>
public sealed record ReceivedMessage(
    string Queue,
    string MessageId,
    string Body,
    string? Subject,
    int DeliveryCount,
    string LockToken,
    DateTimeOffset LockedUntil,
    DateTimeOffset EnqueuedAt,
    long SequenceNumber);

public sealed record DeadLetteredMessage(
    string Queue,
    string MessageId,
    string Body,
    string? Subject,
    int DeliveryCount,
    string Reason,
    string? Description,
    DateTimeOffset EnqueuedAt,
    long SequenceNumber);

/// <summary>Per-queue behaviour, matching Service Bus queue properties.</summary>
public sealed record QueueOptions
{
    public TimeSpan LockDuration { get; init; } = TimeSpan.FromSeconds(60);
    public int MaxDeliveryCount { get; init; } = 10;
    public TimeSpan DuplicateDetectionWindow { get; init; } = TimeSpan.FromMinutes(10);
}

/// <summary>How <see cref="IMessageQueue.ProcessAsync"/> pumps a queue's messages to a handler.</summary>
public sealed record ProcessorOptions
{
    /// <summary>At most this many messages are handled at the same time.</summary>
    public int MaxConcurrentMessages { get; init; } = 16;

    /// <summary>A message's lock is kept renewed while its handler runs, for at most this long.</summary>
    public TimeSpan MaxLockRenewal { get; init; } = TimeSpan.FromHours(4); // packaging a long lecture takes a while
}

/// <summary>The lock is gone: it expired, or the message was settled already.</summary>
public sealed class MessageLockLostException(string messageId)
    : Exception($"The lock on message '{messageId}' was lost.");

/// <summary>
/// The queues port: send with duplicate detection and scheduling; receive in peek-lock mode and settle.
/// A message stays in the queue until it is completed or dead-lettered; an abandoned message or one whose lock
/// expires is delivered again, and past MaxDeliveryCount it is dead-lettered with reason "MaxDeliveryCountExceeded".
/// </summary>
public interface IMessageQueue
{
    Task SendAsync(string queue, OutgoingMessage message, CancellationToken ct = default);

    /// <summary>Up to maxMessages locked messages; waits up to maxWait for the first one, then returns what it has (maybe none).</summary>
    Task<IReadOnlyList<ReceivedMessage>> ReceiveAsync(string queue, int maxMessages, TimeSpan maxWait, CancellationToken ct = default);

    /// <exception cref="MessageLockLostException"/>
    Task CompleteAsync(ReceivedMessage message, CancellationToken ct = default);

    /// <summary>Releases the lock so the message is delivered again (or dead-lettered past MaxDeliveryCount).</summary>
    /// <exception cref="MessageLockLostException"/>
    Task AbandonAsync(ReceivedMessage message, CancellationToken ct = default);

    /// <exception cref="MessageLockLostException"/>
    Task DeadLetterAsync(ReceivedMessage message, string reason, string? description = null, CancellationToken ct = default);

    /// <summary>Extends the lock by the queue's lock duration; returns the new locked-until time.</summary>
    /// <exception cref="MessageLockLostException"/>
    Task<DateTimeOffset> RenewLockAsync(ReceivedMessage message, CancellationToken ct = default);

    /// <summary>
    /// Delivers the queue's messages to handle, at most MaxConcurrentMessages at a time, keeping each lock renewed while
    /// handle runs, until ct is cancelled; then waits for running handlers and returns. handle settles each message through
    /// this port (complete, abandon, dead-letter); one it leaves unsettled comes back when its lock lapses. Failures to
    /// receive go to onError and the pump carries on.
    /// </summary>
    Task ProcessAsync(string queue, ProcessorOptions options, Func<ReceivedMessage, CancellationToken, Task> handle,
        Func<Exception, Task> onError, CancellationToken ct);

    Task<IReadOnlyList<DeadLetteredMessage>> PeekDeadLettersAsync(string queue, int maxMessages, CancellationToken ct = default);

    /// <summary>
    /// Sends a copy of a dead letter (found by the sequence number PeekDeadLettersAsync reported) back into its queue
    /// with a fresh delivery count, and removes the dead letter. False when there is no such dead letter.
    /// </summary>
    Task<bool> ReplayDeadLetterAsync(string queue, long sequenceNumber, CancellationToken ct = default);

    /// <summary>Deletes a dead letter for good. False when there is no such dead letter.</summary>
    Task<bool> RemoveDeadLetterAsync(string queue, long sequenceNumber, CancellationToken ct = default);
}
