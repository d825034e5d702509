using System.Diagnostics;

namespace Cooc.Api.Tests.Video;

/// <summary>Test media made on the spot with ffmpeg's lavfi sources (no media is committed), and ffprobe checks.</summary>
public static class TestMedia
{
    /// <summary>An H.264/AAC MP4 with a test pattern and a tone.</summary>
    public static async Task<byte[]> Mp4Async(int width, int height, int seconds)
    {
        var file = Path.Combine(Path.GetTempPath(), $"cooc-media-{Guid.NewGuid():N}.mp4");
        try
        {
            await RunAsync("ffmpeg", ["-v", "error", "-f", "lavfi", "-i", $"testsrc=size={width}x{height}:rate=25:duration={seconds}",
                "-f", "lavfi", "-i", $"sine=frequency=440:duration={seconds}", "-c:v", "libx264", "-preset", "ultrafast", "-g", "50",
                "-c:a", "aac", "-shortest", "-movflags", "+faststart", file]);
            return await File.ReadAllBytesAsync(file);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>ffprobe's view of a media file's first video stream: "codec widthxheight", failing if it cannot decode it.</summary>
    public static async Task<string> ProbeAsync(byte[] media)
    {
        var file = Path.Combine(Path.GetTempPath(), $"cooc-probe-{Guid.NewGuid():N}.ts");
        try
        {
            await File.WriteAllBytesAsync(file, media);
            await RunAsync("ffmpeg", ["-v", "error", "-i", file, "-f", "null", "-"]); // decodes every frame: any error fails
            var output = await RunAsync("ffprobe", ["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=codec_name,width,height", "-of", "csv=p=0:s=x", file]);
            return output.Trim();
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>The time of the first video frame of a media file (an MPEG-TS segment: its PTS in seconds), by ffprobe.</summary>
    public static async Task<double> VideoStartSecondsAsync(byte[] media)
    {
        var file = Path.Combine(Path.GetTempPath(), $"cooc-probe-{Guid.NewGuid():N}.ts");
        try
        {
            await File.WriteAllBytesAsync(file, media);
            var output = await RunAsync("ffprobe", ["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=start_time", "-of", "csv=p=0", file]);
            return double.Parse(output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[0], System.Globalization.CultureInfo.InvariantCulture);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task<string> RunAsync(string program, string[] arguments)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        Process process;
        try { process = Process.Start(info)!; }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new InvalidOperationException($"{program} is needed by the video tests: install ffmpeg (apt-get install ffmpeg; ./test.sh does it as root).");
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0 && (await stderr).Length == 0, $"{program} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await stderr}");
            return await stdout;
        }
    }
}
