namespace Cooc.Azure.Queues;

/// <summary>
/// Where the Service Bus namespace is: a connection string (emulators, or a SAS key), or the namespace's fully
/// qualified name with a token credential (in Azure: ServiceBus__fullyQualifiedNamespace and DefaultAzureCredential).
/// </summary>
public sealed record ServiceBusQueueOptions
{
    public string? ConnectionString { get; init; }

    public string? FullyQualifiedNamespace { get; init; }

    /// <summary>Retries of transient failures (busy server, throttling, timeouts) by the SDK before a call fails.</summary>
    public int MaxRetries { get; init; } = 5;

    /// <summary>How many dead letters one replay or removal looks through to find the one asked for.</summary>
    public int DeadLetterSearchLimit { get; init; } = 5000;
}
