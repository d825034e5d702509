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
            await handler.HandleAsync(message, stop);
            await queue.CompleteAsync(message, stop);
        }
        catch (PoisonMessageException poison)
        {
            logger.LogWarning("Dead-lettering poison message {MessageId} on {Queue}: {Reason}", message.MessageId, message.Queue, poison.Message);
            await queue.DeadLetterAsync(message, "PoisonMessage", poison.Message, stop);
        }
        catch (Exception e) when (!stop.IsCancellationRequested)
        {
            logger.LogError(e, "Handling {MessageId} on {Queue} failed (delivery {Count})", message.MessageId, message.Queue, message.DeliveryCount);
            if (message.DeliveryCount >= queueOptions.MaxDeliveryCount)
                await queue.DeadLetterAsync(message, "MaxDeliveryCountExceeded", $"{e.GetType().Name}: {e.Message}", stop);
            else
                await queue.AbandonAsync(message, stop);
        }
        finally
        {
            await renewing.CancelAsync();
            await renewal;
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
