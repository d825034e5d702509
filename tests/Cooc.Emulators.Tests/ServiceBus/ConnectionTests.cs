using Azure.Messaging.ServiceBus;

namespace Cooc.Emulators.Tests.ServiceBus;

public sealed class ConnectionTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    /// <summary>The client closes a connection on which nothing arrived this long (60 s by default).</summary>
    private static readonly TimeSpan ClientIdleTimeout = TimeSpan.FromSeconds(4);

    [Fact]
    public async Task Idle_connection_outlives_the_client_idle_timeout_thanks_to_heartbeats()
    {
        var queue = fixture.CreateQueue();
        await using var client = new ServiceBusClient(fixture.Emulator.ConnectionString, new ServiceBusClientOptions { ConnectionIdleTimeout = ClientIdleTimeout });
        await using var sender = client.CreateSender(queue);
        await using var receiver = client.CreateReceiver(queue);
        await sender.SendMessageAsync(new ServiceBusMessage("before") { MessageId = "before" });
        var before = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5));
        var connections = fixture.Emulator.ConnectionsAccepted;

        await Task.Delay(ClientIdleTimeout * 2.5);
        await receiver.CompleteMessageAsync(before);
        await sender.SendMessageAsync(new ServiceBusMessage("after") { MessageId = "after" });
        var after = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(("before", "after"), (before?.MessageId, after?.MessageId));
        Assert.Equal(connections, fixture.Emulator.ConnectionsAccepted);
    }
}
