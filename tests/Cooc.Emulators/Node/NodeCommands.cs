using System.Diagnostics;
using System.Text;

namespace Cooc.Emulators.Node;

/// <summary>Runs node and npm, and fails with a clear message when they are not installed.</summary>
public static class NodeCommands
{
    public static void RequireNode()
    {
        if (FindOnPath("node") is null || FindOnPath("npm") is null)
            throw new InvalidOperationException(
                "Node.js and npm are required for the Azure adapter tests (Azurite and cosmosdb-server run on Node) " +
                "but were not found on PATH. Install Node.js 20 or newer (Debian: apt-get install nodejs npm) and run the tests again.");
    }

    public static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Join(dir, program))
            .FirstOrDefault(File.Exists);

    /// <summary>Runs a program to completion and returns its exit code with stdout and stderr interleaved.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string program, string arguments, string workingDirectory, TimeSpan timeout, CancellationToken ct)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException($"Could not start {program}.");
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {arguments} did not finish within {timeout}.");
        }
        lock (output) return (process.ExitCode, output.ToString());
    }
}
