using Cooc.Azure.Queues;
using Cooc.Emulators.ServiceBus;
using Cooc.Ports;

namespace Cooc.Adapters.Tests.Queues;

/// <summary>
/// The contract against the Service Bus adapter, over AMQP to the in-process emulator with the real client, on real
/// time: each test gets its own emulator, adapter and queues.
/// </summary>
public sealed class ServiceBusMessageQueueContractTests : QueueContract, IAsyncLifetime
{
    private ServiceBusEmulator _emulator = null!;
    private readonly List<ServiceBusMessageQueue> _adapters = [];

    protected override TimeProvider Time => TimeProvider.System;

    public async Task InitializeAsync() => _emulator = await ServiceBusEmulator.StartAsync();

    protected override Task<QueueUnderTest> CreateQueueAsync(QueueOptions options)
    {
        var name = $"queue-{Guid.NewGuid():N}";
        _emulator.CreateQueue(name, options);
        var adapter = new ServiceBusMessageQueue(new ServiceBusQueueOptions { ConnectionString = _emulator.ConnectionString }, TimeProvider.System);
        _adapters.Add(adapter);
        return Task.FromResult(new QueueUnderTest(adapter, name));
    }

    protected override Task AdvanceAsync(TimeSpan duration) => Task.Delay(duration);

    public async Task DisposeAsync()
    {
        foreach (var adapter in _adapters) await adapter.DisposeAsync();
        await _emulator.DisposeAsync();
    }
}
