using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Cooc.Functions.Hosting;

/// <summary>Cloud resources (Cosmos containers, blob containers) the app creates before it serves, when it is allowed to.</summary>
public sealed class StartupResources(bool enabled)
{
    private readonly List<Func<IServiceProvider, CancellationToken, Task>> creations = [];

    public bool Enabled => enabled;

    public void Add(Func<IServiceProvider, CancellationToken, Task> create) => creations.Add(create);

    public async Task CreateAsync(IServiceProvider services, CancellationToken ct)
    {
        if (!enabled) return;
        foreach (var create in creations) await create(services, ct);
    }
}

/// <summary>Runs <see cref="StartupResources"/> in the host's Starting phase: before Kestrel listens and before any consumer runs.</summary>
internal sealed class StartupResourcesService(IServiceProvider services, StartupResources resources) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => resources.CreateAsync(services, cancellationToken);
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
