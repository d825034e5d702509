using Amqp;
using Amqp.Framing;
using Amqp.Listener;
using Amqp.Sasl;
using Amqp.Types;

namespace Cooc.Emulators.ServiceBus;

/// <summary>
/// SASL MSSBCBS, the only mechanism the Service Bus client offers to the development emulator: authorization comes
/// later as a CBS token, so the handshake simply succeeds.
/// </summary>
internal sealed class CbsSaslProfile() : SaslProfile(Name)
{
    public const string Name = "MSSBCBS";

    protected override ITransport UpgradeTransport(ITransport transport) => transport;

    /// <summary>Only a client opens a SASL exchange; the listener answers the client's init.</summary>
    protected override DescribedList GetStartCommand(string hostname) => throw new NotSupportedException();

    protected override DescribedList OnCommand(DescribedList command) => new SaslOutcome { Code = SaslCode.Ok };
}

/// <summary>The $cbs node: every put-token request is accepted (the emulator checks no credentials).</summary>
internal sealed class CbsRequestProcessor : IRequestProcessor
{
    public const string Address = "$cbs";

    public int Credit => 100;

    public void Process(RequestContext requestContext)
    {
        var properties = new ApplicationProperties();
        properties["status-code"] = 202;
        properties["status-description"] = "Accepted";
        requestContext.Complete(new Message { ApplicationProperties = properties });
    }
}
