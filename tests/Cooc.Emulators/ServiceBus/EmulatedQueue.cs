using Amqp;
using Cooc.Ports;

namespace Cooc.Emulators.ServiceBus;

/// <summary>
/// One queue and its dead-letter queue, in memory and on real time: sequence numbers, duplicate detection, scheduled
/// messages, peek-locks that expire, redelivery, and dead-lettering past MaxDeliveryCount. Every change happens under
/// one lock; messages for receivers are posted to their endpoints inside it and sent once it is released.
/// </summary>
internal sealed partial class EmulatedQueue(QueueOptions options) : IDisposable
{
    private readonly Lock gate = new();
    private readonly SubQueue active = new();
    private readonly SubQueue deadLetters = new();
    private readonly Dictionary<Guid, StoredMessage> locked = [];
    private readonly DuplicateDetector duplicates = new(options.DuplicateDetectionWindow);
    private readonly HashSet<DeliveryEndpoint> toFlush = [];
    private long lastSequenceNumber;

    /// <summary>Adds a sent message; a duplicate inside the detection window is dropped.</summary>
    public void Send(IncomingMessage content) => Change(now =>
    {
        if (duplicates.TryRecord(content.MessageId, now)) Enqueue(content, now);
    });

    /// <summary>Adds a message that becomes receivable at its scheduled time; returns its sequence number.</summary>
    public long Schedule(IncomingMessage content, DateTimeOffset at) => Change(now =>
        duplicates.TryRecord(content.MessageId, now)
            ? Enqueue(content with { ScheduledEnqueueTime = at }, now).SequenceNumber
            : ++lastSequenceNumber);

    /// <summary>Removes scheduled messages that are not active yet; false when one of them was not found.</summary>
    public bool CancelScheduled(IEnumerable<long> sequenceNumbers) => Change(now =>
    {
        var allFound = true;
        foreach (var sequenceNumber in sequenceNumbers)
        {
            var message = active.Find(sequenceNumber);
            allFound &= message is not null && message.EnqueuedAt > now && active.Remove(message);
        }
        return allFound;
    });

    /// <summary>Up to count messages from a sequence number on, locked or not, encoded as a receiver would get them.</summary>
    public IReadOnlyList<byte[]> Peek(bool deadLetter, long fromSequenceNumber, int count) => Change(_ =>
        (deadLetter ? deadLetters : active).Messages
            .Where(m => m.SequenceNumber >= fromSequenceNumber)
            .Take(count)
            .Select(m => MessageEncoding.Encode(MessageEncoding.ForReceiver(m, m.DeliveryCount, m.Lock)))
            .ToList());

    public void Attach(DeliveryEndpoint receiver) => Change(_ => Of(receiver).Attach(receiver));

    public void Detach(DeliveryEndpoint receiver) => Change(_ => Of(receiver).Detach(receiver));

    /// <summary>The receivers attached to the queue (not its dead-letter queue), for tests.</summary>
    internal IReadOnlyList<DeliveryEndpoint> Receivers() => Change(_ => active.Receivers.ToList());

    /// <summary>
    /// A flow from the receiver, as the AMQP library read it (a change of delta to its credit count). A drain is
    /// answered at once, without waiting for messages, so a stopping receiver stops quickly.
    /// </summary>
    public void OnFlow(DeliveryEndpoint receiver, int delta, bool drain) => Change(_ =>
    {
        receiver.Credit.OnFlow(delta, drain, receiver.Unsent);
        if (!drain) return;
        receiver.PostDrainCompletion();
        toFlush.Add(receiver);
    });

    private StoredMessage Enqueue(IncomingMessage content, DateTimeOffset now)
    {
        var enqueuedAt = content.ScheduledEnqueueTime is { } at && at > now ? at : now;
        var message = new StoredMessage(++lastSequenceNumber, content, enqueuedAt);
        active.Add(message);
        return message;
    }

    private SubQueue Of(DeliveryEndpoint receiver) => receiver.ReadsDeadLetters ? deadLetters : active;

    private SubQueue Of(StoredMessage message) => message.DeadLetter is null ? active : deadLetters;

    /// <summary>
    /// Runs a change under the lock with the clock read once: expired locks are released first, and afterwards
    /// receivers with credit get what became receivable, the timer is set for the next deadline, and the endpoints
    /// that got something send it.
    /// </summary>
    private void Change(Action<DateTimeOffset> change) => Change(now =>
    {
        change(now);
        return true;
    });

    private T Change<T>(Func<DateTimeOffset, T> change)
    {
        T result;
        DeliveryEndpoint[] flush;
        lock (gate)
        {
            var now = DateTimeOffset.UtcNow;
            ReleaseExpiredLocks(now);
            result = change(now);
            Dispatch(active, now);
            Dispatch(deadLetters, now);
            ArmTimer(now);
            flush = [.. toFlush];
            toFlush.Clear();
        }
        foreach (var endpoint in flush) endpoint.Flush();
        return result;
    }

    private void Dispatch(SubQueue subQueue, DateTimeOffset now)
    {
        while (subQueue.NextReceiverWithCredit() is { } receiver && subQueue.FirstReceivable(now) is { } message)
        {
            receiver.Credit.Use();
            message.DeliveryCount++;
            var lockToken = Guid.NewGuid();
            if (receiver.SettlesOnSend)
            {
                subQueue.Remove(message);
            }
            else
            {
                message.Lock = new MessageLock(lockToken, now + options.LockDuration);
                locked.Add(lockToken, message);
            }
            receiver.Post(MessageEncoding.ForReceiver(message, message.DeliveryCount - 1, message.Lock), lockToken);
            toFlush.Add(receiver);
        }
    }
}
