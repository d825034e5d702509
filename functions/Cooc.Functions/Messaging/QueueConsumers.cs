using Cooc.Ports;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Cooc.Functions.Messaging;

/// <summary>
/// Runs the message handlers over the queue port (the Functions Service Bus trigger is not available to this app):
/// peek-lock, handle, complete; on failure abandon (redelivered until the queue's max delivery count, then
/// dead-lettered with the error as reason); poison messages straight to the dead-letter queue. The lock is
/// renewed while a handler runs.
/// </summary>
public sealed class QueueConsumers(IMessageQueue queue, IEnumerable<IMessageHandler> handlers, QueueOptions queueOptions, ILogger<QueueConsumers> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(handlers.GroupBy(h => h.Queue).Select(g => ConsumeAsync(g.Key, g.First(), stoppingToken)));

    private async Task ConsumeAsync(string queueName, IMessageHandler handler, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var messages = await queue.ReceiveAsync(queueName, 16, TimeSpan.FromSeconds(5), stop);
                await Task.WhenAll(messages.Select(m => HandleOneAsync(handler, m, stop)));
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested) { }
            catch (Exception e)
            {
                logger.LogError(e, "Receiving from {Queue} failed; retrying", queueName);
                await Task.Delay(TimeSpan.FromSeconds(1), stop).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private async Task HandleOneAsync(IMessageHandler handler, ReceivedMessage message, CancellationToken stop)
    {
        using var renewing = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var renewal = RenewWhileRunningAsync(message, renewing.Token);
        try
        {
            await SettleAsync(message, await HandleAsync(handler, message, stop), stop);
        }
        catch (MessageLockLostException)
        {
            // The lock expired while we worked: the message comes again, and handlers are idempotent.
            logger.LogWarning("Lost the lock on {MessageId} on {Queue}; it will be delivered again", message.MessageId, message.Queue);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested) { } // shutting down: the lock lapses, the message returns
        finally
        {
            await renewing.CancelAsync();
            await renewal;
        }
    }

    /// <summary>What to do with the message: null to complete it, or why it failed.</summary>
    private async Task<Exception?> HandleAsync(IMessageHandler handler, ReceivedMessage message, CancellationToken stop)
    {
        try
        {
            await handler.HandleAsync(message, stop);
            return null;
        }
        catch (Exception e) when (e is not OperationCanceledException || !stop.IsCancellationRequested)
        {
            return e;
        }
    }

    private async Task SettleAsync(ReceivedMessage message, Exception? failure, CancellationToken stop)
    {
        switch (failure)
        {
            case null:
                await queue.CompleteAsync(message, stop);
                break;
            case PoisonMessageException poison:
                logger.LogWarning("Dead-lettering poison message {MessageId} on {Queue}: {Reason}", message.MessageId, message.Queue, poison.Message);
                await queue.DeadLetterAsync(message, "PoisonMessage", poison.Message, stop);
                break;
            default:
                logger.LogError(failure, "Handling {MessageId} on {Queue} failed (delivery {Count})", message.MessageId, message.Queue, message.DeliveryCount);
                // On the last delivery, dead-letter it ourselves so the reason says what went wrong.
                if (message.DeliveryCount >= queueOptions.MaxDeliveryCount)
                    await queue.DeadLetterAsync(message, "MaxDeliveryCountExceeded", $"{failure.GetType().Name}: {failure.Message}", stop);
                else
                    await queue.AbandonAsync(message, stop);
                break;
        }
    }

    private async Task RenewWhileRunningAsync(ReceivedMessage message, CancellationToken ct)
    {
        try
        {
            while (true)
            {
                await Task.Delay(queueOptions.LockDuration / 2, ct);
                await queue.RenewLockAsync(message, ct);
            }
        }
        catch (OperationCanceledException) { }
        catch (MessageLockLostException) { }
    }
}
