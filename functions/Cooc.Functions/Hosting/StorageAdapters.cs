using Azure.Core;
using Azure.Identity;
using Cooc.Azure.Blobs;
using Cooc.Azure.Documents;
using Cooc.Azure.Queues;
using Cooc.Embedded;
using Cooc.Embedded.Blobs;
using Cooc.Embedded.Documents;
using Cooc.Embedded.Queues;
using Cooc.Ports;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cooc.Functions.Hosting;

public enum AdapterKind { Embedded, Azure }

/// <summary>
/// Settings under "Cooc:Adapters": which adapter serves each port. Functions mode defaults to Azure, standalone to
/// embedded; standalone can run on the Azure adapters too (against emulators or a real account).
/// </summary>
public sealed class AdapterSettings
{
    public AdapterKind? Documents { get; set; }
    public AdapterKind? Blobs { get; set; }
    public AdapterKind? Queues { get; set; }

    /// <summary>Create the Cosmos database and containers and the blob containers on start-up (default: standalone only; in Azure, infra does).</summary>
    public bool? CreateResources { get; set; }
}

/// <summary>Registers one adapter per port. Azure settings: sections "Cosmos", "Blob" and "ServiceBus" (connection string or identity-based endpoint).</summary>
public static class StorageAdapters
{
    public static void AddStorageAdapters(this IServiceCollection services, IConfiguration configuration, RunMode mode,
        CoocSettings settings, string dataPath, QueueOptions queueOptions)
    {
        var adapters = configuration.GetSection("Cooc:Adapters").Get<AdapterSettings>() ?? new AdapterSettings();
        var fallback = mode == RunMode.Functions ? AdapterKind.Azure : AdapterKind.Embedded;
        var synchronous = Enum.Parse<SqliteSynchronous>(settings.Synchronous, ignoreCase: true);
        services.AddSingleton<TokenCredential>(_ => new DefaultAzureCredential());
        var resources = new StartupResources(adapters.CreateResources ?? mode == RunMode.Standalone);
        services.AddSingleton(resources);
        services.AddHostedService(sp => new StartupResourcesService(sp, sp.GetRequiredService<StartupResources>()));

        if ((adapters.Documents ?? fallback) == AdapterKind.Azure)
        {
            var options = configuration.GetSection("Cosmos").Get<CosmosDocumentStoreOptions>() ?? new CosmosDocumentStoreOptions();
            services.AddSingleton(sp => new CosmosDocumentStore(options, Credential(sp, options.ConnectionString, options.AccountEndpoint,
                "Set Cosmos:accountEndpoint (app setting Cosmos__accountEndpoint, with a managed identity) or Cosmos:connectionString.")));
            services.AddSingleton<IDocumentStore>(sp => sp.GetRequiredService<CosmosDocumentStore>());
            resources.Add((sp, ct) => sp.GetRequiredService<CosmosDocumentStore>().EnsureCreatedAsync(ct));
        }
        else
        {
            services.AddSingleton<IDocumentStore>(sp => new SqliteDocumentStore(new SqliteDocumentStoreOptions
            {
                DatabasePath = Path.Combine(dataPath, "documents.db"), Synchronous = synchronous,
                CheckpointInterval = settings.DocumentCheckpointInterval > TimeSpan.Zero ? settings.DocumentCheckpointInterval : null,
                CheckpointFailed = CheckpointLog(sp.GetRequiredService<ILoggerFactory>().CreateLogger<SqliteDocumentStore>()),
            }));
        }

        if ((adapters.Blobs ?? fallback) == AdapterKind.Azure)
        {
            var options = configuration.GetSection("Blob").Get<AzureBlobStoreOptions>() ?? new AzureBlobStoreOptions();
            services.AddSingleton(sp => new AzureBlobStore(options, sp.GetRequiredService<TimeProvider>(), Credential(sp, options.ConnectionString, options.ServiceUri,
                "Set Blob:serviceUri (app setting Blob__serviceUri, with a managed identity) or Blob:connectionString.")));
            services.AddSingleton<IBlobStore>(sp => sp.GetRequiredService<AzureBlobStore>());
            resources.Add((sp, ct) => sp.GetRequiredService<AzureBlobStore>().EnsureContainersAsync(ct));
        }
        else
        {
            services.AddSingleton(sp => new LocalFileBlobStore(new LocalFileBlobStoreOptions
            {
                RootPath = Path.Combine(dataPath, "blobs"),
                SigningKey = BlobSigningKeyFile.LoadOrCreate(Path.Combine(dataPath, "blob-signing.key")),
                PublicBaseUrl = settings.PublicBaseUrl ?? "http://localhost:7071",
                AccelRedirectPrefix = configuration["Cooc:Blobs:AccelRedirectPrefix"], // nginx serves the bytes (docs/self-hosting-nginx.md)
            }, sp.GetRequiredService<TimeProvider>()));
            services.AddSingleton<IBlobStore>(sp => sp.GetRequiredService<LocalFileBlobStore>());
        }

        if ((adapters.Queues ?? fallback) == AdapterKind.Azure)
        {
            var options = configuration.GetSection("ServiceBus").Get<ServiceBusQueueOptions>() ?? new ServiceBusQueueOptions();
            services.AddSingleton<IMessageQueue>(sp => new ServiceBusMessageQueue(options, sp.GetRequiredService<TimeProvider>(),
                Credential(sp, options.ConnectionString, options.FullyQualifiedNamespace,
                    "Set ServiceBus:fullyQualifiedNamespace (app setting ServiceBus__fullyQualifiedNamespace, with a managed identity) or ServiceBus:connectionString.")));
        }
        else
        {
            services.AddSingleton<IMessageQueue>(sp => new SqliteMessageQueue(new SqliteMessageQueueOptions
            {
                DatabasePath = Path.Combine(dataPath, "queues.db"), Synchronous = synchronous, Default = queueOptions,
            }, sp.GetRequiredService<TimeProvider>()));
        }
    }

    /// <summary>A failed WAL checkpoint of the embedded store (nothing stored is lost, but the WAL may grow): a warning.</summary>
    private static Action<Exception, int> CheckpointLog(ILogger logger) => (e, failures) =>
        logger.LogWarning(e, "The documents store's background checkpoint failed ({Failures} time(s) since the last report); the writer's own checkpoint still copies the pages.", failures);

    /// <summary>No credential with a connection string; DefaultAzureCredential with an identity-based endpoint; neither is a configuration error.</summary>
    private static TokenCredential? Credential(IServiceProvider services, string? connectionString, object? endpoint, string missing) =>
        !string.IsNullOrEmpty(connectionString) ? null
        : endpoint is not null && endpoint.ToString()!.Length > 0 ? services.GetRequiredService<TokenCredential>()
        : throw new InvalidOperationException(missing);
}
