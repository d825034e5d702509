using System.Collections.Concurrent;
using Cooc.Ports;

namespace Cooc.Adapters.Tests.Queues;

/// <summary>The processor: what the app's queue consumers run on (a ServiceBusProcessor in Azure, a receive loop embedded).</summary>
public abstract partial class QueueContract
{
    [Fact]
    public async Task Processor_hands_every_message_to_the_handler_which_settles_it()
    {
        var queue = await CreateQueueAsync();
        for (var i = 1; i <= 5; i++)
            await queue.Adapter.SendAsync(queue.Name, new OutgoingMessage($"m{i}", $"{i}"));
        var handled = new ConcurrentQueue<string>();

        await using (var processor = Process(queue, new ProcessorOptions(), async (m, ct) =>
        {
            await queue.Adapter.CompleteAsync(m, ct);
            handled.Enqueue(m.MessageId);
        }))
        {
            await WaitUntilAsync(() => handled.Count == 5);
        }

        Assert.Equal(["m1", "m2", "m3", "m4", "m5"], handled.Order());
        Assert.Empty(await queue.Adapter.ReceiveAsync(queue.Name, 10, Glance));
    }

    [Fact]
    public async Task Processor_runs_as_many_handlers_at_once_as_allowed_and_no_more()
    {
        var queue = await CreateQueueAsync();
        for (var i = 1; i <= 6; i++)
            await queue.Adapter.SendAsync(queue.Name, new OutgoingMessage($"m{i}", "{}"));
        var (running, mostAtOnce, done) = (0, 0, 0);
        // The first handler waits (up to 20 s) for a second one to start: a processor that ran one at a time would
        // never get there, and the assertion below would see 1.
        var twoRunning = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        await using (var processor = Process(queue, new ProcessorOptions { MaxConcurrentMessages = 2 }, async (m, ct) =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref mostAtOnce, now);
            if (now >= 2) twoRunning.TrySetResult();
            await Task.WhenAny(twoRunning.Task, Task.Delay(TimeSpan.FromSeconds(20), ct));
            await Task.Delay(100, ct);
            Interlocked.Decrement(ref running);
            await queue.Adapter.CompleteAsync(m, ct);
            Interlocked.Increment(ref done);
        }))
        {
            await WaitUntilAsync(() => Volatile.Read(ref done) == 6);
        }

        Assert.Equal(2, mostAtOnce);
    }

    [Fact]
    public async Task Processor_keeps_the_lock_of_a_handler_that_outlives_it()
    {
        // Twice the short lock: the Service Bus client renews when half the remaining lock is left, and on real time a
        // loaded test machine once stalled longer than that (2.5 s) with the short lock.
        var lockDuration = ShortLock * 2;
        var queue = await CreateQueueAsync(new QueueOptions { LockDuration = lockDuration });
        await queue.Adapter.SendAsync(queue.Name, new OutgoingMessage("m1", "{}"));
        var deliveries = new ConcurrentQueue<ReceivedMessage>();
        var release = new TaskCompletionSource();
        var completed = new TaskCompletionSource();

        await using (var processor = Process(queue, new ProcessorOptions { MaxConcurrentMessages = 1 }, async (m, ct) =>
        {
            deliveries.Enqueue(m);
            await release.Task;
            await queue.Adapter.CompleteAsync(m, ct);
            completed.TrySetResult();
        }))
        {
            await WaitUntilAsync(() => !deliveries.IsEmpty);
            for (var step = 0; step < 6; step++) // three lock durations in half-lock steps
            {
                await AdvanceAsync(lockDuration / 2);
                await Task.Delay(100);
            }
            release.SetResult();
            await completed.Task.WaitAsync(Patience);
            Assert.Empty(processor.Errors);
        }

        Assert.Single(deliveries);
        Assert.Empty(await queue.Adapter.ReceiveAsync(queue.Name, 1, Glance));
    }

    [Fact]
    public async Task Stopped_processor_returns_and_takes_no_more_messages()
    {
        var queue = await CreateQueueAsync();
        var handled = 0;
        var processor = Process(queue, new ProcessorOptions(), async (m, ct) =>
        {
            await queue.Adapter.CompleteAsync(m, ct);
            Interlocked.Increment(ref handled);
        });
        await queue.Adapter.SendAsync(queue.Name, new OutgoingMessage("m1", "{}"));
        await WaitUntilAsync(() => Volatile.Read(ref handled) == 1);

        await processor.DisposeAsync();
        await queue.Adapter.SendAsync(queue.Name, new OutgoingMessage("m2", "{}"));

        Assert.Equal("m2", (await ReceiveOneAsync(queue)).MessageId);
        Assert.Equal(1, handled);
    }

    /// <summary>A running processor; disposing it stops it and waits (up to Patience) until ProcessAsync returned.</summary>
    protected sealed class RunningProcessor(Task running, CancellationTokenSource stop, ConcurrentQueue<Exception> errors) : IAsyncDisposable
    {
        public ConcurrentQueue<Exception> Errors => errors;

        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            await running.WaitAsync(Patience);
            stop.Dispose();
        }
    }

    private static RunningProcessor Process(QueueUnderTest queue, ProcessorOptions options, Func<ReceivedMessage, CancellationToken, Task> handle)
    {
        var stop = new CancellationTokenSource();
        var errors = new ConcurrentQueue<Exception>();
        var running = queue.Adapter.ProcessAsync(queue.Name, options, handle, e => { errors.Enqueue(e); return Task.CompletedTask; }, stop.Token);
        return new RunningProcessor(running, stop, errors);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience * 3;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the processor did not get there in time");
            await Task.Delay(20);
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen) { }
    }
}
