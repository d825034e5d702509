namespace Cooc.Assessment;

/// <summary>What a submission is waiting for, from staff's point of view.</summary>
public enum WaitingFor
{
    /// <summary>Graded; nothing is pending.</summary>
    Nothing,
    /// <summary>Peers have not completed enough reviews.</summary>
    PeerReviews,
    /// <summary>Its author still owes reviews.</summary>
    AuthorReviews,
    /// <summary>Its author still owes the self-assessment.</summary>
    SelfAssessment,
    /// <summary>Everything is in: the grading step has not run yet.</summary>
    Grading,
    /// <summary>In the staff queue (short when reviews were due) or under appeal.</summary>
    Staff,
}

/// <summary>One author's row of the staff report; Waiting is how long since the submission (zero once graded).</summary>
public sealed record WaitingRow(
    string AuthorId,
    int Revision,
    DateTimeOffset SubmittedAt,
    SubmissionStatus Status,
    WaitingFor WaitingFor,
    int ReviewsReceived,
    int ReviewsRequired,
    int ActiveLeases,
    int ReviewsCompletedByAuthor,
    int ReviewsOwedByAuthor,
    bool Late,
    bool AppealOpen,
    bool InStaffQueue,
    TimeSpan Waiting);

/// <summary>The staff report of who is waiting for what.</summary>
public static class WaitingReport
{
    /// <summary>
    /// One row per submission of the assignment; the author's reviews come from their reviewer record (none: 0).
    /// Staff rows first, then the longest waiting, then author id; graded rows last.
    /// </summary>
    public static IReadOnlyList<WaitingRow> Build(IEnumerable<Submission> submissions, IEnumerable<ReviewerRecord> reviewerRecords, Assignment assignment, DateTimeOffset now)
    {
        var completed = reviewerRecords.Where(r => r.AssignmentId == assignment.AssignmentId)
            .GroupBy(r => r.LearnerId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Max(r => r.ReviewsCompleted), StringComparer.Ordinal);
        return submissions.Where(s => s.AssignmentId == assignment.AssignmentId).Select(s =>
        {
            var required = ClaimPolicy.Required(assignment, s, now);
            var byAuthor = completed.GetValueOrDefault(s.AuthorId);
            var owed = Math.Max(0, assignment.Settings.MustGrade - byAuthor);
            var appealOpen = s.Appeal?.Status == AppealStatus.Open;
            var staffQueue = StaffQueue.NeedsStaff(assignment, s, now);
            var waitingFor =
                staffQueue || appealOpen ? WaitingFor.Staff
                : s.Grade is not null ? WaitingFor.Nothing
                : s.CompletedReviews < required ? WaitingFor.PeerReviews
                : owed > 0 ? WaitingFor.AuthorReviews
                : assignment.Settings.SelfAssessment && s.SelfAssessment is null ? WaitingFor.SelfAssessment
                : WaitingFor.Grading;
            var waiting = waitingFor == WaitingFor.Nothing || now < s.SubmittedAt ? TimeSpan.Zero : now - s.SubmittedAt;
            return new WaitingRow(s.AuthorId, s.Revision, s.SubmittedAt, s.Status, waitingFor, s.CompletedReviews, required, s.ActiveLeases,
                byAuthor, owed, s.Late, appealOpen, staffQueue, waiting);
        })
        .OrderBy(r => r.WaitingFor switch { WaitingFor.Staff => 0, WaitingFor.Nothing => 2, _ => 1 })
        .ThenBy(r => r.SubmittedAt).ThenBy(r => r.AuthorId, StringComparer.Ordinal)
        .ToList();
    }
}
