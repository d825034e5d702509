namespace Cooc.Embedded.Documents;

/// <summary>One report of failed checkpoints: the last error and how many failed since the previous report.</summary>
internal readonly record struct CheckpointFailureReport(Exception Error, int Failures);

/// <summary>
/// When <see cref="WalCheckpointer"/> tells of failed checkpoints: the first failure at once, then at most one report
/// every <c>every</c> with the count since the last one. Failures held back are told when checkpoints succeed again
/// or the thread stops, so a short run of failures is never lost. Times are monotonic (a stopwatch's elapsed time).
/// </summary>
internal sealed class CheckpointFailures(TimeSpan every)
{
    private Exception? _held;
    private int _count;
    private TimeSpan? _reportedAt;

    public CheckpointFailureReport? Failed(Exception error, TimeSpan now)
    {
        (_held, _count) = (error, _count + 1);
        return _reportedAt is { } last && now - last < every ? null : Take(now);
    }

    /// <summary>After a checkpoint that worked: the failures held back, if any.</summary>
    public CheckpointFailureReport? Succeeded(TimeSpan now) => _held is null ? null : Take(now);

    /// <summary>When the thread stops: the failures held back, if any.</summary>
    public CheckpointFailureReport? Stopped(TimeSpan now) => Succeeded(now);

    private CheckpointFailureReport Take(TimeSpan now)
    {
        var report = new CheckpointFailureReport(_held!, _count);
        (_held, _count, _reportedAt) = (null, 0, now);
        return report;
    }
}
