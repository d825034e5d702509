using Azure.Messaging.ServiceBus;
using Cooc.Ports;

namespace Cooc.Emulators.Tests.ServiceBus;

public sealed class DeadLetterTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private static readonly TimeSpan LockDuration = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Glance = TimeSpan.FromMilliseconds(300);
    private static readonly ServiceBusReceiverOptions DeadLetterQueue = new() { SubQueue = SubQueue.DeadLetter };

    [Fact]
    public async Task Message_abandoned_max_delivery_count_times_moves_to_the_dead_letter_queue_with_the_reason()
    {
        var queue = fixture.CreateQueue(new QueueOptions { LockDuration = LockDuration, MaxDeliveryCount = 2 });
        await using var sender = fixture.Client.CreateSender(queue);
        await using var receiver = fixture.Client.CreateReceiver(queue);
        await using var deadLetters = fixture.Client.CreateReceiver(queue, DeadLetterQueue);
        await sender.SendMessageAsync(new ServiceBusMessage("poison") { MessageId = "m1", Subject = "s" });

        await receiver.AbandonMessageAsync(await receiver.ReceiveMessageAsync(Wait));
        await receiver.AbandonMessageAsync(await receiver.ReceiveMessageAsync(Wait));
        var dead = await deadLetters.ReceiveMessageAsync(Wait);

        Assert.Null(await receiver.ReceiveMessageAsync(Glance));
        Assert.NotNull(dead);
        Assert.Equal(("m1", "poison", "s", 1L), (dead.MessageId, dead.Body.ToString(), dead.Subject, dead.SequenceNumber));
        Assert.Equal("MaxDeliveryCountExceeded", dead.DeadLetterReason);
        Assert.False(string.IsNullOrEmpty(dead.DeadLetterErrorDescription));
        Assert.Equal("MaxDeliveryCountExceeded", dead.ApplicationProperties["DeadLetterReason"]);
        await deadLetters.CompleteMessageAsync(dead);
    }

    [Fact]
    public async Task Message_whose_last_lock_expires_is_dead_lettered_instead_of_redelivered()
    {
        var queue = fixture.CreateQueue(new QueueOptions { LockDuration = LockDuration, MaxDeliveryCount = 1 });
        await using var sender = fixture.Client.CreateSender(queue);
        await using var receiver = fixture.Client.CreateReceiver(queue);
        await using var deadLetters = fixture.Client.CreateReceiver(queue, DeadLetterQueue);
        await sender.SendMessageAsync(new ServiceBusMessage("slow") { MessageId = "m1" });

        Assert.NotNull(await receiver.ReceiveMessageAsync(Wait));
        var dead = await deadLetters.ReceiveMessageAsync(LockDuration + Wait);

        Assert.Equal(("m1", "MaxDeliveryCountExceeded"), (dead?.MessageId, dead?.DeadLetterReason));
        Assert.Null(await receiver.ReceiveMessageAsync(Glance));
    }

    [Fact]
    public async Task Explicit_dead_letter_keeps_reason_description_and_sequence_number()
    {
        var queue = fixture.CreateQueue(new QueueOptions { LockDuration = LockDuration });
        await using var sender = fixture.Client.CreateSender(queue);
        await using var receiver = fixture.Client.CreateReceiver(queue);
        await using var deadLetters = fixture.Client.CreateReceiver(queue, DeadLetterQueue);
        await sender.SendMessageAsync(new ServiceBusMessage("first") { MessageId = "m1" });
        await sender.SendMessageAsync(new ServiceBusMessage("bad") { MessageId = "m2" });
        var first = await receiver.ReceiveMessageAsync(Wait);
        var bad = await receiver.ReceiveMessageAsync(Wait);

        await receiver.DeadLetterMessageAsync(bad, "InvalidPayload", "lectureId is missing");
        await receiver.DeadLetterMessageAsync(first);
        var dead = await ReceiveAsync(deadLetters, 2);

        Assert.Equal([("m1", 1L), ("m2", 2L)], dead.Select(m => (m.MessageId, m.SequenceNumber)));
        Assert.Equal(("InvalidPayload", "lectureId is missing"), (dead[1].DeadLetterReason, dead[1].DeadLetterErrorDescription));
        Assert.Equal("lectureId is missing", dead[1].ApplicationProperties["DeadLetterErrorDescription"]);
        Assert.Null(dead[0].DeadLetterReason);
        Assert.Null(await receiver.ReceiveMessageAsync(Glance));
    }

    [Fact]
    public async Task Dead_letters_are_peeked_and_received_in_peek_lock_where_complete_removes_and_abandon_keeps_them()
    {
        var queue = fixture.CreateQueue(new QueueOptions { LockDuration = LockDuration });
        await using var sender = fixture.Client.CreateSender(queue);
        await using var receiver = fixture.Client.CreateReceiver(queue);
        await using var deadLetters = fixture.Client.CreateReceiver(queue, DeadLetterQueue);
        foreach (var id in new[] { "m1", "m2", "m3" }) await sender.SendMessageAsync(new ServiceBusMessage(id) { MessageId = id });
        foreach (var message in await ReceiveAsync(receiver, 3)) await receiver.DeadLetterMessageAsync(message, "Unprocessable");

        var peeked = await deadLetters.PeekMessagesAsync(10, fromSequenceNumber: 1);
        var toRemove = Assert.Single(await ReceiveAsync(deadLetters, 3), m => m.SequenceNumber == peeked[1].SequenceNumber);
        await deadLetters.CompleteMessageAsync(toRemove);
        await Task.Delay(LockDuration + TimeSpan.FromMilliseconds(300));
        var others = await ReceiveAsync(deadLetters, 2);
        await deadLetters.AbandonMessageAsync(others[0]);
        var again = await deadLetters.ReceiveMessageAsync(Wait);

        Assert.Equal([("m1", "Unprocessable", 1), ("m2", "Unprocessable", 1), ("m3", "Unprocessable", 1)],
            peeked.Select(m => (m.MessageId, m.DeadLetterReason, m.DeliveryCount)));
        Assert.Equal(["m1", "m3"], others.Select(m => m.MessageId));
        Assert.Equal(("m1", 1L), (again?.MessageId, again?.SequenceNumber));
        Assert.Equal(["m1", "m3"], (await deadLetters.PeekMessagesAsync(10, fromSequenceNumber: 1)).Select(m => m.MessageId));
        Assert.Empty(await receiver.PeekMessagesAsync(10, fromSequenceNumber: 1));
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
