using System.Diagnostics;
using System.Reflection;

namespace Cooc.Infra.Tests.Bicep;

/// <summary>What one bicep command did. Bicep writes its diagnostics (errors and warnings) to stderr.</summary>
public sealed record BicepResult(string Command, int ExitCode, string Stdout, string Stderr, TimeSpan Duration)
{
    /// <summary>Exit code 0 and not one diagnostic.</summary>
    public bool IsClean => ExitCode == 0 && Stderr.Trim().Length == 0;

    public override string ToString() =>
        $"bicep {Command} exited with {ExitCode} after {Duration.TotalSeconds:F1} s\n--- stderr ---\n{Stderr}\n--- stdout (start) ---\n{Stdout[..Math.Min(Stdout.Length, 2000)]}";
}

/// <summary>The Bicep CLI from the NuGet package Azure.Bicep.CommandLine.linux-x64 (or BICEP_PATH when set).</summary>
public static class BicepCli
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    public static string Executable { get; } = Locate();

    private static string Locate()
    {
        var configured = Environment.GetEnvironmentVariable("BICEP_PATH");
        if (!string.IsNullOrEmpty(configured)) return configured;
        var packaged = typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(a => a.Key == "BicepExecutable")?.Value;
        return packaged is { Length: > 0 } && File.Exists(packaged)
            ? packaged
            : throw new InvalidOperationException(
                $"The bicep executable was not found at '{packaged}' (package Azure.Bicep.CommandLine.linux-x64); set BICEP_PATH to use another.");
    }

    public static async Task<BicepResult> RunAsync(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(Executable)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        var stopwatch = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {Executable}.");
        using var timeout = new CancellationTokenSource(Timeout);
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bicep {string.Join(' ', arguments)} did not finish within {Timeout}.");
        }
        return new BicepResult(string.Join(' ', arguments), process.ExitCode, await stdout, await stderr, stopwatch.Elapsed);
    }
}
