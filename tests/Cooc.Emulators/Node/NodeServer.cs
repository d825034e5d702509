using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Cooc.Emulators.Node;

/// <summary>
/// A Node protocol server run as a child process on a free port of 127.0.0.1: started, waited for until its port
/// accepts connections, and killed (with its children) on dispose, or when the process that started it exits (a
/// fixture shared for a whole test run is never disposed, and its node was left running after the run).
/// Its output is kept for error messages.
/// </summary>
public sealed class NodeServer : IAsyncDisposable
{
    private static readonly ConcurrentDictionary<NodeServer, byte> Running = new();
    private readonly Process process;
    private readonly StringBuilder output = new();

    static NodeServer() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        foreach (var server in Running.Keys) server.Kill();
    };

    private NodeServer(Process process, int port)
    {
        this.process = process;
        Port = port;
        Running.TryAdd(this, 0);
    }

    public int Port { get; }

    public string Output { get { lock (output) return output.ToString(); } }

    /// <summary>Starts `node script arguments` in the emulators folder; arguments may use {port}.</summary>
    public static async Task<NodeServer> StartAsync(string script, string arguments, TimeSpan startTimeout, CancellationToken ct = default)
    {
        var folder = await EmulatorPackages.EnsureInstalledAsync(ct);
        var port = FreePort();
        var info = new ProcessStartInfo("node", $"{script} {arguments.Replace("{port}", port.ToString())}")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start node {script}.");
        var server = new NodeServer(process, port);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await server.WaitUntilListeningAsync(script, startTimeout, ct);
        return server;
    }

    /// <summary>A TCP port that was free a moment ago (the OS picks it).</summary>
    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (output) output.AppendLine(line);
    }

    private async Task WaitUntilListeningAsync(string script, TimeSpan timeout, CancellationToken ct)
    {
        var took = Stopwatch.StartNew();
        while (took.Elapsed < timeout)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"node {script} exited with code {process.ExitCode} before listening:\n{Output}");
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port, ct);
                Console.Error.WriteLine($"[emulators] {script} listening on 127.0.0.1:{Port} after {took.Elapsed.TotalSeconds:F1} s");
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100, ct);
            }
        }
        await DisposeAsync();
        throw new TimeoutException($"node {script} did not listen on 127.0.0.1:{Port} within {timeout}:\n{Output}");
    }

    public async ValueTask DisposeAsync()
    {
        Running.TryRemove(this, out _);
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
    }

    private void Kill()
    {
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception) { } // exited meanwhile
    }
}
