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
        var queue = await CreateShortLockQueueAsync();
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
        // Against a real server the clock is real, and a loaded machine has stalled past a lock here (CI, with margins of
        // 4 s and 2 s). An attempt whose own clock readings show it was late for a step proves nothing either way, so it
        // runs again; an attempt on time decides, and a late failure three times in a row fails.
        var late = new List<string>();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            if (await RenewalAttemptAsync() is not { } why) return;
            late.Add(why);
        }
        Assert.Fail($"every attempt was late: {string.Join("; ", late)}");
    }

    /// <summary>Renews before the lock ends and checks past its first end; null when it ran on time, else why not.</summary>
    private async Task<string?> RenewalAttemptAsync()
    {
        var lockDuration = ShortLock * 2;
        var queue = await CreateQueueAsync(new QueueOptions { LockDuration = lockDuration });
        await queue.Adapter.SendAsync(queue.Name, new OutgoingMessage("m1", "{}"));
        var message = await ReceiveOneAsync(queue);
        var step = lockDuration * 0.6;

        await AdvanceAsync(step);
        DateTimeOffset renewedUntil;
        try
        {
            renewedUntil = await queue.Adapter.RenewLockAsync(message);
        }
        catch (MessageLockLostException) when (Time.GetUtcNow() >= message.LockedUntil)
        {
            return $"the renewal ended at {Time.GetUtcNow():O}, after the lock's end {message.LockedUntil:O}";
        }
        Assert.True(renewedUntil > message.LockedUntil, $"renewed until {renewedUntil:O}, was {message.LockedUntil:O}");

        await AdvanceAsync(step);
        var redelivered = await queue.Adapter.ReceiveAsync(queue.Name, 1, Glance);
        if (Time.GetUtcNow() >= renewedUntil)
            return $"the check past the first end ended at {Time.GetUtcNow():O}, after the renewed end {renewedUntil:O}";
        Assert.Empty(redelivered);
        try
        {
            await queue.Adapter.CompleteAsync(message);
        }
        catch (MessageLockLostException) when (Time.GetUtcNow() >= renewedUntil)
        {
            return $"the completion ended at {Time.GetUtcNow():O}, after the renewed end {renewedUntil:O}";
        }
        return null;
    }

    [Fact]
    public async Task Settling_after_the_lock_expired_throws_lock_lost()
    {
        var queue = await CreateShortLockQueueAsync();
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
        var queue = await CreateShortLockQueueAsync();
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
