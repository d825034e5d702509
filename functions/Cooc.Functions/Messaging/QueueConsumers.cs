using Cooc.Ports;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Cooc.Functions.Messaging;

/// <summary>
/// Runs the message handlers over the queue port (the Functions Service Bus trigger is not available to this app):
/// the port's processor (a ServiceBusProcessor in Azure, a receive loop embedded) delivers peek-locked messages and
/// keeps their locks renewed; this class handles and settles them: complete; on failure abandon (redelivered until the
/// queue's max delivery count, then dead-lettered with the error as reason); poison messages straight to the
/// dead-letter queue.
/// </summary>
public sealed class QueueConsumers(IMessageQueue queue, MessageHandlers handlers, QueueOptions queueOptions,
    ProcessorOptions processorOptions, ILogger<QueueConsumers> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(handlers.Queues.Select(name => queue.ProcessAsync(name, processorOptions,
            (message, ct) => HandleOneAsync(handlers.For(name, message), message, ct),
            e =>
            {
                logger.LogError(e, "Receiving from {Queue} failed; retrying", name);
                return Task.CompletedTask;
            },
            stoppingToken)));

    private async Task HandleOneAsync(IMessageHandler? handler, ReceivedMessage message, CancellationToken stop)
    {
        try
        {
            await SettleAsync(message, await HandleAsync(handler, message, stop), stop);
        }
        catch (MessageLockLostException)
        {
            // The lock expired while we worked: the message comes again, and handlers are idempotent.
            logger.LogWarning("Lost the lock on {MessageId} on {Queue}; it will be delivered again", message.MessageId, message.Queue);
        }
    }

    /// <summary>What to do with the message: null to complete it, or why it failed.</summary>
    private async Task<Exception?> HandleAsync(IMessageHandler? handler, ReceivedMessage message, CancellationToken stop)
    {
        try
        {
            if (handler is null) throw new PoisonMessageException($"No handler on this queue takes the subject '{message.Subject}'.");
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
}
