using Amqp.Listener;

namespace Cooc.Emulators.ServiceBus;

/// <summary>The receiving end of a sender's link on a queue: each message, or each message of a batch, is enqueued and accepted.</summary>
internal sealed class IncomingEndpoint(EmulatedQueue queue) : LinkEndpoint
{
    /// <summary>Credit granted to senders; the AMQP library restores it as messages are accepted.</summary>
    public const int InitialCredit = 100;

    public override void OnMessage(MessageContext messageContext)
    {
        foreach (var message in MessageEncoding.Unpack(messageContext.Message)) queue.Send(message);
        messageContext.Complete();
    }

    public override void OnFlow(FlowContext flowContext)
    {
    }

    public override void OnDisposition(DispositionContext dispositionContext)
    {
    }
}
