using Cooc.Courses;
using Cooc.Video;

namespace Cooc.Completion;

/// <summary>
/// A required assignment as course completion sees it: whether the learner submitted, and the grade released to them
/// (FinalPoints over MaxPoints, in percent) once it is final. A grade not yet released (the author still owes reviews)
/// or still provisional (the reviewer model fixes it when reviews close) is AwaitingGrade.
/// </summary>
public sealed record LearnerAssignmentResult(string AssignmentId, bool Submitted, double? ReleasedPercent);

/// <summary>Computes a learner's <see cref="CourseProgress"/> from its sources; pure, so the same facts give the same answer.</summary>
public static class CompletionEvaluation
{
    public static CourseProgress Evaluate(Course course, DateTimeOffset? learnerDueDate, IReadOnlyList<LectureProgress> lectures,
        IReadOnlyList<LearnerAssignmentResult> assignments, CourseProgress? previous, DateTimeOffset now)
    {
        var rules = CompletionRules.For(course);
        var items = new List<ProgressItem>();
        var watched = lectures.GroupBy(l => l.LectureId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var lectureIds = rules.LectureIds(course);
        foreach (var id in lectureIds)
            items.Add(LectureItem(id, watched.GetValueOrDefault(id), rules.LectureWeight / Math.Max(1, lectureIds.Count)));
        var results = assignments.ToDictionary(a => a.AssignmentId, StringComparer.Ordinal);
        foreach (var required in rules.RequiredAssignments)
            items.Add(AssignmentItem(required, results.GetValueOrDefault(required.AssignmentId)));

        var lecturesCompleted = items.Count(i => i.Kind == CourseProgress.LectureKind && i.State == ItemState.Completed);
        var totalWeight = rules.LectureWeight + rules.RequiredAssignments.Sum(a => a.Weight);
        var lectureShare = lectureIds.Count == 0 ? 100 : 100.0 * lecturesCompleted / lectureIds.Count;
        var earned = rules.LectureWeight * lectureShare
            + items.Where(i => i.Kind == CourseProgress.AssignmentKind).Sum(i => i.Weight * (i.Percent ?? 0));
        var percent = totalWeight <= 0 ? 0 : Math.Round(earned / totalWeight, 2);

        var dueDate = learnerDueDate ?? rules.DueDate;
        var state = StateOf(items, percent, rules, lectureShare, totalWeight, dueDate, now);
        DateTimeOffset? passedAt = null;
        if (previous is { State: CompletionState.Passed, PassedAt: { } before }) (state, passedAt) = (CompletionState.Passed, before);
        else if (state == CompletionState.Passed) passedAt = now;
        return new CourseProgress(state, percent, rules.PassingPercent, lecturesCompleted, lectureIds.Count, items, rules.Version,
            dueDate, passedAt, now);
    }

    /// <summary>True when this evaluation is the one that passed the learner: the moment to issue the certificate.</summary>
    public static bool JustPassed(CourseProgress? previous, CourseProgress next) =>
        next.State == CompletionState.Passed && previous?.State != CompletionState.Passed;

    /// <summary>The same progress apart from when it was computed: used to skip writes that change nothing.</summary>
    public static bool SameAs(CourseProgress? a, CourseProgress b) =>
        a is not null && a.State == b.State && a.Percent == b.Percent && a.RulesVersion == b.RulesVersion && a.DueDate == b.DueDate
        && a.PassedAt == b.PassedAt && a.PassingPercent == b.PassingPercent && a.Items.SequenceEqual(b.Items);

    private static ProgressItem LectureItem(string lectureId, LectureProgress? progress, double weight)
    {
        if (progress is null || (progress.WatchedSeconds <= 0 && !progress.Completed))
            return new(lectureId, CourseProgress.LectureKind, ItemState.NotStarted, 0, null, weight);
        return progress.Completed
            ? new(lectureId, CourseProgress.LectureKind, ItemState.Completed, 100, null, weight)
            : new(lectureId, CourseProgress.LectureKind, ItemState.InProgress, null, null, weight);
    }

    private static ProgressItem AssignmentItem(RequiredAssignment required, LearnerAssignmentResult? result)
    {
        var (id, min, weight) = (required.AssignmentId, required.MinimumPercent, required.Weight);
        if (result is null || !result.Submitted) return new(id, CourseProgress.AssignmentKind, ItemState.NotStarted, null, min, weight);
        if (result.ReleasedPercent is not { } percent) return new(id, CourseProgress.AssignmentKind, ItemState.AwaitingGrade, null, min, weight);
        var rounded = Math.Round(percent, 2);
        return new(id, CourseProgress.AssignmentKind, rounded >= min ? ItemState.Passed : ItemState.Failed, rounded, min, weight);
    }

    /// <summary>
    /// Passed: every requirement met. Failed: every assignment has its final grade and the course can no longer be
    /// passed, even with every lecture completed (a grade changed by staff or an appeal is evaluated again). Overdue:
    /// neither, and the due date is behind us. Otherwise in progress.
    /// </summary>
    private static CompletionState StateOf(List<ProgressItem> items, double percent, CompletionRules rules, double lectureShare,
        double totalWeight, DateTimeOffset? dueDate, DateTimeOffset now)
    {
        var allLectures = items.Where(i => i.Kind == CourseProgress.LectureKind).All(i => i.State == ItemState.Completed);
        var assignmentItems = items.Where(i => i.Kind == CourseProgress.AssignmentKind).ToList();
        if (allLectures && assignmentItems.All(i => i.State == ItemState.Passed) && percent >= rules.PassingPercent) return CompletionState.Passed;
        var allGraded = assignmentItems.Count > 0 && assignmentItems.All(i => i.State is ItemState.Passed or ItemState.Failed);
        var bestPossible = totalWeight <= 0 ? 0 : Math.Round((percent * totalWeight + rules.LectureWeight * (100 - lectureShare)) / totalWeight, 2);
        if (allGraded && (assignmentItems.Any(i => i.State == ItemState.Failed) || bestPossible < rules.PassingPercent)) return CompletionState.Failed;
        return dueDate is { } due && now > due ? CompletionState.Overdue : CompletionState.InProgress;
    }
}
