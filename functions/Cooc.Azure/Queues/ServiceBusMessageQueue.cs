using System.Collections.Concurrent;
using Azure.Core;
using Azure.Identity;
using Azure.Messaging.ServiceBus;
using Cooc.Ports;

namespace Cooc.Azure.Queues;

/// <summary>
/// The queues port on Service Bus: one long-lived client, one sender and one peek-lock receiver per queue, a
/// ServiceBusProcessor per processed queue (manual settlement, automatic lock renewal). Queue properties (lock
/// duration, max delivery count, duplicate detection) belong to the queues themselves, declared in infra.
/// </summary>
public sealed class ServiceBusMessageQueue : IMessageQueue, IAsyncDisposable
{
    private readonly ServiceBusClient _client;
    private readonly ServiceBusQueueOptions _options;
    private readonly ServiceBusDeliveries _deliveries;
    private readonly ConcurrentDictionary<string, ServiceBusSender> _senders = new();
    private readonly ConcurrentDictionary<string, ServiceBusReceiver> _receivers = new();
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _receiving = new();

    public ServiceBusMessageQueue(ServiceBusQueueOptions options, TimeProvider time, TokenCredential? credential = null)
    {
        _options = options;
        _deliveries = new ServiceBusDeliveries(time);
        var clientOptions = new ServiceBusClientOptions
        {
            RetryOptions = new ServiceBusRetryOptions { Mode = ServiceBusRetryMode.Exponential, MaxRetries = options.MaxRetries },
        };
        _client = options switch
        {
            { ConnectionString: { Length: > 0 } cs } => new ServiceBusClient(cs, clientOptions),
            { FullyQualifiedNamespace: { Length: > 0 } ns } => new ServiceBusClient(ns, credential ?? new DefaultAzureCredential(), clientOptions),
            _ => throw new InvalidOperationException("Set ServiceBus:connectionString or ServiceBus:fullyQualifiedNamespace."),
        };
    }

    public async Task SendAsync(string queue, OutgoingMessage message, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(message.MessageId);
        var sender = Sender(queue);
        var outgoing = new ServiceBusMessage(BinaryData.FromString(message.Body))
        {
            MessageId = message.MessageId, Subject = message.Subject, ContentType = "application/json",
        };
        if (message.ScheduledFor is { } at)
            await sender.ScheduleMessageAsync(outgoing, at, ct);
        else
            await sender.SendMessageAsync(outgoing, ct);
    }

    public async Task<IReadOnlyList<ReceivedMessage>> ReceiveAsync(string queue, int maxMessages, TimeSpan maxWait, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessages, 1);
        _deliveries.Sweep();
        var receiver = Receiver(queue);
        // One receive at a time per link: concurrent receives on one AMQP link fight over its credit and drain
        // (seen as a stalled receiver); the app's consumers use processors, so this only orders direct receives.
        var gate = _receiving.GetOrAdd(queue, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            var received = await receiver.ReceiveMessagesAsync(maxMessages, maxWait, ct);
            return received.Select(m => _deliveries.Hold(queue, m, new ReceiverSettlement(receiver, m))).ToList();
        }
        finally
        {
            gate.Release();
        }
    }

    public Task CompleteAsync(ReceivedMessage message, CancellationToken ct = default) =>
        _deliveries.SettleAsync(message, final: true, async s => { await s.CompleteAsync(ct); return true; });

    public Task AbandonAsync(ReceivedMessage message, CancellationToken ct = default) =>
        _deliveries.SettleAsync(message, final: true, async s => { await s.AbandonAsync(ct); return true; });

    public Task DeadLetterAsync(ReceivedMessage message, string reason, string? description = null, CancellationToken ct = default) =>
        _deliveries.SettleAsync(message, final: true, async s => { await s.DeadLetterAsync(reason, description, ct); return true; });

    public Task<DateTimeOffset> RenewLockAsync(ReceivedMessage message, CancellationToken ct = default) =>
        _deliveries.SettleAsync(message, final: false, s => s.RenewLockAsync(ct));

    public async Task ProcessAsync(string queue, ProcessorOptions options, Func<ReceivedMessage, CancellationToken, Task> handle,
        Func<Exception, Task> onError, CancellationToken ct)
    {
        await using var processor = _client.CreateProcessor(queue, new ServiceBusProcessorOptions
        {
            ReceiveMode = ServiceBusReceiveMode.PeekLock,
            AutoCompleteMessages = false,
            MaxConcurrentCalls = options.MaxConcurrentMessages,
            MaxAutoLockRenewalDuration = options.MaxLockRenewal,
        });
        processor.ProcessMessageAsync += async args =>
        {
            var message = _deliveries.Hold(queue, args.Message, new ProcessorSettlement(args));
            try
            {
                await handle(message, args.CancellationToken);
            }
            finally
            {
                _deliveries.Release(message.LockToken);
            }
        };
        processor.ProcessErrorAsync += args => onError(args.Exception);
        await processor.StartProcessingAsync(ct);
        try
        {
            await Task.Delay(Timeout.Infinite, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
        await processor.StopProcessingAsync(CancellationToken.None); // waits for running handlers
    }

    public Task<IReadOnlyList<DeadLetteredMessage>> PeekDeadLettersAsync(string queue, int maxMessages, CancellationToken ct = default) =>
        new ServiceBusDeadLetters(_client, queue, _options.DeadLetterSearchLimit).PeekAsync(maxMessages, ct);

    public Task<bool> ReplayDeadLetterAsync(string queue, long sequenceNumber, CancellationToken ct = default) =>
        new ServiceBusDeadLetters(_client, queue, _options.DeadLetterSearchLimit).TakeAsync(sequenceNumber, Sender(queue), ct);

    public Task<bool> RemoveDeadLetterAsync(string queue, long sequenceNumber, CancellationToken ct = default) =>
        new ServiceBusDeadLetters(_client, queue, _options.DeadLetterSearchLimit).TakeAsync(sequenceNumber, resendTo: null, ct);

    private ServiceBusSender Sender(string queue)
    {
        ArgumentException.ThrowIfNullOrEmpty(queue);
        return _senders.GetOrAdd(queue, q => _client.CreateSender(q));
    }

    private ServiceBusReceiver Receiver(string queue)
    {
        ArgumentException.ThrowIfNullOrEmpty(queue);
        return _receivers.GetOrAdd(queue, q => _client.CreateReceiver(q, new ServiceBusReceiverOptions { ReceiveMode = ServiceBusReceiveMode.PeekLock }));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var receiver in _receivers.Values) await receiver.DisposeAsync();
        foreach (var sender in _senders.Values) await sender.DisposeAsync();
        await _client.DisposeAsync();
    }
}
