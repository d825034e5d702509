using Cooc.Embedded.Queues;
using Cooc.Ports;
using Microsoft.Extensions.Time.Testing;

namespace Cooc.Adapters.Tests.Queues;

/// <summary>The contract against the embedded queue, on a fake clock: every queue of a test shares one file.</summary>
public sealed class SqliteMessageQueueContractTests : QueueContract, IDisposable
{
    private readonly QueueFiles _files = new();
    private readonly FakeTimeProvider _time = new();

    protected override TimeProvider Time => _time;

    // A new instance per queue, each configured through a per-queue override, all on the same file.
    protected override Task<QueueUnderTest> CreateQueueAsync(QueueOptions options)
    {
        var name = $"queue-{Guid.NewGuid():N}";
        var adapter = _files.Open(_time, settings => settings.Queues[name] = options);
        return Task.FromResult(new QueueUnderTest(adapter, name));
    }

    protected override Task AdvanceAsync(TimeSpan duration)
    {
        _time.Advance(duration);
        return Task.CompletedTask;
    }

    public void Dispose() => _files.Dispose();
}
