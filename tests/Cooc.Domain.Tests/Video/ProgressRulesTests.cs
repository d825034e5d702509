using Cooc.Common;
using Cooc.Video;

namespace Cooc.Domain.Tests.Video;

public sealed class ProgressRulesTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
    private const double Duration = 600;

    private static LectureProgress Fresh() => LectureProgress.Start("c1", "learner", "l1", "acme", Start);

    private static ProgressReport Report(params (double Start, double End)[] intervals) =>
        new(intervals.Select(i => new WatchedInterval(i.Start, i.End)).ToList(), null);

    private static LectureProgress Apply(LectureProgress current, ProgressReport report, double secondsLater, double threshold = 0.9) =>
        ProgressRules.Apply(current, report, Duration, threshold, current.LastReportAt.AddSeconds(secondsLater)).Value!;

    private static string Watched(LectureProgress p) => string.Join(" ", p.Watched.Select(w => $"{w.Start:0.##}-{w.End:0.##}"));

    [Fact]
    public void Overlapping_and_adjacent_intervals_merge_into_one()
    {
        var progress = Apply(Fresh(), Report((10, 20), (15, 30), (30.4, 40), (50, 60), (0, 5)), 3600);
        Assert.Equal("0-5 10-40 50-60", Watched(progress));
        Assert.Equal(45, progress.WatchedSeconds, 9);
        Assert.Equal("0-5 10-60", Watched(Apply(progress, Report((39, 50.5)), 30)));
    }

    [Fact]
    public void Rewatching_adds_nothing_and_the_resume_position_follows_the_player()
    {
        var once = Apply(Fresh(), Report((0, 8)) with { Position = 8 }, 0);
        var twice = Apply(once, Report((2, 6)), 10);
        Assert.Equal(8, twice.WatchedSeconds, 9);
        Assert.Equal(6, twice.ResumePosition);
        Assert.Equal(3, Apply(twice, new ProgressReport([], 3), 1).ResumePosition);
        Assert.Equal(3, Apply(Apply(twice, new ProgressReport([], 3), 1), new ProgressReport([], null), 1).ResumePosition);
    }

    [Fact]
    public void An_hour_claimed_in_a_second_earns_only_the_slack()
    {
        var progress = ProgressRules.Apply(Fresh(), Report((0, 3600)), 3600, 0.9, Start.AddSeconds(1)).Value!;
        Assert.Equal(ProgressRules.SlackSeconds + ProgressRules.PlaybackRateAllowance * 1, progress.WatchedSeconds, 9);
        Assert.False(progress.Completed);
    }

    [Fact]
    public void Many_quick_reports_cannot_add_up_the_slack()
    {
        var progress = Fresh();
        for (var i = 0; i < 100; i++) progress = Apply(progress, Report((0, 600)), 0.1);
        Assert.Equal(ProgressRules.SlackSeconds + ProgressRules.PlaybackRateAllowance * 10, progress.WatchedSeconds, 6);
    }

    [Fact]
    public void Withheld_seconds_are_credited_when_reported_again_later()
    {
        var first = Apply(Fresh(), Report((0, 15)), 0);
        Assert.Equal(10, first.WatchedSeconds, 9);
        var second = Apply(first, Report((0, 30)), 15);
        Assert.Equal(30, second.WatchedSeconds, 9);
    }

    [Fact]
    public void A_batch_sent_after_a_long_gap_is_credited_up_to_the_time_that_passed()
    {
        var opened = Apply(Fresh(), new ProgressReport([], 0), 0);
        var batch = Apply(opened, Report((0, 300)), 150);
        Assert.Equal(300, batch.WatchedSeconds, 9);
        Assert.Equal(310, Apply(batch, Report((300, 320)), 0).WatchedSeconds, 9);
    }

    [Fact]
    public void Tiny_pieces_cannot_be_multiplied_by_joining_their_gaps()
    {
        var pieces = Enumerable.Range(0, 100).Select(i => (i * 0.6, i * 0.6 + 0.1)).ToArray();
        var progress = Apply(Fresh(), Report(pieces), 0);
        Assert.True(progress.WatchedSeconds <= ProgressRules.SlackSeconds, $"{progress.WatchedSeconds}");
    }

    [Theory]
    [InlineData(539.9, false)]
    [InlineData(540, true)]
    public void The_lecture_completes_at_exactly_the_threshold(double watched, bool completed)
    {
        var progress = Apply(Fresh(), Report((0, watched)), 3600);
        Assert.Equal(completed, progress.Completed);
        Assert.Equal(completed ? Start.AddHours(1) : null, progress.CompletedAt);
        Assert.Equal(completed, ProgressRules.JustCompleted(null, progress));
    }

    [Fact]
    public void Completion_is_sticky_and_uses_the_course_threshold()
    {
        var done = Apply(Fresh(), Report((0, 300)), 3600, threshold: 0.5);
        Assert.True(done.Completed);
        var later = Apply(done, new ProgressReport([], 10), 60, threshold: 0.9);
        Assert.True(later.Completed);
        Assert.Equal(done.CompletedAt, later.CompletedAt);
        Assert.False(ProgressRules.JustCompleted(done, later));
    }

    [Fact]
    public void Intervals_must_lie_inside_the_lecture_and_be_numbers()
    {
        var refusal = ProgressRules.Apply(Fresh(), new ProgressReport(
            [new(-1, 5), new(5, 5), new(10, 601.5), new(double.NaN, 3), new(590, 600.8)], 700), Duration, 0.9, Start).Refusal!;
        Assert.Equal(RefusalKind.Invalid, refusal.Kind);
        Assert.Equal(["intervals[0]", "intervals[1]", "intervals[2]", "intervals[3]", "position"], refusal.Errors!.Keys);
    }

    [Fact]
    public void An_end_just_past_the_duration_is_clamped()
    {
        var progress = Apply(Fresh(), Report((590, 600.8)), 3600);
        Assert.Equal("590-600", Watched(progress));
    }

    [Fact]
    public void Reports_are_bounded()
    {
        var tooMany = Report(Enumerable.Range(0, ProgressRules.MaxIntervalsPerReport + 1).Select(i => (i * 2.0, i * 2.0 + 1)).ToArray());
        Assert.Equal(["intervals"], ProgressRules.Apply(Fresh(), tooMany, Duration, 0.9, Start).Refusal!.Errors!.Keys);
        Assert.Throws<ArgumentOutOfRangeException>(() => ProgressRules.Apply(Fresh(), Report(), 0, 0.9, Start));
        Assert.Throws<ArgumentOutOfRangeException>(() => ProgressRules.Apply(Fresh(), Report(), Duration, 1.5, Start));
    }

    [Fact]
    public void Progress_is_a_document_of_the_learner_partition()
    {
        var progress = Fresh();
        Assert.Equal("progress:learner:l1", progress.Id);
        Assert.Equal((0.0, false, Start), (progress.WatchedSeconds, progress.Completed, progress.LastReportAt));
    }
}
