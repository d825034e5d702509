using System.Diagnostics;
using System.Globalization;
using Cooc.Video;

namespace Cooc.Functions.Video.Packaging;

/// <summary>
/// "package SOURCE OUTDIR [--preset veryfast] [--no-remux]": probes SOURCE, plans its ladder and packages it into
/// OUTDIR as the app would, then prints what it did as "key=value" lines on stdout (the packaging benchmark reads
/// them). --no-remux plans as if the source could not be stream-copied, so every rung is encoded (the worst case).
/// Exit code 0 when packaged, 1 when the source or a tool failed (the reason on stderr), 2 for bad usage.
/// </summary>
public static class PackageCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var positional = new List<string>();
        var options = new VideoToolOptions();
        var noRemux = false;
        for (var i = args.Length > 0 && args[0] == "package" ? 1 : 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--preset" when i + 1 < args.Length: options = options with { X264Preset = args[++i] }; break;
                case "--no-remux": noRemux = true; break;
                case var option when option.StartsWith("--", StringComparison.Ordinal): return Usage($"Unknown option '{option}'.");
                default: positional.Add(args[i]); break;
            }
        }
        if (positional.Count != 2) return Usage("Give the source file and the output folder.");

        var tools = new FfmpegTools(options);
        if (!tools.Available) return Fail($"ffmpeg or ffprobe was not found: {FfmpegTools.InstallHint}");
        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancellation.Cancel(); };
        try
        {
            var clock = Stopwatch.StartNew();
            var probe = await new Ffprobe(tools).ProbeAsync(positional[0], cancellation.Token);
            var probeTime = clock.Elapsed;
            // A 10-bit profile cannot be copied: the ladder then encodes the top rung too.
            var plan = RenditionLadder.Plan(noRemux ? probe with { VideoProfile = "High 10" } : probe);
            var package = await new HlsPackager(tools).PackageAsync(positional[0], probe, plan, positional[1], cancellation.Token);
            Print(probe, probeTime, package);
            return 0;
        }
        catch (VideoProcessingException e)
        {
            return Fail(e.Message);
        }
        catch (OperationCanceledException)
        {
            return Fail("cancelled");
        }
    }

    private static void Print(ProbeResult probe, TimeSpan probeTime, HlsPackage package)
    {
        var invariant = CultureInfo.InvariantCulture;
        var output = Console.Out;
        output.WriteLine(string.Create(invariant, $"source={probe.Width}x{probe.Height} {probe.VideoCodec}/{probe.AudioCodec ?? "none"} {probe.FrameRate:0.##} fps"));
        output.WriteLine(string.Create(invariant, $"duration_seconds={probe.DurationSeconds:0.###}"));
        foreach (var r in package.Renditions)
            output.WriteLine(string.Create(invariant,
                $"rendition={r.Folder} {r.Plan.Width}x{r.Plan.Height} {(r.Plan.Remux ? "remux" : "encoded")} segments={r.SegmentCount} target_duration={r.TargetDurationSeconds} peak_bandwidth={r.PeakBandwidth} average_bandwidth={r.AverageBandwidth} bytes={r.Bytes} codecs={r.Plan.Codecs}"));
        output.WriteLine(string.Create(invariant, $"probe_seconds={probeTime.TotalSeconds:0.###}"));
        output.WriteLine(string.Create(invariant, $"poster_seconds={package.Timings.Poster.TotalSeconds:0.###}"));
        output.WriteLine(string.Create(invariant, $"remux_seconds={package.Timings.Remux.TotalSeconds:0.###}"));
        output.WriteLine(string.Create(invariant, $"encode_seconds={package.Timings.Encode.TotalSeconds:0.###}"));
        output.WriteLine(string.Create(invariant, $"package_seconds={package.Timings.Total.TotalSeconds:0.###}"));
        output.WriteLine(string.Create(invariant, $"total_bytes={package.TotalBytes}"));
    }

    private static int Usage(string problem)
    {
        Console.Error.WriteLine(problem);
        Console.Error.WriteLine("usage: package SOURCE OUTDIR [--preset veryfast] [--no-remux]");
        return 2;
    }

    private static int Fail(string reason)
    {
        Console.Error.WriteLine($"package: {reason}");
        return 1;
    }
}
