using Cooc.Common;
using Cooc.Identity;

namespace Cooc.Assessment;

/// <summary>Authors may appeal their grade once, after they may see it; staff resolve it (<see cref="StaffRules.ResolveAppeal"/>).</summary>
public static class AppealRules
{
    public const int MaxReasonLength = 2000;

    /// <summary>
    /// Only the author (others: not found), only a grade released to them (409 while ungraded or unreleased),
    /// only once (409 after an appeal, open or resolved), with a reason of 1..2,000 characters.
    /// </summary>
    public static Outcome<Submission> Appeal(Assignment assignment, Submission submission, Caller author, string? reason, DateTimeOffset now)
    {
        if (submission.AuthorId != author.UserId || submission.AssignmentId != assignment.AssignmentId) return Refusal.NotFound("Submission");
        if (submission.Grade is null) return Refusal.Conflict("There is no grade to appeal yet.");
        if (!VisibilityRules.CanSeeOwnGrade(submission))
            return Refusal.Conflict("Finish your reviews first.", "You see your grade, and may appeal it, once you have completed your reviews.");
        if (submission.Appeal is not null) return Refusal.Conflict("You already appealed this grade.", "A grade can be appealed once.");
        var text = reason?.Trim();
        if (string.IsNullOrEmpty(text) || text.Length > MaxReasonLength)
            return new FieldErrors().Add("reason", $"Say why, in at most {MaxReasonLength} characters.").ToRefusal();
        return submission with
        {
            Appeal = new Appeal(text, now, AppealStatus.Open, null, null, null, false), Status = SubmissionStatus.UnderAppeal, UpdatedAt = now,
        };
    }
}
