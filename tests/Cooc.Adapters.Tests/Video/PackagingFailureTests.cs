using System.Diagnostics;
using Cooc.Functions.Video.Packaging;
using Cooc.Video;

namespace Cooc.Adapters.Tests.Video;

[Collection(VideoCollection.Name)]
public sealed class PackagingFailureTests(VideoTestMedia media)
{
    private static readonly ProbeResult Claimed720p = new(13, 1280, 720, "h264", "aac", 1_000_000, 25, "High", 31, "LC");

    [Fact]
    public async Task A_file_that_probes_fine_but_ends_early_is_a_readable_failure()
    {
        var source = await media.TruncatedFaststartMp4();
        var probe = await new Ffprobe(media.Tools).ProbeAsync(source, CancellationToken.None);
        Assert.InRange(probe.DurationSeconds, 12.9, 13.1); // the index at the front still claims 13 s

        var failure = await Assert.ThrowsAsync<VideoProcessingException>(() =>
            new HlsPackager(media.Tools).PackageAsync(source, probe, RenditionLadder.Plan(probe), media.NewFolder("truncated"), CancellationToken.None));

        Assert.Matches(@"^the file ends early: only [0-9.]+ s of its 13 s could be read \(a truncated or damaged upload\)$", failure.Message);
    }

    [Fact]
    public async Task Ffmpeg_failing_on_the_source_is_a_readable_failure_quoting_it()
    {
        var failure = await Assert.ThrowsAsync<VideoProcessingException>(async () => await new HlsPackager(media.Tools)
            .PackageAsync(await media.TextRenamedMp4(), Claimed720p, RenditionLadder.Plan(Claimed720p), media.NewFolder("text"), CancellationToken.None));

        Assert.StartsWith("ffmpeg failed (exit code 1): ", failure.Message);
        Assert.EndsWith("notes.mp4: Invalid data found when processing input", failure.Message);
    }

    [Fact]
    public async Task Refuses_a_video_whose_output_would_exceed_the_temporary_disk_allowed()
    {
        var tools = new FfmpegTools(new VideoToolOptions { MaxTempBytes = 2_000_000 });
        var output = media.NewFolder("small-disk");

        var failure = await Assert.ThrowsAsync<VideoProcessingException>(async () => await new HlsPackager(tools)
            .PackageAsync(await media.H264With720pAudio(), Claimed720p, RenditionLadder.Plan(Claimed720p), output, CancellationToken.None));

        Assert.Matches("^the video is too long to package here: it needs about [0-9]+ MB of temporary disk, more than the 2 MB allowed$", failure.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(output));
    }

    [Fact]
    public async Task Cancelling_kills_the_running_ffmpeg()
    {
        var folder = media.NewFolder("cancel");
        var source = Path.Combine(folder, "lecture.mp4"); // a path no other ffmpeg has on its command line
        File.Copy(await media.H264With720pAudio(), source);
        var probe = await new Ffprobe(media.Tools).ProbeAsync(source, CancellationToken.None);
        using var cancellation = new CancellationTokenSource();

        var packaging = new HlsPackager(media.Tools).PackageAsync(source, probe, RenditionLadder.Plan(probe), Path.Combine(folder, "out"), cancellation.Token);
        var encoder = await WaitForProcess(source, "libx264", TimeSpan.FromSeconds(20));
        Assert.True(encoder is not null, "the encoding ffmpeg never started");
        var clock = Stopwatch.StartNew();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => packaging);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"cancelling took {clock.Elapsed}");
        Assert.False(Directory.Exists($"/proc/{encoder}"), $"ffmpeg {encoder} still runs after cancellation");
    }

    [Fact]
    public async Task Cancelling_kills_an_ffmpeg_blocked_on_its_input()
    {
        var fifo = Path.Combine(media.NewFolder("fifo"), "upload.mp4");
        using (var mkfifo = Process.Start(new ProcessStartInfo("mkfifo") { ArgumentList = { fifo } })!) await mkfifo.WaitForExitAsync();
        using var cancellation = new CancellationTokenSource();

        var packaging = new HlsPackager(media.Tools).PackageAsync(fifo, Claimed720p, RenditionLadder.Plan(Claimed720p), media.NewFolder("fifo-out"), cancellation.Token);
        var blocked = await WaitForProcess(fifo, "ffmpeg", TimeSpan.FromSeconds(10));
        Assert.True(blocked is not null, "ffmpeg never started");
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => packaging);
        Assert.False(Directory.Exists($"/proc/{blocked}"), $"ffmpeg {blocked} still runs after cancellation");
    }

    /// <summary>The id of a process whose command line holds both strings, once one appears (Linux /proc).</summary>
    private static async Task<int?> WaitForProcess(string first, string second, TimeSpan patience)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < patience)
        {
            foreach (var folder in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(folder), out var pid)) continue;
                string commandLine;
                try
                {
                    commandLine = (await File.ReadAllTextAsync(Path.Combine(folder, "cmdline"))).Replace('\0', ' ');
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    continue; // gone meanwhile
                }
                if (commandLine.Contains(first, StringComparison.Ordinal) && commandLine.Contains(second, StringComparison.Ordinal)) return pid;
            }
            await Task.Delay(20);
        }
        return null;
    }
}
