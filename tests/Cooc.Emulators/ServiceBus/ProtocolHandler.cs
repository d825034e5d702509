using Amqp.Framing;
using Amqp.Handler;

namespace Cooc.Emulators.ServiceBus;

/// <summary>
/// Protocol hooks on every connection. Outgoing deliveries get their lock token as tag. Every attach the emulator
/// sends carries a max-message-size (without one the client takes the limit as zero and refuses every send). The
/// client's idle-time-out is read as half its value: the AMQP library sends a heartbeat only after a whole remote
/// idle-time-out of silence, and half leaves a margin before the client gives up on a quiet connection.
/// </summary>
internal sealed class ProtocolHandler(DeliveryTags tags) : IHandler
{
    /// <summary>256 KB, the Standard tier's limit.</summary>
    public const ulong MaxMessageSize = 256 * 1024;

    public bool CanHandle(EventId id) => id is EventId.SendDelivery or EventId.LinkLocalOpen or EventId.ConnectionRemoteOpen;

    public void Handle(Event protocolEvent)
    {
        switch (protocolEvent.Context)
        {
            case IDelivery { Message: { } message } delivery when tags.Find(message) is { } tag:
                delivery.Tag = tag;
                break;
            case Attach attach:
                attach.MaxMessageSize = MaxMessageSize;
                break;
            case Open { IdleTimeOut: > 0 and < uint.MaxValue } open:
                open.IdleTimeOut /= 2;
                break;
        }
    }
}
