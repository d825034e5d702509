using System.Collections.Concurrent;
using Amqp;
using Amqp.Framing;
using Amqp.Listener;
using Amqp.Types;

namespace Cooc.Emulators.ServiceBus;

/// <summary>
/// The sending end of a receiver's link on a queue or its dead-letter queue. Flows go to the queue, which posts
/// messages and drain completions here; they are sent in the order posted, outside the queue's lock and off the
/// connection's thread. Dispositions settle the message locked under the delivery tag.
/// </summary>
internal sealed class DeliveryEndpoint(EmulatedQueue queue, bool readsDeadLetters, ListenerLink link, DeliveryTags tags) : LinkEndpoint
{
    private const string DeadLetterCondition = "com.microsoft:dead-letter";
    private static readonly Symbol LockLostCondition = "com.microsoft:message-lock-lost";

    /// <summary>Null in the outbox stands for "complete the drain".</summary>
    private readonly ConcurrentQueue<Message?> outbox = new();
    private readonly Lock sendGate = new();

    private int unsent;

    public ReceiverCredit Credit { get; } = new();

    /// <summary>Messages posted and not handed to the AMQP library yet.</summary>
    public int Unsent => Volatile.Read(ref unsent);

    public bool ReadsDeadLetters { get; } = readsDeadLetters;

    /// <summary>True in receive-and-delete mode: deliveries go out settled and nothing stays locked.</summary>
    public bool SettlesOnSend => link.SettleOnSend;

    /// <summary>The AMQP session of the link, for tests.</summary>
    internal Session Session => link.Session;

    public void Post(Message message, Guid lockToken)
    {
        tags.Assign(message, lockToken);
        Interlocked.Increment(ref unsent);
        outbox.Enqueue(message);
    }

    public void PostDrainCompletion() => outbox.Enqueue(null);

    /// <summary>Sends what was posted, on a pool thread (never under the queue's or the connection's locks).</summary>
    public void Flush() => ThreadPool.QueueUserWorkItem(static endpoint => endpoint.SendPosted(), this, preferLocal: false);

    public override void OnFlow(FlowContext flowContext) => queue.OnFlow(this, flowContext.Messages, link.IsDraining);

    public override void OnDisposition(DispositionContext dispositionContext)
    {
        if (dispositionContext.DeliveryState is Modified { UndeliverableHere: true })
        {
            dispositionContext.Complete(new Error(ErrorCode.NotImplemented) { Description = "The emulator does not support deferring messages." });
            return;
        }
        if (ToSettlement(dispositionContext.DeliveryState) is not { } settlement) return;
        var tag = dispositionContext.Message.DeliveryTag;
        if (tag is { Length: 16 } && queue.Settle(new Guid(tag), settlement))
            dispositionContext.Complete();
        else
            dispositionContext.Complete(new Error(LockLostCondition)
            {
                Description = "The lock supplied is invalid. Either the lock expired, or the message has already been removed from the queue.",
            });
    }

    public override void OnLinkClosed(ListenerLink closed, Error error) => queue.Detach(this);

    /// <summary>
    /// What a disposition asks for. The AMQP library reports unsettled deliveries of a closing link as released: those
    /// keep their locks until they expire, as in Service Bus.
    /// </summary>
    private Settlement? ToSettlement(DeliveryState state) => state switch
    {
        Accepted => new Settlement(SettlementKind.Complete),
        Rejected { Error: { } error } when (string)error.Condition == DeadLetterCondition => new Settlement(
            SettlementKind.DeadLetter,
            error.Info?[(Symbol)MessageEncoding.DeadLetterReasonProperty] as string,
            error.Info?[(Symbol)MessageEncoding.DeadLetterDescriptionProperty] as string),
        Rejected => new Settlement(SettlementKind.DeadLetter),
        Modified => new Settlement(SettlementKind.Abandon),
        Released when link.LinkState == LinkState.Attached => new Settlement(SettlementKind.Return),
        _ => null,
    };

    private void SendPosted()
    {
        lock (sendGate)
        {
            while (outbox.TryDequeue(out var message))
            {
                try
                {
                    if (message is null) link.CompleteDrain();
                    else link.SendMessage(message);
                    SessionWindow.ReopenIfWrapped(link.Session);
                }
                catch (Exception exception) when (exception is AmqpException or ObjectDisposedException)
                {
                    // The link closed meanwhile: the message stays locked until its lock expires, then comes back.
                }
                finally
                {
                    if (message is not null) Interlocked.Decrement(ref unsent);
                }
            }
        }
    }
}
