using Cooc.Embedded.Documents;

namespace Cooc.Adapters.Tests.Documents;

/// <summary><see cref="CheckpointFailures"/>: which failed checkpoints the checkpoint thread reports, and when.</summary>
public sealed class CheckpointFailuresTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private readonly CheckpointFailures _failures = new(Minute);

    private static TimeSpan At(double seconds) => TimeSpan.FromSeconds(seconds);

    [Fact]
    public void The_first_failure_is_reported_at_once()
    {
        var error = new IOException("disk");

        Assert.Equal(new CheckpointFailureReport(error, 1), _failures.Failed(error, At(5)));
    }

    [Fact]
    public void Failures_within_the_minute_are_held_and_counted_in_the_next_report()
    {
        _failures.Failed(new IOException("1"), At(0));
        Assert.Null(_failures.Failed(new IOException("2"), At(10)));
        Assert.Null(_failures.Failed(new IOException("3"), At(59.9)));

        var last = new IOException("4");
        Assert.Equal(new CheckpointFailureReport(last, 3), _failures.Failed(last, At(60)));
        Assert.Null(_failures.Failed(new IOException("5"), At(61)));
    }

    [Fact]
    public void Failures_held_back_are_reported_when_a_checkpoint_succeeds_again_and_only_then()
    {
        _failures.Failed(new IOException("1"), At(0));
        var last = new IOException("3");
        _failures.Failed(new IOException("2"), At(1));
        _failures.Failed(last, At(2));

        Assert.Equal(new CheckpointFailureReport(last, 2), _failures.Succeeded(At(3)));
        Assert.Null(_failures.Succeeded(At(4)));
        // That report counts as one: a failure right after it waits for the minute, or the next success.
        Assert.Null(_failures.Failed(new IOException("4"), At(5)));
        Assert.Equal(1, _failures.Succeeded(At(6))?.Failures);
    }

    [Fact]
    public void Failures_held_back_are_reported_when_the_thread_stops()
    {
        _failures.Failed(new IOException("1"), At(0));
        var last = new IOException("2");
        _failures.Failed(last, At(1));

        Assert.Equal(new CheckpointFailureReport(last, 1), _failures.Stopped(At(2)));
    }

    [Fact]
    public void Nothing_is_reported_without_failures()
    {
        Assert.Null(_failures.Succeeded(At(1)));
        Assert.Null(_failures.Stopped(At(2)));
    }
}
