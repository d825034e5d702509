using Cooc.Common;
using Cooc.Courses;
using Cooc.Identity;

namespace Cooc.Assessment;

/// <summary>
/// Anyone who was shown a piece of work may flag it for staff: a reviewer the submission was handed to, an author a
/// review of their work. Storage also increments the submission's "flagCount" for a submission flag (open flags).
/// </summary>
public static class FlagRules
{
    public const int MaxReasonLength = 1000;

    /// <summary>A reviewer who was given this revision flags it; anyone else gets "not found".</summary>
    public static Outcome<Flag> FlagSubmission(Submission submission, Caller flagger, string? reason, DateTimeOffset now)
    {
        if (!submission.ReviewerIds.Contains(flagger.UserId)) return Refusal.NotFound("Submission");
        return Make(FlagTarget.Submission, submission.Id, submission.AssignmentId, submission.OrganizationId, submission.Id, submission.Revision, flagger, reason, now);
    }

    /// <summary>The author of the reviewed work flags a review of it; anyone else gets "not found".</summary>
    public static Outcome<Flag> FlagReview(Review review, Caller flagger, string? reason, DateTimeOffset now)
    {
        if (review.AuthorId != flagger.UserId) return Refusal.NotFound("Review");
        return Make(FlagTarget.Review, review.Id, review.AssignmentId, review.OrganizationId, review.SubmissionId, review.SubmissionRevision, flagger, reason, now);
    }

    /// <summary>
    /// Course staff dismiss or uphold an open flag (409 once resolved), with an optional note. For a submission flag,
    /// storage decrements the submission's "flagCount", so it counts open flags. What upholding does (hide the
    /// review, grade the submission) is a separate staff action.
    /// </summary>
    public static Outcome<Flag> Resolve(Flag flag, Course course, Caller staff, bool upheld, string? note, DateTimeOffset now)
    {
        if (AssessmentAccess.RefuseManage(staff, course) is { } refusal) return refusal;
        if (flag.Status != FlagStatus.Open) return Refusal.Conflict("The flag is already resolved.");
        if (note is { Length: > MaxReasonLength }) return new FieldErrors().Add("note", $"At most {MaxReasonLength} characters.").ToRefusal();
        return flag with
        {
            Status = upheld ? FlagStatus.Upheld : FlagStatus.Dismissed, ResolvedBy = staff.UserId, ResolvedAt = now,
            Resolution = string.IsNullOrWhiteSpace(note) ? null : note.Trim(),
        };
    }

    private static Outcome<Flag> Make(FlagTarget target, string targetId, string assignmentId, string organizationId, string submissionId, int revision,
        Caller flagger, string? reason, DateTimeOffset now)
    {
        var text = reason?.Trim();
        if (string.IsNullOrEmpty(text) || text.Length > MaxReasonLength)
            return new FieldErrors().Add("reason", $"Say what is wrong, in at most {MaxReasonLength} characters.").ToRefusal();
        return new Flag(Flag.IdFor(target, targetId, revision, flagger.UserId), assignmentId, organizationId, target, targetId, submissionId, revision,
            flagger.UserId, text, now, FlagStatus.Open, null, null, null);
    }
}
