namespace Cooc.Assessment;

/// <summary>Why a submission needs staff.</summary>
[Flags]
public enum StaffAttention
{
    None = 0,
    /// <summary>Reviews are due and it still has fewer completed reviews than required, and no grade.</summary>
    ShortOfReviews = 1,
    /// <summary>Its author appealed and staff have not resolved it.</summary>
    OpenAppeal = 2,
    /// <summary>Someone flagged it (its open flag count is above zero).</summary>
    Flagged = 4,
}

public sealed record StaffQueueItem(Submission Submission, StaffAttention Attention);

/// <summary>The staff grading queue: what peers could not settle.</summary>
public static class StaffQueue
{
    /// <summary>Once reviews are due, an ungraded submission still short of completed reviews goes to staff.</summary>
    public static bool NeedsStaff(Assignment assignment, Submission submission, DateTimeOffset now) =>
        now >= assignment.Settings.ReviewsDueAt && submission.Grade is null
        && submission.CompletedReviews < ClaimPolicy.Required(assignment, submission, now);

    public static StaffAttention Attention(Assignment assignment, Submission submission, DateTimeOffset now) =>
        (NeedsStaff(assignment, submission, now) ? StaffAttention.ShortOfReviews : StaffAttention.None)
        | (submission.Appeal?.Status == AppealStatus.Open ? StaffAttention.OpenAppeal : StaffAttention.None)
        | (submission.FlagCount > 0 ? StaffAttention.Flagged : StaffAttention.None);

    /// <summary>Everything needing staff: open appeals first, then flagged, then short ones; oldest submission first within each, then id.</summary>
    public static IReadOnlyList<StaffQueueItem> Build(Assignment assignment, IEnumerable<Submission> submissions, DateTimeOffset now) =>
        submissions.Select(s => new StaffQueueItem(s, Attention(assignment, s, now)))
            .Where(i => i.Attention != StaffAttention.None)
            .OrderBy(i => i.Attention.HasFlag(StaffAttention.OpenAppeal) ? 0 : i.Attention.HasFlag(StaffAttention.Flagged) ? 1 : 2)
            .ThenBy(i => i.Submission.SubmittedAt).ThenBy(i => i.Submission.Id, StringComparer.Ordinal)
            .ToList();
}
