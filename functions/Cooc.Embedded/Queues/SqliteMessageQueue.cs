using System.Diagnostics;
using Cooc.Ports;

namespace Cooc.Embedded.Queues;

/// <summary>
/// The embedded queue: a SQLite file (WAL) that behaves like Service Bus queues in peek-lock mode. Any queue name
/// works without declaring it. Lock, schedule and duplicate-detection times come from the TimeProvider; receive
/// waits (maxWait, the poll interval) are wall-clock.
/// </summary>
/// <remarks>
/// One connection per instance, used by one operation at a time behind an async gate: SQLite has a single writer
/// anyway, and in-process callers then queue without blocking threads in SQLite's busy handler. Writes that read
/// before they write use BEGIN IMMEDIATE, so other processes or instances on the same file are safe too.
/// </remarks>
public sealed class SqliteMessageQueue : IMessageQueue, IDisposable, IAsyncDisposable
{
    private readonly SqliteMessageQueueOptions _options;
    private readonly TimeProvider _time;
    private readonly QueueConnection _db;
    private readonly QueueSignals _signals = new();
    private readonly WaitingSends _sends = new();
    // Neither is disposed: late callers must still be able to wait on the gate and link to the token, then fail.
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly CancellationTokenSource _disposing = new();
    private volatile bool _disposed;

    public SqliteMessageQueue(SqliteMessageQueueOptions options, TimeProvider? time = null)
    {
        _options = options;
        _time = time ?? TimeProvider.System;
        _db = QueueDatabase.Open(options);
    }

    /// <summary>Returns once the message is committed (or dropped as a duplicate), written with the other sends waiting then (<see cref="WaitingSends"/>).</summary>
    public async Task SendAsync(string queue, OutgoingMessage message, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(queue);
        ArgumentException.ThrowIfNullOrEmpty(message.MessageId);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var send = new WaitingSend(queue, message, _options.For(queue));
        if (_sends.Add(send))
            _ = Task.Run(FlushSendsAsync, CancellationToken.None);
        bool written;
        try
        {
            written = await send.Written.Task.WaitAsync(ct);
        }
        catch (OperationCanceledException) when (!_sends.Withdraw(send))
        {
            written = await send.Written.Task; // a flush took it before the cancellation: what became of it is the answer
        }
        // Receivers wake for a message they can take now; a scheduled one is found by their poll once due.
        if (written && (message.ScheduledFor is not { } at || at <= _time.GetUtcNow()))
            _signals.Pulse(queue);
    }

    private async Task FlushSendsAsync()
    {
        do
        {
            try
            {
                await RunAsync(db =>
                {
                    var batch = _sends.TakeAll();
                    if (batch.Count > 0) Enqueueing.SendAll(db, batch, _time.GetUtcNow());
                }, CancellationToken.None);
            }
            catch (Exception e)
            {
                // The queue was disposed: nothing is written any more.
                foreach (var send in _sends.TakeAll())
                    send.Written.TrySetException(e);
            }
        }
        while (!_sends.EndFlushIfEmpty());
    }

    public async Task<IReadOnlyList<ReceivedMessage>> ReceiveAsync(
        string queue, int maxMessages, TimeSpan maxWait, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(queue);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessages, 1);
        var options = _options.For(queue);
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            var pulse = _signals.NextPulse(queue);
            var locked = await RunAsync(db =>
            {
                var now = _time.GetUtcNow();
                return Locking.AnyDeliverable(db, queue, now)
                    ? Locking.LockBatch(db, queue, maxMessages, now, options)
                    : [];
            }, ct);
            var remaining = maxWait - Stopwatch.GetElapsedTime(started);
            if (locked.Count > 0 || remaining <= TimeSpan.Zero)
                return locked;
            await WaitForPulseAsync(pulse, remaining < _options.PollInterval ? remaining : _options.PollInterval, ct);
        }
    }

    public Task CompleteAsync(ReceivedMessage message, CancellationToken ct = default) =>
        RunAsync(db => Settlement.Complete(db, message, _time.GetUtcNow()), ct);

    public async Task AbandonAsync(ReceivedMessage message, CancellationToken ct = default)
    {
        var options = _options.For(message.Queue);
        await RunAsync(db => Settlement.Abandon(db, message, _time.GetUtcNow(), options), ct);
        _signals.Pulse(message.Queue);
    }

    public Task DeadLetterAsync(ReceivedMessage message, string reason, string? description = null, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(reason);
        return RunAsync(db => Settlement.DeadLetter(db, message, reason, description, _time.GetUtcNow()), ct);
    }

    public Task<DateTimeOffset> RenewLockAsync(ReceivedMessage message, CancellationToken ct = default)
    {
        var options = _options.For(message.Queue);
        return RunAsync(db => Settlement.Renew(db, message, _time.GetUtcNow(), options), ct);
    }

    public Task ProcessAsync(string queue, ProcessorOptions options, Func<ReceivedMessage, CancellationToken, Task> handle,
        Func<Exception, Task> onError, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(queue);
        return new QueuePump(this, queue, _options.For(queue), options, _time).RunAsync(handle, onError, ct);
    }

    public async Task<IReadOnlyList<DeadLetteredMessage>> PeekDeadLettersAsync(
        string queue, int maxMessages, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(queue);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessages, 1);
        var options = _options.For(queue);
        return await RunAsync(db =>
        {
            DeadLetterStore.SweepExhausted(db, queue, _time.GetUtcNow(), options);
            return DeadLetterStore.Peek(db, queue, maxMessages);
        }, ct);
    }

    public async Task<bool> ReplayDeadLetterAsync(string queue, long sequenceNumber, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(queue);
        var replayed = await RunAsync(db => DeadLetterStore.Replay(db, queue, sequenceNumber, _time.GetUtcNow()), ct);
        if (replayed)
            _signals.Pulse(queue);
        return replayed;
    }

    public Task<bool> RemoveDeadLetterAsync(string queue, long sequenceNumber, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(queue);
        return RunAsync(db => DeadLetterStore.Remove(db, null, queue, sequenceNumber), ct);
    }

    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        _disposing.Cancel();
        _gate.Wait();
        try
        {
            _db.Dispose();
        }
        finally
        {
            _gate.Release();
        }
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private Task RunAsync(Action<QueueConnection> work, CancellationToken ct) =>
        RunAsync(db => { work(db); return true; }, ct);

    private async Task<T> RunAsync<T>(Func<QueueConnection, T> work, CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _gate.WaitAsync(ct);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return work(_db);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task WaitForPulseAsync(Task pulse, TimeSpan timeout, CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct, _disposing.Token);
        await Task.WhenAny(pulse, Task.Delay(timeout, stop.Token));
        // Frees the timer when the pulse came first.
        await stop.CancelAsync();
        ct.ThrowIfCancellationRequested();
    }
}
