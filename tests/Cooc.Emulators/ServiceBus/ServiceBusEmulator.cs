using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Amqp;
using Amqp.Listener;
using Cooc.Ports;

[assembly: System.Runtime.CompilerServices.InternalsVisibleTo("Cooc.Emulators.Tests")]

namespace Cooc.Emulators.ServiceBus;

/// <summary>
/// An in-process Azure Service Bus emulator speaking AMQP 1.0 on 127.0.0.1, for tests that use the real
/// Azure.Messaging.ServiceBus client through <see cref="ConnectionString"/> (UseDevelopmentEmulator: plain TCP,
/// SASL MSSBCBS, CBS tokens accepted unchecked). Queues only: peek-lock and receive-and-delete, complete, abandon,
/// dead-letter queue, lock renewal and expiry, MaxDeliveryCount, scheduling, duplicate detection, peek and batches.
/// </summary>
public sealed class ServiceBusEmulator : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, EmulatedQueue> queues = new(StringComparer.OrdinalIgnoreCase);
    private readonly ContainerHost host;
    private int connectionsAccepted;

    private ServiceBusEmulator(int port)
    {
        Port = port;
        var tags = new DeliveryTags();
        var handler = new ProtocolHandler(tags);
        host = new ContainerHost(new Address($"amqp://127.0.0.1:{port}"));
        var listener = host.Listeners[0];
        listener.SASL.EnableMechanism(CbsSaslProfile.Name, new CbsSaslProfile());
        listener.HandlerFactory = _ =>
        {
            Interlocked.Increment(ref connectionsAccepted);
            return handler;
        };
        host.RegisterRequestProcessor(CbsRequestProcessor.Address, new CbsRequestProcessor());
        host.RegisterLinkProcessor(new QueueLinkProcessor(name => queues.GetValueOrDefault(name), tags));
    }

    public int Port { get; }

    /// <summary>How many client connections were accepted so far (a client that reconnects counts again).</summary>
    internal int ConnectionsAccepted => Volatile.Read(ref connectionsAccepted);

    /// <summary>The receivers attached to a queue, for tests.</summary>
    internal IReadOnlyList<DeliveryEndpoint> ReceiversOf(string queue) => queues[queue].Receivers();

    public string ConnectionString =>
        $"Endpoint=sb://127.0.0.1:{Port};SharedAccessKeyName=x;SharedAccessKey=y;UseDevelopmentEmulator=true";

    /// <summary>Starts listening on a free port of 127.0.0.1.</summary>
    public static Task<ServiceBusEmulator> StartAsync(CancellationToken ct = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            ct.ThrowIfCancellationRequested();
            var emulator = new ServiceBusEmulator(FreePort());
            try
            {
                emulator.host.Open();
                return Task.FromResult(emulator);
            }
            catch (SocketException) when (attempt < 5)
            {
                // Another process took the port between the probe and the bind: try another one.
                emulator.host.Close();
            }
        }
    }

    /// <summary>Creates a queue (and its dead-letter queue); creating an existing name again changes nothing.</summary>
    public void CreateQueue(string name, QueueOptions options)
    {
        if (EntityAddress.Parse(name) is not { DeadLetter: false, Management: false } address || address.Queue != name.Trim('/'))
            throw new ArgumentException($"'{name}' is not a valid queue name.", nameof(name));
        var queue = new EmulatedQueue(options);
        if (!queues.TryAdd(address.Queue, queue)) return;
        RegisterManagement($"{address.Queue}/{EntityAddress.ManagementSegment}", new ManagementProcessor(queue, deadLetter: false));
        RegisterManagement(
            $"{address.Queue}/{EntityAddress.DeadLetterSegment}/{EntityAddress.ManagementSegment}",
            new ManagementProcessor(queue, deadLetter: true));
    }

    public ValueTask DisposeAsync()
    {
        host.Close();
        foreach (var queue in queues.Values) queue.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>The client names a management node without a leading slash; accept both spellings.</summary>
    private void RegisterManagement(string address, ManagementProcessor processor)
    {
        host.RegisterRequestProcessor(address, processor);
        host.RegisterRequestProcessor("/" + address, processor);
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
