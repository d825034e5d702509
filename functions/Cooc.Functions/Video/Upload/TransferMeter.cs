using System.Globalization;

namespace Cooc.Functions.Video.Upload;

/// <summary>How far an upload is: bytes stored or on their way, speed over the last seconds, and the time left at that speed.</summary>
public sealed record TransferReading(long Done, long Total, double BytesPerSecond, TimeSpan? Remaining)
{
    public double Fraction => Total == 0 ? 1 : (double)Done / Total;

    /// <summary>"12.0 MiB of 2.0 GiB (0.6%), 8.1 MiB/s, 4m12s left".</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{TransferText.Bytes(Done)} of {TransferText.Bytes(Total)} ({Fraction * 100:0.0}%), ") +
        (BytesPerSecond > 0 ? $"{TransferText.Speed(BytesPerSecond)}, {TransferText.Duration(Remaining)} left" : "measuring speed");
}

/// <summary>
/// Counts the bytes of one upload run (blocks stored earlier count as done from the start) and estimates the speed as
/// a moving average over the last <see cref="Window"/>: bytes sent within the window divided by its length.
/// Thread-safe: blocks add bytes as they go out, and take them back when an attempt fails.
/// </summary>
public sealed class TransferMeter
{
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(10);

    private readonly Lock gate = new();
    private readonly Queue<(long Timestamp, long Sent)> samples = new();
    private readonly TimeProvider time;
    private readonly long alreadyStored;
    private long sent;

    public TransferMeter(long total, long alreadyStored, TimeProvider time)
    {
        Total = total;
        this.alreadyStored = alreadyStored;
        this.time = time;
        samples.Enqueue((time.GetTimestamp(), 0));
    }

    public long Total { get; }

    public long Done => Math.Min(Total, alreadyStored + Interlocked.Read(ref sent));

    /// <summary>Bytes sent (or, negative, taken back after a failed attempt).</summary>
    public void Add(long bytes) => Interlocked.Add(ref sent, bytes);

    public TransferReading Read()
    {
        lock (gate)
        {
            var now = time.GetTimestamp();
            var current = Interlocked.Read(ref sent);
            samples.Enqueue((now, current));
            // Keep one sample at or before the window's start, so the average always spans the whole window once it can.
            while (samples.Count > 2 && time.GetElapsedTime(samples.ElementAt(1).Timestamp, now) >= Window) samples.Dequeue();
            var (since, sentThen) = samples.Peek();
            var seconds = time.GetElapsedTime(since, now).TotalSeconds;
            var speed = seconds >= 0.5 ? Math.Max(0, current - sentThen) / seconds : 0;
            var done = Done;
            TimeSpan? remaining = speed > 0 ? TimeSpan.FromSeconds(Math.Min((Total - done) / speed, TimeSpan.FromDays(99).TotalSeconds)) : null;
            return new TransferReading(done, Total, speed, remaining);
        }
    }
}

/// <summary>Sizes, speeds and durations as people read them.</summary>
public static class TransferText
{
    private static readonly string[] Units = ["B", "KiB", "MiB", "GiB", "TiB"];

    public static string Bytes(double bytes)
    {
        var unit = 0;
        while (bytes >= 1024 && unit < Units.Length - 1) { bytes /= 1024; unit++; }
        return unit == 0 ? $"{bytes:0} B" : string.Create(CultureInfo.InvariantCulture, $"{bytes:0.0} {Units[unit]}");
    }

    public static string Speed(double bytesPerSecond) => $"{Bytes(bytesPerSecond)}/s";

    public static string Duration(TimeSpan? duration) => duration switch
    {
        null => "--",
        { TotalHours: >= 1 } d => $"{(int)d.TotalHours}h{d.Minutes:00}m",
        { TotalMinutes: >= 1 } d => $"{d.Minutes}m{d.Seconds:00}s",
        { } d => $"{Math.Ceiling(d.TotalSeconds):0}s",
    };
}
