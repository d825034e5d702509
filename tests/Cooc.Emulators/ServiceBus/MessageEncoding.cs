using Amqp;
using Amqp.Framing;
using Amqp.Types;

namespace Cooc.Emulators.ServiceBus;

/// <summary>
/// Reads sent messages (single or batched) and writes them the way Service Bus hands them out: the message as sent,
/// with header.delivery-count and the broker's annotations (sequence number, enqueued time, locked-until), and the
/// dead-letter reason and description as application properties.
/// </summary>
internal static class MessageEncoding
{
    /// <summary>The message format of a batch: one encoded message per Data section.</summary>
    public const uint BatchFormat = 0x80013700;

    public const string DeadLetterReasonProperty = "DeadLetterReason";
    public const string DeadLetterDescriptionProperty = "DeadLetterErrorDescription";

    private static readonly Symbol SequenceNumber = "x-opt-sequence-number";
    private static readonly Symbol EnqueuedTime = "x-opt-enqueued-time";
    private static readonly Symbol LockedUntil = "x-opt-locked-until";
    private static readonly Symbol ScheduledEnqueueTime = "x-opt-scheduled-enqueue-time";

    /// <summary>The messages a transfer carries: itself, or each message of a batch.</summary>
    public static IReadOnlyList<IncomingMessage> Unpack(Message message) =>
        message.Format == BatchFormat
            ? DataSections(message).Select(bytes => Read(Decode(bytes), bytes)).ToList()
            : [Read(message, Encode(message))];

    /// <summary>A scheduled message as the schedule-message operation carries it: encoded in a binary.</summary>
    public static IncomingMessage Unpack(byte[] encoded) => Read(Decode(encoded), encoded);

    /// <summary>The message for a receiver or a peek; headerDeliveryCount is what header.delivery-count says.</summary>
    public static Message ForReceiver(StoredMessage stored, int headerDeliveryCount, MessageLock? messageLock)
    {
        var message = Decode(stored.Content.Encoded);
        message.Header ??= new Header();
        message.Header.DeliveryCount = (uint)headerDeliveryCount;
        message.MessageAnnotations ??= new MessageAnnotations();
        message.MessageAnnotations[SequenceNumber] = stored.SequenceNumber;
        message.MessageAnnotations[EnqueuedTime] = stored.EnqueuedAt.UtcDateTime;
        if (messageLock is not null) message.MessageAnnotations[LockedUntil] = messageLock.Until.UtcDateTime;
        if (stored.DeadLetter is { } deadLetter)
        {
            message.ApplicationProperties ??= new ApplicationProperties();
            if (deadLetter.Reason is not null) message.ApplicationProperties[DeadLetterReasonProperty] = deadLetter.Reason;
            if (deadLetter.Description is not null) message.ApplicationProperties[DeadLetterDescriptionProperty] = deadLetter.Description;
        }
        return message;
    }

    public static byte[] Encode(Message message)
    {
        var buffer = message.Encode();
        return buffer.Buffer.AsSpan(buffer.Offset, buffer.Length).ToArray();
    }

    private static Message Decode(byte[] encoded) => Message.Decode(new ByteBuffer(encoded, 0, encoded.Length, encoded.Length));

    private static IncomingMessage Read(Message message, byte[] encoded)
    {
        var scheduled = message.MessageAnnotations?[ScheduledEnqueueTime] is DateTime at
            ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc))
            : (DateTimeOffset?)null;
        return new IncomingMessage(encoded, message.Properties?.MessageId?.ToString(), scheduled);
    }

    private static IEnumerable<byte[]> DataSections(Message batch) => batch.BodySection switch
    {
        Data data => [data.Binary],
        DataList list => Enumerable.Range(0, list.Count).Select(i => list[i].Binary),
        _ => [],
    };
}
