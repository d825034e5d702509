using Azure.Messaging.ServiceBus;

namespace Cooc.Emulators.Tests.ServiceBus;

public sealed class SchedulingAndPeekTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Lead = TimeSpan.FromSeconds(2);

    /// <summary>How late a loaded machine may hand over a message that became receivable.</summary>
    private static readonly TimeSpan Lateness = TimeSpan.FromSeconds(2);

    /// <summary>
    /// A due time Lead from now, in whole milliseconds: AMQP carries times so, and a due time with finer ticks reached
    /// the emulator truncated, which may then deliver up to a millisecond before it (a test failed once that way).
    /// </summary>
    private static DateTimeOffset DueAfterLead() => DateTimeOffset.FromUnixTimeMilliseconds((DateTimeOffset.UtcNow + Lead).ToUnixTimeMilliseconds());

    [Fact]
    public async Task Scheduled_message_is_invisible_until_its_time_then_delivered()
    {
        var queue = fixture.CreateQueue();
        await using var sender = fixture.Client.CreateSender(queue);
        await using var receiver = fixture.Client.CreateReceiver(queue);
        var due = DueAfterLead();

        var sequenceNumber = await sender.ScheduleMessageAsync(new ServiceBusMessage("later") { MessageId = "later" }, due);
        await sender.SendMessageAsync(new ServiceBusMessage("now") { MessageId = "now" });
        var now = await receiver.ReceiveMessageAsync(Wait);
        var later = await receiver.ReceiveMessageAsync(Lead + Wait);
        var receivedAt = DateTimeOffset.UtcNow;

        Assert.Equal("now", now?.MessageId);
        Assert.Equal(("later", sequenceNumber), (later?.MessageId, later?.SequenceNumber));
        Assert.InRange(receivedAt - due, TimeSpan.Zero, Lateness);
        Assert.InRange(later!.EnqueuedTime - due, TimeSpan.FromMilliseconds(-1), TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public async Task A_message_scheduled_months_ahead_is_accepted_and_waits()
    {
        // Past the 49.7 days a timer can wait: the queue wakes daily until the message is near.
        var queue = fixture.CreateQueue();
        await using var sender = fixture.Client.CreateSender(queue);
        await using var receiver = fixture.Client.CreateReceiver(queue);

        var sequenceNumber = await sender.ScheduleMessageAsync(new ServiceBusMessage("next term") { MessageId = "next-term" }, DateTimeOffset.UtcNow.AddDays(400));
        await sender.SendMessageAsync(new ServiceBusMessage("now") { MessageId = "now" });

        Assert.Equal("now", (await receiver.ReceiveMessageAsync(Wait))?.MessageId);
        Assert.Null(await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(1)));
        Assert.Equal(sequenceNumber, (await receiver.PeekMessageAsync())?.SequenceNumber);
    }

    [Fact]
    public async Task Message_sent_with_a_scheduled_enqueue_time_waits_for_it_too()
    {
        var queue = fixture.CreateQueue();
        await using var sender = fixture.Client.CreateSender(queue);
        await using var receiver = fixture.Client.CreateReceiver(queue);
        var due = DueAfterLead();

        await sender.SendMessageAsync(new ServiceBusMessage("later") { MessageId = "later", ScheduledEnqueueTime = due });
        var later = await receiver.ReceiveMessageAsync(Lead + Wait);

        Assert.Equal("later", later?.MessageId);
        Assert.True(DateTimeOffset.UtcNow >= due, "not delivered before its scheduled time");
    }

    [Fact]
    public async Task Cancelled_scheduled_message_is_never_delivered_and_cancelling_it_again_fails()
    {
        var queue = fixture.CreateQueue();
        await using var sender = fixture.Client.CreateSender(queue);
        await using var receiver = fixture.Client.CreateReceiver(queue);

        var cancelled = await sender.ScheduleMessageAsync(new ServiceBusMessage("never") { MessageId = "never" }, DateTimeOffset.UtcNow + Lead);
        var kept = await sender.ScheduleMessageAsync(new ServiceBusMessage("kept") { MessageId = "kept" }, DateTimeOffset.UtcNow + Lead);
        await sender.CancelScheduledMessageAsync(cancelled);
        var again = await Assert.ThrowsAsync<ServiceBusException>(() => sender.CancelScheduledMessageAsync(cancelled));

        Assert.Equal("kept", (await receiver.ReceiveMessageAsync(Lead + Wait))?.MessageId);
        Assert.Null(await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(1)));
        Assert.NotEqual(cancelled, kept);
        Assert.Equal(ServiceBusFailureReason.MessageNotFound, again.Reason);
    }

    [Fact]
    public async Task Peek_shows_messages_from_a_sequence_number_without_locking_them()
    {
        var queue = fixture.CreateQueue();
        await using var sender = fixture.Client.CreateSender(queue);
        await using var receiver = fixture.Client.CreateReceiver(queue);
        Assert.Empty(await receiver.PeekMessagesAsync(10));
        foreach (var id in new[] { "m1", "m2", "m3" }) await sender.SendMessageAsync(new ServiceBusMessage($"body {id}") { MessageId = id, Subject = "peeked" });

        var all = await receiver.PeekMessagesAsync(10, fromSequenceNumber: 1);
        var fromTwo = await receiver.PeekMessagesAsync(1, fromSequenceNumber: 2);
        var next = await receiver.PeekMessageAsync();
        var received = await receiver.ReceiveMessageAsync(Wait);

        Assert.Equal([("m1", "body m1", "peeked", 0), ("m2", "body m2", "peeked", 0), ("m3", "body m3", "peeked", 0)],
            all.Select(m => (m.MessageId, m.Body.ToString(), m.Subject, m.DeliveryCount)));
        Assert.Equal("m2", Assert.Single(fromTwo).MessageId);
        Assert.Equal("m3", next?.MessageId);
        Assert.Equal(("m1", 1), (received?.MessageId, received?.DeliveryCount));
        Assert.Equal(1, (await receiver.PeekMessageAsync(fromSequenceNumber: 1))?.DeliveryCount);
    }
}
