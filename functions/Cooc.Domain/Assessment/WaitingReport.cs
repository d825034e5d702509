namespace Cooc.Assessment;

/// <summary>What a submission is waiting for, from staff's point of view.</summary>
public enum WaitingFor
{
    /// <summary>Graded and released to the author; nothing is pending.</summary>
    Nothing,
    /// <summary>Peers have not completed enough reviews.</summary>
    PeerReviews,
    /// <summary>Graded, but its author still owes reviews before they see the grade.</summary>
    AuthorReviews,
    /// <summary>Graded, but its author still owes the self-assessment before they see the grade.</summary>
    SelfAssessment,
    /// <summary>The reviews are in: the grading (or release) step has not run yet.</summary>
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
    TimeSpan Waiting,
    bool Graded,
    DateTimeOffset? ReleasedAt);

/// <summary>The staff report of who is waiting for what.</summary>
public static class WaitingReport
{
    /// <summary>
    /// One row per submission of the assignment; the author's reviews come from their reviewer record (none: 0), and
    /// what they owe is capped by the other submissions once submissions are closed (<see cref="GradeRelease.ReviewsOwed"/>).
    /// Staff rows first, then the longest waiting, then author id; released rows last.
    /// </summary>
    public static IReadOnlyList<WaitingRow> Build(IEnumerable<Submission> submissions, IEnumerable<ReviewerRecord> reviewerRecords, Assignment assignment, DateTimeOffset now)
    {
        var mine = submissions.Where(s => s.AssignmentId == assignment.AssignmentId).ToList();
        var completed = reviewerRecords.Where(r => r.AssignmentId == assignment.AssignmentId)
            .GroupBy(r => r.LearnerId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Max(r => r.ReviewsCompleted), StringComparer.Ordinal);
        return mine.Select(s =>
        {
            var required = ClaimPolicy.Required(assignment, s, now);
            var byAuthor = completed.GetValueOrDefault(s.AuthorId);
            var owed = GradeRelease.ReviewsOwed(assignment, byAuthor, mine.Count - 1, now);
            var appealOpen = s.Appeal?.Status == AppealStatus.Open;
            var staffQueue = StaffQueue.NeedsStaff(assignment, s, now);
            var waitingFor =
                staffQueue || appealOpen ? WaitingFor.Staff
                : s.Grade is not null && s.ReleasedAt is not null ? WaitingFor.Nothing
                : s.Grade is null && s.CompletedReviews < required ? WaitingFor.PeerReviews
                : s.Grade is null || s.IsStaffGraded ? WaitingFor.Grading
                : owed > 0 ? WaitingFor.AuthorReviews
                : GradeRelease.SelfAssessmentOwed(assignment, s) ? WaitingFor.SelfAssessment
                : WaitingFor.Grading;
            var waiting = waitingFor == WaitingFor.Nothing || now < s.SubmittedAt ? TimeSpan.Zero : now - s.SubmittedAt;
            return new WaitingRow(s.AuthorId, s.Revision, s.SubmittedAt, s.Status, waitingFor, s.CompletedReviews, required, s.ActiveLeases,
                byAuthor, owed, s.Late, appealOpen, staffQueue, waiting, s.Grade is not null, s.ReleasedAt);
        })
        .OrderBy(r => r.WaitingFor switch { WaitingFor.Staff => 0, WaitingFor.Nothing => 2, _ => 1 })
        .ThenBy(r => r.SubmittedAt).ThenBy(r => r.AuthorId, StringComparer.Ordinal)
        .ToList();
    }
}
