using Cooc.Ports;

namespace Cooc.Adapters.Tests.Queues;

public abstract partial class QueueContract
{
    [Fact]
    public async Task Message_abandoned_max_delivery_count_times_is_dead_lettered()
    {
        var queue = await CreateQueueAsync(new QueueOptions { LockDuration = ShortLock, MaxDeliveryCount = 2 });
        await queue.Adapter.SendAsync(queue.Name, new OutgoingMessage("m1", "{\"n\":1}", Subject: "s"));

        await queue.Adapter.AbandonAsync(await ReceiveOneAsync(queue));
        await queue.Adapter.AbandonAsync(await ReceiveOneAsync(queue));

        Assert.Empty(await queue.Adapter.ReceiveAsync(queue.Name, 1, Glance));
        var dead = Assert.Single(await queue.Adapter.PeekDeadLettersAsync(queue.Name, 10));
        Assert.Equal("MaxDeliveryCountExceeded", dead.Reason);
        Assert.Equal(("m1", "{\"n\":1}", "s"), (dead.MessageId, dead.Body, dead.Subject));
        Assert.True(dead.DeliveryCount >= 2, $"delivery count {dead.DeliveryCount}");
    }

    [Fact]
    public async Task Message_whose_last_lock_expires_is_dead_lettered_instead_of_redelivered()
    {
        var queue = await CreateQueueAsync(new QueueOptions { LockDuration = ShortLock, MaxDeliveryCount = 1 });
        await queue.Adapter.SendAsync(queue.Name, new OutgoingMessage("m1", "{}"));
        await ReceiveOneAsync(queue);

        await AdvanceAsync(ShortLock + Margin);

        Assert.Empty(await queue.Adapter.ReceiveAsync(queue.Name, 1, Glance));
        var dead = Assert.Single(await queue.Adapter.PeekDeadLettersAsync(queue.Name, 10));
        Assert.Equal(("m1", "MaxDeliveryCountExceeded"), (dead.MessageId, dead.Reason));
    }

    [Fact]
    public async Task Dead_letters_are_listed_oldest_first_with_reason_and_description_and_stay()
    {
        var queue = await CreateQueueAsync();
        await queue.Adapter.SendAsync(queue.Name, new OutgoingMessage("m1", "{}"));
        await queue.Adapter.SendAsync(queue.Name, new OutgoingMessage("m2", "{}"));
        var first = await ReceiveOneAsync(queue);
        var second = await ReceiveOneAsync(queue);

        await queue.Adapter.DeadLetterAsync(first, "InvalidPayload", "lectureId is missing");
        await queue.Adapter.DeadLetterAsync(second, "Unprocessable");

        var listed = await queue.Adapter.PeekDeadLettersAsync(queue.Name, 10);
        Assert.Equal(
            [("m1", "InvalidPayload", "lectureId is missing", 1), ("m2", "Unprocessable", null, 1)],
            listed.Select(d => (d.MessageId, d.Reason, d.Description, d.DeliveryCount)));
        Assert.Equal(first.SequenceNumber, listed[0].SequenceNumber);
        Assert.Single(await queue.Adapter.PeekDeadLettersAsync(queue.Name, 1));
        Assert.Equal(2, (await queue.Adapter.PeekDeadLettersAsync(queue.Name, 10)).Count);
        Assert.Empty(await queue.Adapter.ReceiveAsync(queue.Name, 1, Glance));
        await Assert.ThrowsAsync<MessageLockLostException>(() => queue.Adapter.CompleteAsync(first));
    }

    [Fact]
    public async Task Replayed_dead_letter_is_delivered_again_with_a_fresh_delivery_count()
    {
        var queue = await CreateQueueAsync();
        await queue.Adapter.SendAsync(queue.Name, new OutgoingMessage("m1", "{\"n\":1}", Subject: "s"));
        var message = await ReceiveOneAsync(queue);
        await queue.Adapter.AbandonAsync(message);
        await queue.Adapter.DeadLetterAsync(await ReceiveOneAsync(queue), "Poison");
        var dead = Assert.Single(await queue.Adapter.PeekDeadLettersAsync(queue.Name, 10));

        Assert.True(await queue.Adapter.ReplayDeadLetterAsync(queue.Name, dead.SequenceNumber));

        var replayed = await ReceiveOneAsync(queue);
        Assert.Equal(("{\"n\":1}", "s", 1), (replayed.Body, replayed.Subject, replayed.DeliveryCount));
        Assert.Empty(await queue.Adapter.PeekDeadLettersAsync(queue.Name, 10));
        Assert.False(await queue.Adapter.ReplayDeadLetterAsync(queue.Name, dead.SequenceNumber));
    }

    [Fact]
    public async Task Removed_dead_letter_is_gone()
    {
        var queue = await CreateQueueAsync();
        await queue.Adapter.SendAsync(queue.Name, new OutgoingMessage("m1", "{}"));
        await queue.Adapter.DeadLetterAsync(await ReceiveOneAsync(queue), "Poison");
        var dead = Assert.Single(await queue.Adapter.PeekDeadLettersAsync(queue.Name, 10));

        Assert.True(await queue.Adapter.RemoveDeadLetterAsync(queue.Name, dead.SequenceNumber));

        Assert.Empty(await queue.Adapter.PeekDeadLettersAsync(queue.Name, 10));
        Assert.Empty(await queue.Adapter.ReceiveAsync(queue.Name, 1, Glance));
        Assert.False(await queue.Adapter.RemoveDeadLetterAsync(queue.Name, dead.SequenceNumber));
    }

    [Fact]
    public async Task Replaying_or_removing_an_unknown_dead_letter_returns_false()
    {
        var queue = await CreateQueueAsync();

        Assert.False(await queue.Adapter.ReplayDeadLetterAsync(queue.Name, 12345));
        Assert.False(await queue.Adapter.RemoveDeadLetterAsync(queue.Name, 12345));
    }
}
