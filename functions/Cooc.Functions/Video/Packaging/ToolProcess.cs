using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Cooc.Functions.Video.Packaging;

/// <summary>How to run one tool: where, how much output to keep, and which paths to hide in its messages.</summary>
internal sealed record ToolRunSettings(
    string? WorkingDirectory = null,
    Action<string>? OnOutputLine = null,
    int MaxOutputChars = 4 * 1024 * 1024,
    int StderrLinesKept = 30,
    IReadOnlyList<string>? HiddenPaths = null);

/// <summary>
/// Runs an executable with an argument list (no shell, no quoting), stdin closed, stdout and stderr read as they
/// come (so the tool never blocks on a full pipe) and kept within bounds. Cancelling kills the whole process tree
/// and waits for it to be gone before the <see cref="OperationCanceledException"/> propagates.
/// </summary>
internal static class ToolProcess
{
    private static readonly TimeSpan KillGrace = TimeSpan.FromSeconds(10);

    public static async Task<ToolRun> RunAsync(string tool, string executable, IEnumerable<string> arguments, ToolRunSettings settings,
        CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var start = new ProcessStartInfo(executable)
        {
            UseShellExecute = false,
            CreateNoWindow = true,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = settings.WorkingDirectory ?? "",
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Exception e) when (e is Win32Exception or InvalidOperationException)
        {
            throw new VideoProcessingException($"could not start {tool} ({executable}): {e.Message}", e);
        }
        try
        {
            process.StandardInput.Close();
            var hidden = settings.HiddenPaths ?? [];
            var stderr = new Queue<string>();
            var stderrDone = PumpAsync(process.StandardError, line =>
            {
                var readable = ToolRun.Readable(line, hidden);
                if (readable.Length == 0) return;
                stderr.Enqueue(readable);
                if (stderr.Count > settings.StderrLinesKept) stderr.Dequeue();
            });
            var output = new StringBuilder();
            var truncated = false;
            var stdoutDone = PumpAsync(process.StandardOutput, settings.OnOutputLine ?? (line =>
            {
                if (truncated || output.Length + line.Length + 1 > settings.MaxOutputChars) truncated = true;
                else output.Append(line).Append('\n');
            }));
            await process.WaitForExitAsync(cancellationToken);
            // Until end of file on both pipes (which a grandchild could hold open: so cancellable too).
            await Task.WhenAll(stderrDone, stdoutDone).WaitAsync(cancellationToken);
            return new ToolRun(tool, process.ExitCode, output.ToString(), truncated, stderr.ToList());
        }
        finally
        {
            if (!process.HasExited) await KillTreeAsync(process);
        }
    }

    private static async Task PumpAsync(StreamReader reader, Action<string> onLine)
    {
        while (await reader.ReadLineAsync() is { } line) onLine(line);
    }

    private static async Task KillTreeAsync(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            return; // exited meanwhile
        }
        catch (Win32Exception)
        {
            // not allowed or already gone: the wait below tells
        }
        using var grace = new CancellationTokenSource(KillGrace);
        try
        {
            await process.WaitForExitAsync(grace.Token);
        }
        catch (OperationCanceledException)
        {
            // a process that does not die on SIGKILL is stuck in the kernel: nothing more to do from here
        }
    }
}
