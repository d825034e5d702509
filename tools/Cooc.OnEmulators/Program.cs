using Cooc.Emulators.Azurite;
using Cooc.Emulators.Cosmos;
using Cooc.Emulators.Node;
using Cooc.Emulators.ServiceBus;
using Cooc.Functions.Hosting;
using Cooc.Ports;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

// Standalone Cooc with every port on its Azure adapter, against local protocol servers: cosmosdb-server and Azurite
// (Node, installed into tools/emulators on first use) and the in-process Service Bus AMQP emulator. Everything they
// hold is in memory and gone when this stops. Extra arguments go to the app (e.g. --urls http://localhost:8080).
if (NodeCommands.FindOnPath("node") is null || NodeCommands.FindOnPath("npm") is null)
{
    var (exit, output) = await NodeCommands.RunAsync("bash", "tools/ensure-node.sh", RepositoryFolders.Root, TimeSpan.FromMinutes(10), CancellationToken.None);
    Console.WriteLine(output);
    if (exit != 0) return exit;
}
Console.WriteLine("Starting emulators (the first run installs their npm packages)...");
await using var cosmos = await CosmosEmulator.StartAsync();
await using var azurite = await AzuriteEmulator.StartAsync();
await using var serviceBus = await ServiceBusEmulator.StartAsync();

var app = StandaloneApp.Build(
[
    "--Cooc:Adapters:Documents", "Azure", "--Cooc:Adapters:Blobs", "Azure", "--Cooc:Adapters:Queues", "Azure",
    "--Cosmos:ConnectionString", cosmos.ConnectionString, "--Cosmos:AcceptAnyServerCertificate", "true",
    "--Blob:ConnectionString", azurite.ConnectionString,
    "--ServiceBus:ConnectionString", serviceBus.ConnectionString,
    .. args,
]);
var queueOptions = app.Services.GetRequiredService<QueueOptions>();
foreach (var queue in Queues.All) serviceBus.CreateQueue(queue, queueOptions);

Console.WriteLine($"Cosmos DB:   {cosmos.Endpoint} (cosmosdb-server)");
Console.WriteLine($"Blob:        {azurite.BlobEndpoint} (Azurite)");
Console.WriteLine($"Service Bus: sb://127.0.0.1:{serviceBus.Port} (AMQP emulator)");
await app.RunAsync();
return 0;
