using Azure.Messaging.ServiceBus;
using Cooc.Ports;

namespace Cooc.Emulators.Tests.ServiceBus;

public sealed class LockTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private static readonly TimeSpan LockDuration = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Glance = TimeSpan.FromMilliseconds(300);

    /// <summary>How late a loaded machine may hand over a message that became receivable.</summary>
    private static readonly TimeSpan Lateness = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task Abandoned_message_comes_back_with_a_growing_delivery_count()
    {
        var (sender, receiver) = await StartAsync(new QueueOptions { LockDuration = LockDuration });
        await sender.SendMessageAsync(new ServiceBusMessage("again") { MessageId = "m1" });

        var first = await receiver.ReceiveMessageAsync(Wait);
        await receiver.AbandonMessageAsync(first);
        var second = await receiver.ReceiveMessageAsync(Wait);
        await receiver.AbandonMessageAsync(second);
        var third = await receiver.ReceiveMessageAsync(Wait);

        Assert.Equal([1, 2, 3], new[] { first, second, third }.Select(m => m.DeliveryCount));
        Assert.All([first, second, third], m => Assert.Equal(("m1", 1L), (m.MessageId, m.SequenceNumber)));
        Assert.Equal(3, new[] { first, second, third }.Select(m => m.LockToken).Distinct().Count());
        await receiver.CompleteMessageAsync(third);
    }

    [Fact]
    public async Task Message_whose_lock_expires_is_delivered_again_and_the_old_lock_is_lost()
    {
        var (sender, receiver) = await StartAsync(new QueueOptions { LockDuration = LockDuration });
        await sender.SendMessageAsync(new ServiceBusMessage("slow") { MessageId = "m1" });

        var first = await receiver.ReceiveMessageAsync(Wait);
        Assert.Null(await receiver.ReceiveMessageAsync(Glance));
        var second = await receiver.ReceiveMessageAsync(LockDuration + Wait);
        var redeliveredAt = DateTimeOffset.UtcNow;
        var lost = await Assert.ThrowsAsync<ServiceBusException>(() => receiver.CompleteMessageAsync(first));

        Assert.NotNull(second);
        Assert.Equal(("m1", 2), (second.MessageId, second.DeliveryCount));
        Assert.InRange(second.EnqueuedTime, first.EnqueuedTime, first.EnqueuedTime);
        Assert.InRange(redeliveredAt - first.LockedUntil, TimeSpan.Zero, Lateness);
        Assert.Equal(ServiceBusFailureReason.MessageLockLost, lost.Reason);
        await receiver.CompleteMessageAsync(second);
    }

    [Fact]
    public async Task Renewed_lock_keeps_the_message_past_its_first_lock()
    {
        // Half a lock between renewals leaves the client 2 s for each renewal, which a loaded machine needs.
        var lockDuration = 2 * LockDuration;
        var (sender, receiver) = await StartAsync(new QueueOptions { LockDuration = lockDuration });
        await sender.SendMessageAsync(new ServiceBusMessage("long work") { MessageId = "m1" });
        Assert.NotNull(await receiver.PeekMessageAsync()); // opens the management link that renewals use
        var message = await receiver.ReceiveMessageAsync(Wait);

        var firstLock = message.LockedUntil;
        await Task.Delay(lockDuration / 2);
        var renewedAt = DateTimeOffset.UtcNow;
        await receiver.RenewMessageLockAsync(message);
        var firstRenewal = message.LockedUntil;
        await Task.Delay(lockDuration / 2);
        await receiver.RenewMessageLockAsync(message);
        await Task.Delay(lockDuration / 2);

        Assert.True(firstRenewal > firstLock);
        Assert.InRange(firstRenewal - renewedAt, lockDuration - TimeSpan.FromMilliseconds(50), lockDuration + TimeSpan.FromSeconds(1));
        Assert.True(message.LockedUntil > firstRenewal);
        Assert.Null(await receiver.ReceiveMessageAsync(Glance));
        await receiver.CompleteMessageAsync(message);
    }

    [Fact]
    public async Task Settling_or_renewing_a_settled_message_fails_with_lock_lost()
    {
        var (sender, receiver) = await StartAsync(new QueueOptions { LockDuration = LockDuration });
        await sender.SendMessageAsync(new ServiceBusMessage("once") { MessageId = "m1" });
        var message = await receiver.ReceiveMessageAsync(Wait);
        await receiver.CompleteMessageAsync(message);

        var complete = await Assert.ThrowsAsync<ServiceBusException>(() => receiver.CompleteMessageAsync(message));
        var abandon = await Assert.ThrowsAsync<ServiceBusException>(() => receiver.AbandonMessageAsync(message));
        var renew = await Assert.ThrowsAsync<ServiceBusException>(() => receiver.RenewMessageLockAsync(message));

        Assert.All([complete, abandon, renew], e => Assert.Equal(ServiceBusFailureReason.MessageLockLost, e.Reason));
    }

    [Fact]
    public async Task Receivers_on_many_links_get_each_message_once_and_settle_them_concurrently()
    {
        var queue = fixture.CreateQueue(new QueueOptions { LockDuration = TimeSpan.FromSeconds(30) });
        await using var sender = fixture.Client.CreateSender(queue);
        var receivers = Enumerable.Range(0, 3).Select(_ => fixture.Client.CreateReceiver(queue)).ToList();
        using var batch = await sender.CreateMessageBatchAsync();
        for (var i = 0; i < 60; i++) Assert.True(batch.TryAddMessage(new ServiceBusMessage($"{i}") { MessageId = $"m{i}" }));
        await sender.SendMessagesAsync(batch);

        var received = await Task.WhenAll(receivers.Select(async receiver =>
        {
            var mine = new List<string>();
            while (await receiver.ReceiveMessagesAsync(7, TimeSpan.FromSeconds(1)) is { Count: > 0 } messages)
            {
                await Task.WhenAll(messages.Select(m => receiver.CompleteMessageAsync(m)));
                mine.AddRange(messages.Select(m => m.MessageId));
            }
            return mine;
        }));
        foreach (var receiver in receivers) await receiver.DisposeAsync();

        var all = received.SelectMany(ids => ids).ToList();
        Assert.Equal(60, all.Count);
        Assert.Equal(60, all.Distinct().Count());
        await using var peeker = fixture.Client.CreateReceiver(queue);
        Assert.Empty(await peeker.PeekMessagesAsync(10, fromSequenceNumber: 1));
    }

    private async Task<(ServiceBusSender Sender, ServiceBusReceiver Receiver)> StartAsync(QueueOptions options)
    {
        var queue = fixture.CreateQueue(options);
        return (fixture.Client.CreateSender(queue), fixture.Client.CreateReceiver(queue));
    }
}
