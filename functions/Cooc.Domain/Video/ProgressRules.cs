using Cooc.Common;

namespace Cooc.Video;

/// <summary>
/// Pure decisions about watch progress. The rate limit: a learner's credited watch time may never run ahead of
/// <see cref="PlaybackRateAllowance"/> × the wall-clock time since their first report on the lecture, plus a one-time
/// <see cref="SlackSeconds"/> (so spamming reports earns nothing). A report claiming more is not refused: it is credited
/// up to the allowance, earliest stretches first, and the rest is left out of Watched; the player reports it again
/// later (or a later report covers it), so an honest player loses nothing and "an hour watched in a second" earns 10 s.
/// </summary>
public static class ProgressRules
{
    public const double DefaultCompletionThreshold = 0.9;
    public const double PlaybackRateAllowance = 2.0;
    public const double SlackSeconds = 10;

    /// <summary>How far past the duration an interval may end (players round); it is clamped to the duration.</summary>
    public const double EndToleranceSeconds = 1;

    /// <summary>Stretches this close are joined into one.</summary>
    public const double JoinGapSeconds = 0.5;

    public const int MaxIntervalsPerReport = 100;
    public const int MaxStoredIntervals = 500;

    /// <summary>
    /// Validates and merges a report into current (<see cref="LectureProgress.Start"/> for a first report). The resume
    /// position is the reported position, else the end of the last reported stretch. Completion is reached when
    /// WatchedSeconds ≥ completionThreshold × durationSeconds, and stays.
    /// </summary>
    public static Outcome<LectureProgress> Apply(LectureProgress current, ProgressReport report, double durationSeconds, double completionThreshold, DateTimeOffset now)
    {
        if (!double.IsFinite(durationSeconds) || durationSeconds <= 0) throw new ArgumentOutOfRangeException(nameof(durationSeconds), durationSeconds, "Must be positive.");
        if (!(completionThreshold is > 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(completionThreshold), completionThreshold, "Between 0 (excluded) and 1.");

        var reported = report.Intervals ?? [];
        var errors = new FieldErrors();
        if (reported.Count > MaxIntervalsPerReport) errors.Add("intervals", $"At most {MaxIntervalsPerReport} intervals per report.");
        else
            for (var i = 0; i < reported.Count; i++)
                if (reported[i] is not { } interval || !double.IsFinite(interval.Start) || !double.IsFinite(interval.End))
                    errors.Add($"intervals[{i}]", "Give start and end as numbers of seconds.");
                else if (interval.Start < 0 || interval.Start >= interval.End)
                    errors.Add($"intervals[{i}]", "Start must be at least 0 and before end.");
                else if (interval.End > durationSeconds + EndToleranceSeconds)
                    errors.Add($"intervals[{i}]", $"Ends after the lecture, which lasts {durationSeconds:0.###} s.");
        if (report.Position is { } p && (!double.IsFinite(p) || p < 0 || p > durationSeconds + EndToleranceSeconds))
            errors.Add("position", $"Between 0 and the lecture's duration, {durationSeconds:0.###} s.");
        if (errors.Any) return errors.ToRefusal();

        var clamped = reported.Select(r => r with { End = Math.Min(r.End, durationSeconds) }).Where(r => r.Start < r.End).ToList();
        var watched = Merge(current.Watched.Where(w => w.Start < durationSeconds).Select(w => w with { End = Math.Min(w.End, durationSeconds) }));
        var elapsed = Math.Max(0, (now - current.LastReportAt).TotalSeconds);
        var lead = Math.Max(current.CreditedSince - PlaybackRateAllowance * elapsed, -durationSeconds);
        var allowance = Math.Max(0, SlackSeconds - lead);

        var before = Total(watched);
        var credited = 0.0;
        foreach (var piece in Merge(clamped).SelectMany(p => Uncovered(p, watched)).ToList())
        {
            var (grown, growth) = Credit(watched, piece);
            if (credited + growth <= allowance) { (watched, credited) = (grown, credited + growth); continue; }
            // Over the allowance: credit the start of this stretch only. Joining neighbours may add their gaps,
            // so shrink by what that added until it fits.
            var room = allowance - credited;
            for (var attempt = 0; attempt < 3 && room > 0; attempt++)
            {
                (grown, growth) = Credit(watched, piece with { End = Math.Min(piece.End, piece.Start + room) });
                if (credited + growth <= allowance + 1e-9) { (watched, credited) = (grown, credited + growth); break; }
                room -= credited + growth - allowance;
            }
            break;
        }
        if (watched.Count > MaxStoredIntervals)
            return new FieldErrors().Add("intervals", $"This would record more than {MaxStoredIntervals} separate watched stretches.").ToRefusal();

        var watchedSeconds = Total(watched);
        var resume = report.Position ?? (clamped.Count > 0 ? clamped[^1].End : current.ResumePosition);
        var completed = current.Completed || watchedSeconds >= completionThreshold * durationSeconds - 1e-9;
        return current with
        {
            Watched = watched, WatchedSeconds = watchedSeconds, ResumePosition = Math.Clamp(resume, 0, durationSeconds),
            Completed = completed, CompletedAt = current.CompletedAt ?? (completed ? now : null),
            LastReportAt = now > current.LastReportAt ? now : current.LastReportAt,
            CreditedSince = lead + (watchedSeconds - before), UpdatedAt = now,
        };
    }

    /// <summary>This report completed the lecture: roll it up into the enrollment now.</summary>
    public static bool JustCompleted(LectureProgress? before, LectureProgress after) => after.Completed && before?.Completed != true;

    /// <summary>The union of the intervals, in order, with stretches at most <see cref="JoinGapSeconds"/> apart joined.</summary>
    public static IReadOnlyList<WatchedInterval> Merge(IEnumerable<WatchedInterval> intervals)
    {
        var merged = new List<WatchedInterval>();
        foreach (var interval in intervals.Where(i => i.End > i.Start).OrderBy(i => i.Start))
            if (merged.Count > 0 && interval.Start - merged[^1].End <= JoinGapSeconds)
                merged[^1] = merged[^1] with { End = Math.Max(merged[^1].End, interval.End) };
            else
                merged.Add(interval);
        return merged;
    }

    private static (IReadOnlyList<WatchedInterval> Watched, double Growth) Credit(IReadOnlyList<WatchedInterval> watched, WatchedInterval piece)
    {
        var grown = Merge([.. watched, piece]);
        return (grown, Total(grown) - Total(watched));
    }

    /// <summary>The parts of piece that watched (merged, in order) does not cover yet.</summary>
    private static IEnumerable<WatchedInterval> Uncovered(WatchedInterval piece, IReadOnlyList<WatchedInterval> watched)
    {
        var start = piece.Start;
        foreach (var w in watched)
        {
            if (w.End <= start) continue;
            if (w.Start >= piece.End) break;
            if (w.Start > start) yield return new WatchedInterval(start, w.Start);
            start = Math.Max(start, w.End);
            if (start >= piece.End) yield break;
        }
        if (start < piece.End) yield return new WatchedInterval(start, piece.End);
    }

    private static double Total(IReadOnlyList<WatchedInterval> intervals) => intervals.Sum(i => i.Length);
}
