namespace Cooc.Completion;

/// <summary>Where a learner stands in a course. Passed is final: later changes never take it back (revoke the certificate instead).</summary>
public enum CompletionState { InProgress, Passed, Failed, Overdue }

public enum ItemState { NotStarted, InProgress, AwaitingGrade, Completed, Passed, Failed }

/// <summary>One required lecture or assignment as the learner and staff see it. Percent is the watched share or the released grade (0–100).</summary>
public sealed record ProgressItem(string ItemId, string Kind, ItemState State, double? Percent, double? MinimumPercent, double Weight);

/// <summary>
/// The learner's course progress, recomputed from its sources (lecture progress, released assignment grades) and stored
/// on the enrollment. Percent is the weighted overall grade (0–100) over the required items. RulesVersion names the
/// completion rules it was computed with; PassedAt is set once, when the state first becomes Passed.
/// </summary>
public sealed record CourseProgress(
    CompletionState State,
    double Percent,
    double PassingPercent,
    int LecturesCompleted,
    int LecturesRequired,
    List<ProgressItem> Items,
    int RulesVersion,
    DateTimeOffset? DueDate,
    DateTimeOffset? PassedAt,
    DateTimeOffset UpdatedAt)
{
    public const string LectureKind = "lecture";
    public const string AssignmentKind = "assignment";
}
