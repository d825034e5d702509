namespace Cooc.Assessment;

/// <summary>What authors and reviewers may see of each other's work: never each other's identity.</summary>
public static class VisibilityRules
{
    /// <summary>
    /// Authors see their grade and their reviewers' feedback once it is released to them (<see cref="GradeRelease"/>:
    /// their own reviews done, or a staff grade).
    /// </summary>
    public static bool CanSeeOwnGrade(Submission submission) => submission.Grade is not null && submission.ReleasedAt is not null;

    /// <summary>The submission as the lease's reviewer sees it; the lease must be for this submission's revision.</summary>
    public static AnonymousSubmissionView ForReviewer(Submission submission, ReviewLease lease)
    {
        if (lease.SubmissionId != submission.Id || lease.SubmissionRevision != submission.Revision)
            throw new ArgumentException("The lease is for another submission or revision.", nameof(lease));
        return new AnonymousSubmissionView(submission.AssignmentId, submission.RubricVersion, submission.Text,
            submission.Files.Select(f => new SubmittedFileView(f.FileName, f.ContentType, f.Size, f.BlobName)).ToList(), lease.ExpiresAt, lease.Extra);
    }

    /// <summary>
    /// The reviews of the submission's current revision as its author sees them, in completion order (then id).
    /// Give them only when <see cref="CanSeeOwnGrade"/> holds; staff see the Review documents themselves.
    /// </summary>
    public static IReadOnlyList<ReceivedReviewView> ForAuthor(Submission submission, IEnumerable<Review> reviews)
    {
        var counted = submission.Grade?.CountedReviewIds ?? submission.PeerGrade?.CountedReviewIds ?? [];
        return reviews.Where(r => r.SubmissionId == submission.Id && r.SubmissionRevision == submission.Revision)
            .OrderBy(r => r.CompletedAt).ThenBy(r => r.Id, StringComparer.Ordinal)
            .Select((r, i) => new ReceivedReviewView(r.Id, i + 1, r.Options, r.Points, r.Feedback, r.OverallFeedback, counted.Contains(r.Id)))
            .ToList();
    }

    /// <summary>
    /// The author's status page for their submission; otherSubmissions (when known) caps the reviews owed once
    /// submissions are closed (<see cref="GradeRelease.ReviewsOwed"/>). A grade computed but not yet released shows
    /// as waiting for the author's reviews, or as being graded while the release is being recorded.
    /// </summary>
    public static SubmissionStatusView StatusFor(Assignment assignment, Submission submission, int authorCompletedReviews, DateTimeOffset now,
        int? otherSubmissions = null)
    {
        var required = ClaimPolicy.Required(assignment, submission, now);
        var owed = GradeRelease.ReviewsOwed(assignment, authorCompletedReviews, otherSubmissions, now);
        var selfOwed = GradeRelease.SelfAssessmentOwed(assignment, submission);
        var visible = CanSeeOwnGrade(submission);
        var state = submission.Status switch
        {
            SubmissionStatus.UnderAppeal => LearnerSubmissionState.UnderAppeal,
            SubmissionStatus.Graded when visible => LearnerSubmissionState.Graded,
            SubmissionStatus.Graded when owed > 0 || selfOwed => LearnerSubmissionState.WaitingForYourReviews,
            SubmissionStatus.Graded => LearnerSubmissionState.BeingGraded,
            _ when StaffQueue.NeedsStaff(assignment, submission, now) => LearnerSubmissionState.WaitingForStaff,
            _ when owed > 0 || selfOwed => LearnerSubmissionState.WaitingForYourReviews,
            _ when submission.CompletedReviews < required => LearnerSubmissionState.WaitingForReviews,
            _ => LearnerSubmissionState.BeingGraded,
        };
        return new SubmissionStatusView(state, submission.Revision, submission.SubmittedAt, submission.Late,
            submission.CompletedReviews, required, owed, selfOwed, visible ? submission.Grade : null,
            submission.Grade is not null && !visible, submission.Appeal);
    }
}
