using Cooc.Emulators.Azurite;
using Cooc.Emulators.Cosmos;
using Cooc.Emulators.ServiceBus;
using Cooc.Ports;
using Microsoft.Extensions.DependencyInjection;

namespace Cooc.Api.Tests.Storage;

/// <summary>
/// The Azure adapters, each app on storage of its own: a fresh database on the shared cosmosdb-server, its own Azurite
/// and its own Service Bus emulator (queues declared with the app's queue options).
/// </summary>
public static class TestStorage
{
    public static string Name => "azure";

    private static readonly Lazy<Task<CosmosEmulator>> Cosmos = new(() => CosmosEmulator.StartAsync());

    public static async Task<ITestStorage> StartAsync()
    {
        var cosmos = await Cosmos.Value;
        var azurite = await AzuriteEmulator.StartAsync();
        var serviceBus = await ServiceBusEmulator.StartAsync();
        return new AzureStorage(cosmos, azurite, serviceBus);
    }

    private sealed class AzureStorage(CosmosEmulator cosmos, AzuriteEmulator azurite, ServiceBusEmulator serviceBus) : ITestStorage
    {
        public string[] Settings =>
        [
            "--Cooc:Adapters:Documents", "Azure", "--Cooc:Adapters:Blobs", "Azure", "--Cooc:Adapters:Queues", "Azure",
            "--Cosmos:ConnectionString", cosmos.ConnectionString, "--Cosmos:DatabaseName", "cooc-" + Guid.NewGuid().ToString("N"),
            "--Cosmos:AcceptAnyServerCertificate", "true",
            "--Blob:ConnectionString", azurite.ConnectionString,
            "--ServiceBus:ConnectionString", serviceBus.ConnectionString,
        ];

        public Task PrepareAsync(IServiceProvider services)
        {
            var options = services.GetRequiredService<QueueOptions>();
            foreach (var queue in Queues.All) serviceBus.CreateQueue(queue, options);
            return Task.CompletedTask;
        }

        public async ValueTask DisposeAsync()
        {
            await serviceBus.DisposeAsync();
            await azurite.DisposeAsync();
        }
    }
}
