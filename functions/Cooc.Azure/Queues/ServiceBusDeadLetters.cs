using Azure.Messaging.ServiceBus;
using Cooc.Ports;

namespace Cooc.Azure.Queues;

/// <summary>
/// A queue's dead-letter sub-queue. Peeking reads from the first sequence number each time (a receiver's peek cursor
/// would otherwise carry on where the last peek stopped). Taking one dead letter by sequence number receives the
/// sub-queue in peek-lock until it is found, completes it (after resending a copy when replaying) and abandons the rest.
/// </summary>
internal sealed class ServiceBusDeadLetters(ServiceBusClient client, string queue, int searchLimit)
{
    private static readonly TimeSpan ReceiveWait = TimeSpan.FromSeconds(1);

    public async Task<IReadOnlyList<DeadLetteredMessage>> PeekAsync(int maxMessages, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessages, 1);
        await using var receiver = Open();
        var found = new List<DeadLetteredMessage>();
        long next = 1; // sequence numbers start at 1
        while (found.Count < maxMessages)
        {
            var page = await receiver.PeekMessagesAsync(maxMessages - found.Count, next, ct);
            if (page.Count == 0) break;
            found.AddRange(page.Select(m => new DeadLetteredMessage(queue, m.MessageId, m.Body.ToString(), m.Subject, m.DeliveryCount,
                m.DeadLetterReason ?? "", m.DeadLetterErrorDescription, m.EnqueuedTime, m.SequenceNumber)));
            next = page[^1].SequenceNumber + 1;
        }
        return found;
    }

    /// <summary>Removes the dead letter with this sequence number, first sending a copy to resendTo when given.</summary>
    public async Task<bool> TakeAsync(long sequenceNumber, ServiceBusSender? resendTo, CancellationToken ct)
    {
        await using var receiver = Open();
        var skipped = new List<ServiceBusReceivedMessage>();
        try
        {
            while (skipped.Count < searchLimit)
            {
                var batch = await receiver.ReceiveMessagesAsync(Math.Min(100, searchLimit - skipped.Count), ReceiveWait, ct);
                if (batch.Count == 0) return false;
                foreach (var message in batch)
                {
                    if (message.SequenceNumber != sequenceNumber)
                    {
                        skipped.Add(message);
                        continue;
                    }
                    if (resendTo is not null) await resendTo.SendMessageAsync(Copy(message), ct);
                    await receiver.CompleteMessageAsync(message, ct);
                    skipped.AddRange(batch.SkipWhile(m => m != message).Skip(1));
                    return true;
                }
            }
            return false;
        }
        finally
        {
            foreach (var message in skipped) await receiver.AbandonMessageAsync(message, cancellationToken: CancellationToken.None);
        }
    }

    /// <summary>
    /// The replayed message gets a new MessageId: Service Bus would drop the original id as a duplicate inside the
    /// detection window. The id still names the original so logs connect the two.
    /// </summary>
    private static ServiceBusMessage Copy(ServiceBusReceivedMessage dead) => new(dead.Body)
    {
        MessageId = $"{dead.MessageId}:replay:{dead.SequenceNumber}",
        Subject = dead.Subject,
        ContentType = dead.ContentType,
    };

    private ServiceBusReceiver Open() =>
        client.CreateReceiver(queue, new ServiceBusReceiverOptions { SubQueue = SubQueue.DeadLetter, ReceiveMode = ServiceBusReceiveMode.PeekLock });
}
