using System.Collections.Concurrent;
using System.Diagnostics;
using Azure.Messaging.ServiceBus;
using Cooc.Ports;

namespace Cooc.Emulators.Tests.ServiceBus;

public sealed class ProcessorTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private static readonly TimeSpan LockDuration = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Processor_handles_messages_concurrently_and_stops_quickly()
    {
        var queue = fixture.CreateQueue(new QueueOptions { LockDuration = LockDuration });
        await using var sender = fixture.Client.CreateSender(queue);
        await using var processor = fixture.Client.CreateProcessor(queue, new ServiceBusProcessorOptions { MaxConcurrentCalls = 4, AutoCompleteMessages = false });
        var handled = new ConcurrentDictionary<string, int>();
        var errors = new ConcurrentQueue<Exception>();
        var running = 0;
        var atOnce = new ConcurrentBag<int>();
        var allHandled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        processor.ProcessMessageAsync += async args =>
        {
            atOnce.Add(Interlocked.Increment(ref running));
            await Task.Delay(200);
            Interlocked.Decrement(ref running);
            await args.CompleteMessageAsync(args.Message);
            handled.TryAdd(args.Message.MessageId, args.Message.DeliveryCount);
            if (handled.Count == 12) allHandled.TrySetResult();
        };
        processor.ProcessErrorAsync += args =>
        {
            errors.Enqueue(args.Exception);
            return Task.CompletedTask;
        };

        await processor.StartProcessingAsync();
        for (var i = 0; i < 12; i++) await sender.SendMessageAsync(new ServiceBusMessage($"{i}") { MessageId = $"m{i}" });
        await allHandled.Task.WaitAsync(Wait);
        var stopping = Stopwatch.StartNew();
        await processor.StopProcessingAsync();
        stopping.Stop();

        Assert.Equal(12, handled.Count);
        Assert.All(handled.Values, deliveryCount => Assert.Equal(1, deliveryCount));
        Assert.InRange(atOnce.Max(), 2, 4);
        Assert.Empty(errors);
        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(3), $"stopped in {stopping.Elapsed}");
        await using var receiver = fixture.Client.CreateReceiver(queue);
        Assert.Empty(await receiver.PeekMessagesAsync(10, fromSequenceNumber: 1));
    }

    [Fact]
    public async Task Processor_renews_the_lock_of_a_slow_message_so_it_is_not_delivered_twice()
    {
        var queue = fixture.CreateQueue(new QueueOptions { LockDuration = LockDuration });
        await using var sender = fixture.Client.CreateSender(queue);
        await using var processor = fixture.Client.CreateProcessor(queue, new ServiceBusProcessorOptions
        {
            MaxConcurrentCalls = 2,
            AutoCompleteMessages = false,
            MaxAutoLockRenewalDuration = TimeSpan.FromSeconds(30),
        });
        var deliveries = new ConcurrentQueue<(string MessageId, int DeliveryCount, DateTimeOffset FirstLock, DateTimeOffset LockedUntil)>();
        var errors = new ConcurrentQueue<Exception>();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        processor.ProcessMessageAsync += async args =>
        {
            var firstLock = args.Message.LockedUntil;
            await Task.Delay(LockDuration * 2);
            deliveries.Enqueue((args.Message.MessageId, args.Message.DeliveryCount, firstLock, args.Message.LockedUntil));
            await args.CompleteMessageAsync(args.Message);
            done.TrySetResult();
        };
        processor.ProcessErrorAsync += args =>
        {
            errors.Enqueue(args.Exception);
            return Task.CompletedTask;
        };

        await processor.StartProcessingAsync();
        await sender.SendMessageAsync(new ServiceBusMessage("slow") { MessageId = "slow" });
        await done.Task.WaitAsync(Wait);
        await Task.Delay(LockDuration);
        await processor.StopProcessingAsync();

        var delivery = Assert.Single(deliveries);
        Assert.Equal(("slow", 1), (delivery.MessageId, delivery.DeliveryCount));
        Assert.True(delivery.LockedUntil > delivery.FirstLock + LockDuration, "the lock was renewed while the handler ran");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Message_the_processor_abandons_is_processed_again()
    {
        var queue = fixture.CreateQueue(new QueueOptions { LockDuration = LockDuration });
        await using var sender = fixture.Client.CreateSender(queue);
        await using var processor = fixture.Client.CreateProcessor(queue, new ServiceBusProcessorOptions { AutoCompleteMessages = false });
        var deliveryCounts = new ConcurrentQueue<int>();
        var completed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        processor.ProcessMessageAsync += async args =>
        {
            deliveryCounts.Enqueue(args.Message.DeliveryCount);
            if (args.Message.DeliveryCount < 3)
            {
                await args.AbandonMessageAsync(args.Message);
                return;
            }
            await args.CompleteMessageAsync(args.Message);
            completed.TrySetResult();
        };
        processor.ProcessErrorAsync += _ => Task.CompletedTask;

        await processor.StartProcessingAsync();
        await sender.SendMessageAsync(new ServiceBusMessage("retry me") { MessageId = "m1" });
        await completed.Task.WaitAsync(Wait);
        await processor.StopProcessingAsync();

        Assert.Equal([1, 2, 3], deliveryCounts);
    }
}
