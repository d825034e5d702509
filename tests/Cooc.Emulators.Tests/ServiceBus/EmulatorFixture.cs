using Azure.Messaging.ServiceBus;
using Cooc.Emulators.ServiceBus;
using Cooc.Ports;

namespace Cooc.Emulators.Tests.ServiceBus;

/// <summary>One emulator and one client for a test class; every test makes its own queues.</summary>
public sealed class EmulatorFixture : IAsyncLifetime
{
    private ServiceBusEmulator? emulator;
    private ServiceBusClient? client;
    private int queueNumber;

    public ServiceBusEmulator Emulator => emulator ?? throw new InvalidOperationException("Not started.");

    public ServiceBusClient Client => client ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync()
    {
        emulator = await ServiceBusEmulator.StartAsync();
        client = new ServiceBusClient(emulator.ConnectionString, new ServiceBusClientOptions
        {
            RetryOptions = new ServiceBusRetryOptions { MaxRetries = 1, TryTimeout = TimeSpan.FromSeconds(10) },
        });
    }

    /// <summary>A new queue with a unique name.</summary>
    public string CreateQueue(QueueOptions? options = null)
    {
        var name = $"q{Interlocked.Increment(ref queueNumber)}";
        Emulator.CreateQueue(name, options ?? new QueueOptions());
        return name;
    }

    public async Task DisposeAsync()
    {
        if (client is not null) await client.DisposeAsync();
        if (emulator is not null) await emulator.DisposeAsync();
    }
}
