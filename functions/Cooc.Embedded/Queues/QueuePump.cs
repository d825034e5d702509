using Cooc.Ports;

namespace Cooc.Embedded.Queues;

/// <summary>
/// The embedded queue's processor: a receive loop that keeps at most MaxConcurrentMessages handlers running and
/// renews each message's lock every half lock duration (on the queue's clock) while its handler runs.
/// </summary>
internal sealed class QueuePump(IMessageQueue queue, string name, QueueOptions queueOptions, ProcessorOptions options, TimeProvider time)
{
    private static readonly TimeSpan ReceiveWait = TimeSpan.FromSeconds(5);

    public async Task RunAsync(Func<ReceivedMessage, CancellationToken, Task> handle, Func<Exception, Task> onError, CancellationToken stop)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxConcurrentMessages, 1);
        using var slots = new SemaphoreSlim(options.MaxConcurrentMessages);
        var running = new List<Task>();
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await slots.WaitAsync(stop);
                var free = 1 + ReserveFree(slots);
                IReadOnlyList<ReceivedMessage> messages;
                try
                {
                    messages = await queue.ReceiveAsync(name, free, ReceiveWait, stop);
                }
                finally
                {
                    slots.Release(free);
                }
                foreach (var message in messages)
                {
                    await slots.WaitAsync(stop);
                    running.Add(HandleAsync(message, handle, onError, slots, stop));
                }
                running.RemoveAll(t => t.IsCompleted);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested) { }
            catch (Exception e)
            {
                await onError(e);
                await Task.Delay(TimeSpan.FromSeconds(1), time, stop).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
        await Task.WhenAll(running);
    }

    /// <summary>Takes every slot that is free right now, so one receive fills them all.</summary>
    private static int ReserveFree(SemaphoreSlim slots)
    {
        var taken = 0;
        while (slots.Wait(0)) taken++;
        return taken;
    }

    private async Task HandleAsync(ReceivedMessage message, Func<ReceivedMessage, CancellationToken, Task> handle,
        Func<Exception, Task> onError, SemaphoreSlim slots, CancellationToken stop)
    {
        using var renewing = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var renewal = RenewWhileRunningAsync(message, renewing.Token);
        try
        {
            await Task.Yield();
            await handle(message, stop);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested) { } // shutting down: the lock lapses, the message returns
        catch (Exception e)
        {
            await onError(e); // the handler did not settle: the message returns when its lock lapses
        }
        finally
        {
            await renewing.CancelAsync();
            await renewal;
            slots.Release();
        }
    }

    private async Task RenewWhileRunningAsync(ReceivedMessage message, CancellationToken ct)
    {
        var until = time.GetUtcNow() + options.MaxLockRenewal;
        try
        {
            while (time.GetUtcNow() < until)
            {
                // Most handlers finish long before the first renewal: their end must not cost an exception.
                await Task.Delay(queueOptions.LockDuration / 2, time, ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                if (ct.IsCancellationRequested) return;
                await queue.RenewLockAsync(message, ct);
            }
        }
        catch (OperationCanceledException) { }
        catch (MessageLockLostException) { }
    }
}
