using Azure.Messaging.ServiceBus;
using Cooc.Ports;

namespace Cooc.Emulators.Tests.ServiceBus;

public sealed class LockTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private static readonly TimeSpan LockDuration = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Glance = TimeSpan.FromMilliseconds(300);

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
        var lost = await Assert.ThrowsAsync<ServiceBusException>(() => receiver.CompleteMessageAsync(first));

        Assert.NotNull(second);
        Assert.Equal(("m1", 2), (second.MessageId, second.DeliveryCount));
        Assert.InRange(second.EnqueuedTime, first.EnqueuedTime, first.EnqueuedTime);
        Assert.True(DateTimeOffset.UtcNow - first.LockedUntil < TimeSpan.FromMilliseconds(500), "redelivered within 500 ms of the lock expiring");
        Assert.Equal(ServiceBusFailureReason.MessageLockLost, lost.Reason);
        await receiver.CompleteMessageAsync(second);
    }

    [Fact]
    public async Task Renewed_lock_keeps_the_message_past_its_first_lock()
    {
        var (sender, receiver) = await StartAsync(new QueueOptions { LockDuration = LockDuration });
        await sender.SendMessageAsync(new ServiceBusMessage("long work") { MessageId = "m1" });
        var message = await receiver.ReceiveMessageAsync(Wait);

        var firstLock = message.LockedUntil;
        await Task.Delay(LockDuration / 2);
        var renewedAt = DateTimeOffset.UtcNow;
        await receiver.RenewMessageLockAsync(message);
        var firstRenewal = message.LockedUntil;
        await Task.Delay(LockDuration / 2);
        await receiver.RenewMessageLockAsync(message);
        await Task.Delay(LockDuration / 2);

        Assert.True(firstRenewal > firstLock);
        Assert.InRange(firstRenewal - renewedAt, LockDuration - TimeSpan.FromMilliseconds(50), LockDuration + TimeSpan.FromSeconds(1));
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
    public async Task Two_receivers_share_the_messages_and_never_get_the_same_one()
    {
        var queue = fixture.CreateQueue(new QueueOptions { LockDuration = LockDuration });
        await using var sender = fixture.Client.CreateSender(queue);
        await using var one = fixture.Client.CreateReceiver(queue);
        await using var two = fixture.Client.CreateReceiver(queue);
        for (var i = 0; i < 6; i++) await sender.SendMessageAsync(new ServiceBusMessage($"{i}") { MessageId = $"m{i}" });

        var fromOne = await one.ReceiveMessagesAsync(3, Wait);
        var fromTwo = await two.ReceiveMessagesAsync(6, Wait);
        await Task.WhenAll(fromOne.Select(m => one.CompleteMessageAsync(m)).Concat(fromTwo.Select(m => two.CompleteMessageAsync(m))));

        Assert.Empty(fromOne.Select(m => m.MessageId).Intersect(fromTwo.Select(m => m.MessageId)));
        Assert.Equal(6, fromOne.Count + fromTwo.Count);
    }

    private async Task<(ServiceBusSender Sender, ServiceBusReceiver Receiver)> StartAsync(QueueOptions options)
    {
        var queue = fixture.CreateQueue(options);
        return (fixture.Client.CreateSender(queue), fixture.Client.CreateReceiver(queue));
    }
}
