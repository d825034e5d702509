using System.Collections.Concurrent;
using Cooc.Ports;

namespace Cooc.Adapters.Tests.Queues;

public abstract partial class QueueContract
{
    [Fact]
    public async Task Scheduled_message_is_invisible_until_due()
    {
        var queue = await CreateQueueAsync();
        var delay = ShortLock;
        await queue.Adapter.SendAsync(queue.Name, new OutgoingMessage("later", "{}", Time.GetUtcNow() + delay));
        await queue.Adapter.SendAsync(queue.Name, new OutgoingMessage("now", "{}"));

        Assert.Equal("now", (await ReceiveOneAsync(queue)).MessageId);
        Assert.Empty(await queue.Adapter.ReceiveAsync(queue.Name, 1, Glance));

        await AdvanceAsync(delay + Margin);

        Assert.Equal("later", (await ReceiveOneAsync(queue)).MessageId);
    }

    [Fact]
    public async Task Duplicate_message_id_within_the_window_is_dropped_even_after_completion()
    {
        var queue = await CreateQueueAsync(new QueueOptions { DuplicateDetectionWindow = ShortDuplicateWindow });
        await queue.Adapter.SendAsync(queue.Name, new OutgoingMessage("m1", "first"));
        await queue.Adapter.SendAsync(queue.Name, new OutgoingMessage("m1", "second"));

        var received = await ReceiveOneAsync(queue);
        await queue.Adapter.CompleteAsync(received);
        await queue.Adapter.SendAsync(queue.Name, new OutgoingMessage("m1", "third"));

        Assert.Equal("first", received.Body);
        Assert.Empty(await queue.Adapter.ReceiveAsync(queue.Name, 1, Glance));
    }

    [Fact]
    public async Task Message_id_is_accepted_again_after_the_duplicate_window()
    {
        var queue = await CreateQueueAsync(new QueueOptions { DuplicateDetectionWindow = ShortDuplicateWindow });
        await queue.Adapter.SendAsync(queue.Name, new OutgoingMessage("m1", "first"));
        await queue.Adapter.CompleteAsync(await ReceiveOneAsync(queue));

        await AdvanceAsync(ShortDuplicateWindow + Margin);
        await queue.Adapter.SendAsync(queue.Name, new OutgoingMessage("m1", "again"));

        Assert.Equal("again", (await ReceiveOneAsync(queue)).Body);
    }

    [Fact]
    public async Task Queues_are_independent_for_delivery_and_duplicate_detection()
    {
        var grading = await CreateQueueAsync();
        var certificates = await CreateQueueAsync();
        await grading.Adapter.SendAsync(grading.Name, new OutgoingMessage("m1", "grading"));
        await certificates.Adapter.SendAsync(certificates.Name, new OutgoingMessage("m1", "certificates"));

        Assert.Equal("grading", (await ReceiveOneAsync(grading)).Body);
        Assert.Equal("certificates", (await ReceiveOneAsync(certificates)).Body);
        Assert.Empty(await grading.Adapter.ReceiveAsync(grading.Name, 1, Glance));
    }

    [Fact]
    public async Task Concurrent_receivers_get_every_message_exactly_once()
    {
        const int total = 500;
        var queue = await CreateQueueAsync(new QueueOptions { LockDuration = TimeSpan.FromMinutes(1) });
        foreach (var chunk in Enumerable.Range(0, total).Chunk(50))
            await Task.WhenAll(chunk.Select(i => queue.Adapter.SendAsync(queue.Name, new OutgoingMessage($"m{i}", $"{i}"))));
        var delivered = new ConcurrentBag<string>();
        var completed = 0;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        async Task ConsumeAsync()
        {
            while (Volatile.Read(ref completed) < total && !timeout.IsCancellationRequested)
            {
                foreach (var message in await queue.Adapter.ReceiveAsync(queue.Name, 10, TimeSpan.FromMilliseconds(200)))
                {
                    delivered.Add(message.MessageId);
                    await queue.Adapter.CompleteAsync(message);
                    Interlocked.Increment(ref completed);
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(ConsumeAsync)));

        Assert.Equal(total, delivered.Count);
        Assert.Equal(total, delivered.Distinct().Count());
        Assert.Empty(await queue.Adapter.ReceiveAsync(queue.Name, 1, Glance));
    }
}
