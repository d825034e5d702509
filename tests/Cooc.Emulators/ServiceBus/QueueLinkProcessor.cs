using Amqp;
using Amqp.Framing;
using Amqp.Listener;

namespace Cooc.Emulators.ServiceBus;

/// <summary>
/// Attaches to queues: a client's sender delivers into a queue, a client's receiver takes from a queue or its
/// dead-letter queue. Anything else that no registered node ($cbs, a queue's $management) took is not found.
/// </summary>
internal sealed class QueueLinkProcessor(Func<string, EmulatedQueue?> findQueue, DeliveryTags tags) : ILinkProcessor
{
    public void Process(AttachContext attachContext)
    {
        var clientSends = attachContext.Link.Role;
        var address = clientSends
            ? (attachContext.Attach.Target as Target)?.Address
            : (attachContext.Attach.Source as Source)?.Address;
        var entity = EntityAddress.Parse(address);
        if (entity is null || entity.Management || findQueue(entity.Queue) is not { } queue)
        {
            attachContext.Complete(new Error(ErrorCode.NotFound) { Description = $"The messaging entity '{address}' could not be found." });
        }
        else if (clientSends && entity.DeadLetter)
        {
            attachContext.Complete(new Error(ErrorCode.NotAllowed) { Description = "Messages cannot be sent to a dead-letter queue." });
        }
        else if (clientSends)
        {
            attachContext.Complete(new IncomingEndpoint(queue), IncomingEndpoint.InitialCredit);
        }
        else
        {
            var receiver = new DeliveryEndpoint(queue, entity.DeadLetter, attachContext.Link, tags);
            queue.Attach(receiver);
            attachContext.Complete(receiver, 0);
        }
    }
}
