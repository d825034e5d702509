using Azure.Messaging.ServiceBus;
using Cooc.Emulators.ServiceBus;

namespace Cooc.Emulators.Tests.ServiceBus;

/// <summary>
/// AMQPNetLite can wrap a session's outgoing window to zero when the client's flow races a transfer being written (see
/// SessionWindow). The race needs a loaded machine to show, so this test puts the session in the state it leaves.
/// </summary>
public sealed class SessionWindowTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Glance = TimeSpan.FromMilliseconds(300);

    [Fact]
    public async Task Message_reaches_a_waiting_receiver_whose_session_window_wrapped_to_zero()
    {
        var queue = fixture.CreateQueue();
        await using var sender = fixture.Client.CreateSender(queue);
        await using var receiver = fixture.Client.CreateReceiver(queue);
        // An empty receive leaves the client's credit of one on the link, so the next receive sends no flow that would
        // reopen the window by itself.
        Assert.Null(await receiver.ReceiveMessageAsync(Glance));
        SessionWindow.Wrap(Assert.Single(fixture.Emulator.ReceiversOf(queue)).Session);

        var receiving = receiver.ReceiveMessageAsync(Wait);
        await Task.Delay(Glance);
        await sender.SendMessageAsync(new ServiceBusMessage("after the wrap") { MessageId = "m1" });

        Assert.Equal("after the wrap", (await receiving)?.Body.ToString());
    }
}
