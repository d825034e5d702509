using Spectre.Console;
using Spectre.Console.Rendering;

namespace Cooc.Functions.Video.Upload;

/// <summary>
/// Shows an upload's progress while it runs: an animated bar with bytes, speed and time left on a terminal, or a plain
/// line at most once per <see cref="PlainInterval"/> (and a last one at the end) elsewhere.
/// </summary>
public static class ProgressDisplay
{
    public static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan BarInterval = TimeSpan.FromMilliseconds(200);

    public static Task ShowAsync(UploadConsole console, string label, TransferMeter meter, Func<Task> upload) =>
        console.Terminal is { } terminal ? AnimateAsync(terminal, label, meter, upload) : PrintAsync(console, meter, upload);

    private static async Task PrintAsync(UploadConsole console, TransferMeter meter, Func<Task> upload)
    {
        var work = upload();
        var printed = -1L;
        while (true)
        {
            var finished = await Task.WhenAny(work, Task.Delay(PlainInterval)) == work;
            var reading = meter.Read();
            if (reading.Done != printed && (!finished || work.IsCompletedSuccessfully))
            {
                console.Info($"uploaded {reading}");
                printed = reading.Done;
            }
            if (finished) break;
        }
        await work;
    }

    private static Task AnimateAsync(IAnsiConsole terminal, string label, TransferMeter meter, Func<Task> upload) =>
        terminal.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn(), new SpeedAndTimeLeftColumn(meter))
            .StartAsync(async context =>
            {
                var bar = context.AddTask(Markup.Escape(label), maxValue: meter.Total);
                var work = upload();
                while (!work.IsCompleted)
                {
                    bar.Value = meter.Done;
                    await Task.WhenAny(work, Task.Delay(BarInterval));
                }
                bar.Value = meter.Done;
                await work;
            });

    /// <summary>"8.1 MiB/s  4m12s left", from the meter's moving average rather than Spectre's own estimate.</summary>
    private sealed class SpeedAndTimeLeftColumn(TransferMeter meter) : ProgressColumn
    {
        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime)
        {
            var reading = meter.Read();
            if (reading.Done >= reading.Total) return new Text("done", new Style(Color.Green));
            return reading.BytesPerSecond > 0
                ? new Text($"{TransferText.Speed(reading.BytesPerSecond)}  {TransferText.Duration(reading.Remaining)} left")
                : new Text("measuring speed", new Style(Color.Grey));
        }
    }
}
