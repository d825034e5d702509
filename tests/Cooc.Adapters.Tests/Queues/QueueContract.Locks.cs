using Cooc.Ports;

namespace Cooc.Adapters.Tests.Queues;

public abstract partial class QueueContract
{
    [Fact]
    public async Task Abandoned_message_is_redelivered_with_delivery_count_two()
    {
        var queue = await CreateQueueAsync();
        await queue.Adapter.SendAsync(queue.Name, new OutgoingMessage("m1", "{}"));
        var first = await ReceiveOneAsync(queue);

        await queue.Adapter.AbandonAsync(first);
        var second = await ReceiveOneAsync(queue);

        Assert.Equal("m1", second.MessageId);
        Assert.Equal(first.SequenceNumber, second.SequenceNumber);
        Assert.Equal(2, second.DeliveryCount);
        Assert.NotEqual(first.LockToken, second.LockToken);
    }

    [Fact]
    public async Task Message_whose_lock_expired_is_redelivered()
    {
        var queue = await CreateQueueAsync();
        await queue.Adapter.SendAsync(queue.Name, new OutgoingMessage("m1", "{}"));
        var first = await ReceiveOneAsync(queue);

        await AdvanceAsync(ShortLock + Margin);
        var second = await ReceiveOneAsync(queue);

        Assert.Equal(first.SequenceNumber, second.SequenceNumber);
        Assert.Equal(2, second.DeliveryCount);
        await queue.Adapter.CompleteAsync(second);
    }

    [Fact]
    public async Task Renewed_lock_outlasts_the_original_lock()
    {
        // Twice the short lock: against a real server the clock is real, and this checks both ways (past the original
        // lock, before the renewed one) with margins of 2 and 4 s instead of 1 and 2 s, which a loaded machine overran once.
        var lockDuration = ShortLock * 2;
        var queue = await CreateQueueAsync(new QueueOptions { LockDuration = lockDuration });
        await queue.Adapter.SendAsync(queue.Name, new OutgoingMessage("m1", "{}"));
        var message = await ReceiveOneAsync(queue);
        var step = lockDuration * 0.6;

        await AdvanceAsync(step);
        var renewedUntil = await queue.Adapter.RenewLockAsync(message);
        await AdvanceAsync(step);

        Assert.True(renewedUntil > message.LockedUntil, $"renewed until {renewedUntil:O}, was {message.LockedUntil:O}");
        Assert.Empty(await queue.Adapter.ReceiveAsync(queue.Name, 1, Glance));
        await queue.Adapter.CompleteAsync(message);
    }

    [Fact]
    public async Task Settling_after_the_lock_expired_throws_lock_lost()
    {
        var queue = await CreateQueueAsync();
        await queue.Adapter.SendAsync(queue.Name, new OutgoingMessage("m1", "{}"));
        var message = await ReceiveOneAsync(queue);

        await AdvanceAsync(ShortLock + Margin);

        await Assert.ThrowsAsync<MessageLockLostException>(() => queue.Adapter.CompleteAsync(message));
        await Assert.ThrowsAsync<MessageLockLostException>(() => queue.Adapter.AbandonAsync(message));
        await Assert.ThrowsAsync<MessageLockLostException>(() => queue.Adapter.DeadLetterAsync(message, "Poison"));
        await Assert.ThrowsAsync<MessageLockLostException>(() => queue.Adapter.RenewLockAsync(message));
    }

    [Fact]
    public async Task Completing_an_earlier_delivery_of_a_relocked_message_throws_lock_lost()
    {
        var queue = await CreateQueueAsync();
        await queue.Adapter.SendAsync(queue.Name, new OutgoingMessage("m1", "{}"));
        var stale = await ReceiveOneAsync(queue);
        await AdvanceAsync(ShortLock + Margin);
        var current = await ReceiveOneAsync(queue);

        await Assert.ThrowsAsync<MessageLockLostException>(() => queue.Adapter.CompleteAsync(stale));

        await queue.Adapter.CompleteAsync(current);
    }

    [Fact]
    public async Task Settling_a_settled_message_throws_lock_lost()
    {
        var queue = await CreateQueueAsync();
        await queue.Adapter.SendAsync(queue.Name, new OutgoingMessage("m1", "{}"));
        await queue.Adapter.SendAsync(queue.Name, new OutgoingMessage("m2", "{}"));
        var completed = await ReceiveOneAsync(queue);
        var abandoned = await ReceiveOneAsync(queue);
        await queue.Adapter.CompleteAsync(completed);
        await queue.Adapter.AbandonAsync(abandoned);

        await Assert.ThrowsAsync<MessageLockLostException>(() => queue.Adapter.CompleteAsync(completed));
        await Assert.ThrowsAsync<MessageLockLostException>(() => queue.Adapter.CompleteAsync(abandoned));
        await Assert.ThrowsAsync<MessageLockLostException>(() => queue.Adapter.RenewLockAsync(abandoned));
    }
}
