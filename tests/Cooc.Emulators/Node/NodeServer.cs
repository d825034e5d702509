using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Cooc.Emulators.Node;

/// <summary>
/// A Node protocol server run as a child process on 127.0.0.1: started on port 0, so the OS gives it a free port it
/// holds from the start, waited for until it prints the line naming the port it listens on, and killed (with its
/// children) on dispose, or when the process that started it exits (a fixture shared for a whole test run is never
/// disposed, and its node was left running after the run). Its output is kept for error messages.
/// </summary>
/// <remarks>
/// Probing a free port and handing it to node raced with every other process picking ports meanwhile: a server
/// that lost its port exited, but the readiness probe reached the winner's listener, so the tests ran against
/// another run's emulator until that one was killed (connection reset, then refused).
/// </remarks>
public sealed class NodeServer : IAsyncDisposable
{
    private static readonly ConcurrentDictionary<NodeServer, byte> Running = new();
    private readonly Process process;
    private readonly Regex readyLine;
    private readonly TaskCompletionSource<int> listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly StringBuilder output = new();

    static NodeServer() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        foreach (var server in Running.Keys) server.Kill();
    };

    private NodeServer(Process process, Regex readyLine)
    {
        this.process = process;
        this.readyLine = readyLine;
        Running.TryAdd(this, 0);
    }

    /// <summary>The port the server said it listens on.</summary>
    public int Port { get; private set; }

    public string Output { get { lock (output) return output.ToString(); } }

    /// <summary>
    /// Starts `node script arguments` in the emulators folder (the arguments make it listen on port 0), and waits for
    /// an output line matching <paramref name="readyLine"/>, whose group "port" is the port the server bound.
    /// </summary>
    public static async Task<NodeServer> StartAsync(
        string script, string arguments, Regex readyLine, TimeSpan startTimeout, CancellationToken ct = default)
    {
        var folder = await EmulatorPackages.EnsureInstalledAsync(ct);
        var info = new ProcessStartInfo("node", $"{script} {arguments}")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start node {script}.");
        var server = new NodeServer(process, readyLine);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await server.WaitUntilListeningAsync(script, startTimeout, ct);
        return server;
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (output) output.AppendLine(line);
        if (!listening.Task.IsCompleted && readyLine.Match(line) is { Success: true } ready)
            listening.TrySetResult(int.Parse(ready.Groups["port"].Value, CultureInfo.InvariantCulture));
    }

    private async Task WaitUntilListeningAsync(string script, TimeSpan timeout, CancellationToken ct)
    {
        var took = Stopwatch.StartNew();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        var exited = process.WaitForExitAsync(deadline.Token);
        try
        {
            if (await Task.WhenAny(listening.Task, exited) == listening.Task)
            {
                Port = await listening.Task;
                Console.Error.WriteLine($"[emulators] {script} listening on 127.0.0.1:{Port} after {took.Elapsed.TotalSeconds:F1} s");
                return;
            }
            await exited; // throws when the deadline passed first
        }
        catch (OperationCanceledException)
        {
            await DisposeAsync();
            if (ct.IsCancellationRequested) throw;
            throw new TimeoutException($"node {script} did not say it listens within {timeout}:\n{Output}");
        }
        var code = process.ExitCode;
        await DisposeAsync();
        throw new InvalidOperationException($"node {script} exited with code {code} before listening:\n{Output}");
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
