using Cooc.Ports;

namespace Cooc.Adapters.Tests.Queues;

/// <summary>An adapter under test and the name of a queue on it that is empty and has the requested options.</summary>
public sealed record QueueUnderTest(IMessageQueue Adapter, string Name);

/// <summary>
/// The queues port contract, run against every adapter. Time-dependent tests move the adapter's clock with
/// <see cref="AdvanceAsync"/>: a fake clock for the embedded queue, real waiting against a real server; the durations
/// are kept short but within Service Bus limits (lock at least 5 s, duplicate window at least 20 s).
/// </summary>
public abstract partial class QueueContract
{
    /// <summary>Maximum wait when a message is expected: a real server may take a moment.</summary>
    protected static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    /// <summary>Maximum wait when no message is expected.</summary>
    protected static readonly TimeSpan Glance = TimeSpan.FromMilliseconds(300);

    /// <summary>A fresh, empty queue with these options, on the adapter under test.</summary>
    protected abstract Task<QueueUnderTest> CreateQueueAsync(QueueOptions options);

    /// <summary>The clock the adapter reads (for scheduled times).</summary>
    protected abstract TimeProvider Time { get; }

    /// <summary>Lets this much time pass for the adapter: advance a fake clock, or really wait.</summary>
    protected abstract Task AdvanceAsync(TimeSpan duration);

    /// <summary>The lock of tests that wait for a lock to end.</summary>
    protected virtual TimeSpan ShortLock => TimeSpan.FromSeconds(5);

    /// <summary>The lock of every other test: on real time a loaded machine has stalled for 4 s, near the short lock.</summary>
    protected static readonly TimeSpan LongLock = TimeSpan.FromMinutes(1);

    protected virtual TimeSpan ShortDuplicateWindow => TimeSpan.FromSeconds(20);

    /// <summary>How far past a deadline the tests step, so a server's timers have certainly fired.</summary>
    protected virtual TimeSpan Margin => TimeSpan.FromSeconds(1);

    protected Task<QueueUnderTest> CreateQueueAsync() => CreateQueueAsync(new QueueOptions { LockDuration = LongLock });

    protected Task<QueueUnderTest> CreateShortLockQueueAsync() => CreateQueueAsync(new QueueOptions { LockDuration = ShortLock });

    [Fact]
    public async Task Sent_message_is_received_with_its_content_on_first_delivery()
    {
        var queue = await CreateQueueAsync();
        var before = Time.GetUtcNow();
        await queue.Adapter.SendAsync(queue.Name, new OutgoingMessage("m1", """{"lecture":"l1"}""", Subject: "ingest"));

        var message = await ReceiveOneAsync(queue);

        Assert.Equal(queue.Name, message.Queue);
        Assert.Equal("m1", message.MessageId);
        Assert.Equal("""{"lecture":"l1"}""", message.Body);
        Assert.Equal("ingest", message.Subject);
        Assert.Equal(1, message.DeliveryCount);
        Assert.True(Guid.TryParse(message.LockToken, out _), $"lock token '{message.LockToken}' is not a GUID");
        Assert.InRange(message.LockedUntil, before + LongLock - Margin, Time.GetUtcNow() + LongLock + Margin);
        Assert.InRange(message.EnqueuedAt, before - Margin, Time.GetUtcNow() + Margin);
    }

    [Fact]
    public async Task Completed_message_is_not_delivered_again()
    {
        var queue = await CreateShortLockQueueAsync();
        await queue.Adapter.SendAsync(queue.Name, new OutgoingMessage("m1", "{}"));
        await queue.Adapter.CompleteAsync(await ReceiveOneAsync(queue));

        await AdvanceAsync(ShortLock + Margin);

        Assert.Empty(await queue.Adapter.ReceiveAsync(queue.Name, 10, Glance));
    }

    [Fact]
    public async Task Receive_on_an_empty_queue_returns_nothing_after_max_wait()
    {
        var queue = await CreateQueueAsync();
        var waited = System.Diagnostics.Stopwatch.StartNew();

        var messages = await queue.Adapter.ReceiveAsync(queue.Name, 5, TimeSpan.FromMilliseconds(400));

        Assert.Empty(messages);
        Assert.InRange(waited.Elapsed, TimeSpan.FromMilliseconds(350), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Receive_returns_at_most_max_messages_in_sequence_order()
    {
        var queue = await CreateQueueAsync();
        for (var i = 1; i <= 5; i++)
            await queue.Adapter.SendAsync(queue.Name, new OutgoingMessage($"m{i}", $"{i}"));

        var first = await queue.Adapter.ReceiveAsync(queue.Name, 3, Patience);
        var all = first.Concat(await ReceiveAllAsync(queue, 5 - first.Count)).ToList();

        Assert.InRange(first.Count, 1, 3);
        Assert.Equal(["m1", "m2", "m3", "m4", "m5"], all.Select(m => m.MessageId));
        var sequence = all.Select(m => m.SequenceNumber).ToList();
        Assert.Equal(sequence.Order(), sequence);
        Assert.Equal(5, sequence.Distinct().Count());
    }

    [Fact]
    public async Task Locked_message_is_not_delivered_to_another_receiver()
    {
        var queue = await CreateQueueAsync();
        await queue.Adapter.SendAsync(queue.Name, new OutgoingMessage("m1", "{}"));
        await ReceiveOneAsync(queue);

        Assert.Empty(await queue.Adapter.ReceiveAsync(queue.Name, 1, Glance));
    }

    [Fact]
    public async Task Receive_wakes_promptly_when_a_message_is_sent_during_the_wait()
    {
        var queue = await CreateQueueAsync();
        var receive = queue.Adapter.ReceiveAsync(queue.Name, 1, TimeSpan.FromSeconds(20));
        await Task.Delay(300);
        Assert.False(receive.IsCompleted);

        var sent = System.Diagnostics.Stopwatch.StartNew();
        await queue.Adapter.SendAsync(queue.Name, new OutgoingMessage("m1", "{}"));
        var messages = await receive;

        Assert.Equal("m1", Assert.Single(messages).MessageId);
        Assert.True(sent.Elapsed < TimeSpan.FromSeconds(2), $"woke {sent.Elapsed} after the send");
    }

    protected async Task<ReceivedMessage> ReceiveOneAsync(QueueUnderTest queue) =>
        Assert.Single(await queue.Adapter.ReceiveAsync(queue.Name, 1, Patience));

    /// <summary>Receives until count messages arrived (a server may hand out a batch in parts).</summary>
    protected async Task<List<ReceivedMessage>> ReceiveAllAsync(QueueUnderTest queue, int count)
    {
        var received = new List<ReceivedMessage>();
        while (received.Count < count)
        {
            var batch = await queue.Adapter.ReceiveAsync(queue.Name, count - received.Count, Patience);
            Assert.NotEmpty(batch);
            received.AddRange(batch);
        }
        return received;
    }
}
