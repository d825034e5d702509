using Azure.Messaging.ServiceBus;
using Cooc.Ports;

namespace Cooc.Emulators.Tests.ServiceBus;

public sealed class SendReceiveTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Glance = TimeSpan.FromMilliseconds(300);

    [Fact]
    public async Task Sent_message_is_received_with_its_properties_and_completed()
    {
        var queue = fixture.CreateQueue();
        await using var sender = fixture.Client.CreateSender(queue);
        await using var receiver = fixture.Client.CreateReceiver(queue);
        var sent = new ServiceBusMessage("{\"n\":1}") { MessageId = "m1", Subject = "greeting" };
        sent.ApplicationProperties["tenant"] = "acme";

        await sender.SendMessageAsync(sent);
        var received = await receiver.ReceiveMessageAsync(Wait);

        Assert.NotNull(received);
        Assert.Equal(("m1", "greeting", "{\"n\":1}"), (received.MessageId, received.Subject, received.Body.ToString()));
        Assert.Equal("acme", received.ApplicationProperties["tenant"]);
        Assert.Equal((1, 1L), (received.DeliveryCount, received.SequenceNumber));
        Assert.NotEqual(Guid.Empty.ToString(), received.LockToken);
        Assert.InRange(received.EnqueuedTime, DateTimeOffset.UtcNow.AddSeconds(-10), DateTimeOffset.UtcNow);
        Assert.InRange(received.LockedUntil, DateTimeOffset.UtcNow.AddSeconds(50), DateTimeOffset.UtcNow.AddSeconds(61));
        await receiver.CompleteMessageAsync(received);
        Assert.Null(await receiver.ReceiveMessageAsync(Glance));
    }

    [Fact]
    public async Task Messages_are_received_in_order_in_batches_across_several_receive_calls()
    {
        var queue = fixture.CreateQueue();
        await using var sender = fixture.Client.CreateSender(queue);
        await using var receiver = fixture.Client.CreateReceiver(queue);
        Assert.Null(await receiver.ReceiveMessageAsync(Glance));

        for (var i = 1; i <= 5; i++) await sender.SendMessageAsync(new ServiceBusMessage($"{i}") { MessageId = $"m{i}" });
        var received = new List<ServiceBusReceivedMessage>();
        while (received.Count < 5) received.AddRange(await receiver.ReceiveMessagesAsync(5 - received.Count, Wait));

        Assert.Equal(["m1", "m2", "m3", "m4", "m5"], received.Select(m => m.MessageId));
        Assert.Equal([1L, 2, 3, 4, 5], received.Select(m => m.SequenceNumber));
        Assert.Equal(5, received.Select(m => m.LockToken).Distinct().Count());
        foreach (var message in received) await receiver.CompleteMessageAsync(message);
    }

    [Fact]
    public async Task A_batch_arrives_as_separate_messages()
    {
        var queue = fixture.CreateQueue();
        await using var sender = fixture.Client.CreateSender(queue);
        await using var receiver = fixture.Client.CreateReceiver(queue);

        using var batch = await sender.CreateMessageBatchAsync();
        Assert.True(batch.MaxSizeInBytes > 0);
        foreach (var id in new[] { "b1", "b2", "b3" })
            Assert.True(batch.TryAddMessage(new ServiceBusMessage($"body of {id}") { MessageId = id, Subject = "batched" }));
        await sender.SendMessagesAsync(batch);
        var received = await ReceiveAsync(receiver, 3);

        Assert.Equal(
            [("b1", "body of b1", "batched"), ("b2", "body of b2", "batched"), ("b3", "body of b3", "batched")],
            received.Select(m => (m.MessageId, m.Body.ToString(), m.Subject)));
        Assert.Equal([1L, 2, 3], received.Select(m => m.SequenceNumber));
    }

    [Fact]
    public async Task Large_messages_travel_in_several_frames_and_one_over_the_maximum_size_is_refused()
    {
        var queue = fixture.CreateQueue();
        await using var sender = fixture.Client.CreateSender(queue);
        await using var receiver = fixture.Client.CreateReceiver(queue);
        var large = Enumerable.Range(0, 200 * 1024).Select(i => (byte)i).ToArray();

        var error = await Assert.ThrowsAsync<ServiceBusException>(() => sender.SendMessageAsync(new ServiceBusMessage(new byte[300 * 1024])));
        await sender.SendMessageAsync(new ServiceBusMessage(large) { MessageId = "large" });
        var received = await receiver.ReceiveMessageAsync(Wait);

        Assert.Equal(ServiceBusFailureReason.MessageSizeExceeded, error.Reason);
        Assert.Equal("large", received?.MessageId);
        Assert.Equal(large, received?.Body.ToArray());
    }

    [Fact]
    public async Task Duplicate_message_id_inside_the_window_is_dropped_and_accepted_again_after_it()
    {
        var queue = fixture.CreateQueue(new QueueOptions { DuplicateDetectionWindow = TimeSpan.FromSeconds(1) });
        await using var sender = fixture.Client.CreateSender(queue);
        await using var receiver = fixture.Client.CreateReceiver(queue);

        await sender.SendMessageAsync(new ServiceBusMessage("first") { MessageId = "same" });
        await sender.SendMessageAsync(new ServiceBusMessage("second") { MessageId = "same" });
        await sender.SendMessageAsync(new ServiceBusMessage("other") { MessageId = "other" });
        var received = await ReceiveAsync(receiver, 2);
        Assert.Null(await receiver.ReceiveMessageAsync(Glance));
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        await sender.SendMessageAsync(new ServiceBusMessage("third") { MessageId = "same" });

        Assert.Equal(["first", "other"], received.Select(m => m.Body.ToString()));
        Assert.Equal("third", (await receiver.ReceiveMessageAsync(Wait))?.Body.ToString());
    }

    [Fact]
    public async Task Receive_and_delete_takes_messages_without_locks()
    {
        var queue = fixture.CreateQueue();
        await using var sender = fixture.Client.CreateSender(queue);
        await using var receiver = fixture.Client.CreateReceiver(queue, new ServiceBusReceiverOptions { ReceiveMode = ServiceBusReceiveMode.ReceiveAndDelete });

        await sender.SendMessageAsync(new ServiceBusMessage("gone") { MessageId = "m1" });
        var received = await receiver.ReceiveMessageAsync(Wait);

        Assert.Equal("m1", received?.MessageId);
        Assert.Null(await receiver.ReceiveMessageAsync(Glance));
    }

    [Theory]
    [InlineData("/nowhere")]
    [InlineData("nowhere")]
    public async Task Sending_to_receiving_from_or_peeking_an_unknown_queue_fails_as_entity_not_found(string queue)
    {
        await using var sender = fixture.Client.CreateSender(queue);
        await using var receiver = fixture.Client.CreateReceiver(queue);

        var sendError = await Assert.ThrowsAsync<ServiceBusException>(() => sender.SendMessageAsync(new ServiceBusMessage("x")));
        var receiveError = await Assert.ThrowsAsync<ServiceBusException>(() => receiver.ReceiveMessageAsync(Glance));
        var peekError = await Assert.ThrowsAsync<ServiceBusException>(() => receiver.PeekMessageAsync());

        Assert.All([sendError, receiveError, peekError], e => Assert.Equal(ServiceBusFailureReason.MessagingEntityNotFound, e.Reason));
    }

    private static async Task<List<ServiceBusReceivedMessage>> ReceiveAsync(ServiceBusReceiver receiver, int count)
    {
        var received = new List<ServiceBusReceivedMessage>();
        var deadline = DateTime.UtcNow + Wait;
        while (received.Count < count && DateTime.UtcNow < deadline)
            received.AddRange(await receiver.ReceiveMessagesAsync(count - received.Count, Wait));
        return received;
    }
}
