using Cooc.Common;
using Cooc.Courses;
using Cooc.Identity;

namespace Cooc.Assessment;

/// <summary>Staff grading and appeals: course staff may grade any submission; a staff grade overrides peers.</summary>
public static class StaffRules
{
    public const int MaxReasonLength = 2000;

    /// <summary>
    /// Course staff grade a submission with its rubric version: the grade in force becomes theirs (Source Staff, with
    /// who and why), the peers' grade stays in PeerGrade, and an audit entry records before and after. Peers never
    /// replace it (<see cref="PeerGrading.Apply"/>). A staff grade is released to the author at once
    /// (<see cref="GradeRelease"/>). An open appeal stays open until resolved.
    /// </summary>
    public static Outcome<StaffDecision> Grade(Assignment assignment, Course course, Submission submission, StaffGradeInput input, Caller staff, string auditId, DateTimeOffset now)
    {
        if (Refuse(assignment, course, submission, staff) is { } refusal) return refusal;
        var errors = new FieldErrors();
        var grade = Validate(assignment, submission, input, errors, "");
        if (errors.Any) return errors.ToRefusal();
        var graded = submission with
        {
            Grade = grade! with { GradedAt = now, GradedBy = staff.UserId },
            Status = submission.Appeal?.Status == AppealStatus.Open ? SubmissionStatus.UnderAppeal : SubmissionStatus.Graded, UpdatedAt = now,
            ReleasedAt = submission.ReleasedAt ?? now,
        };
        return new StaffDecision(graded, Audit(submission, graded, StaffAction.Graded, input.Reason!.Trim(), staff, auditId, now));
    }

    /// <summary>
    /// Staff answer the open appeal (not found without one, 409 once resolved), optionally with a new staff grade.
    /// The appeal is resolved either way and the submission is Graded again; the audit entry records it.
    /// </summary>
    public static Outcome<StaffDecision> ResolveAppeal(Assignment assignment, Course course, Submission submission, AppealResolutionInput input, Caller staff, string auditId, DateTimeOffset now)
    {
        if (Refuse(assignment, course, submission, staff) is { } refusal) return refusal;
        if (submission.Appeal is not { } appeal) return Refusal.NotFound("Appeal");
        if (appeal.Status != AppealStatus.Open) return Refusal.Conflict("The appeal is already resolved.");
        var errors = new FieldErrors();
        var response = input.Response?.Trim();
        if (string.IsNullOrEmpty(response)) errors.Add("response", "Tell the learner what you decided and why.");
        else if (response.Length > MaxReasonLength) errors.Add("response", $"At most {MaxReasonLength} characters.");
        var grade = input.NewGrade is null ? null : Validate(assignment, submission, input.NewGrade, errors, "newGrade.");
        if (errors.Any) return errors.ToRefusal();
        var resolved = submission with
        {
            Grade = grade is null ? submission.Grade : grade with { GradedAt = now, GradedBy = staff.UserId },
            Appeal = appeal with { Status = AppealStatus.Resolved, Response = response, ResolvedBy = staff.UserId, ResolvedAt = now, GradeChanged = grade is not null },
            Status = SubmissionStatus.Graded, UpdatedAt = now, ReleasedAt = submission.ReleasedAt ?? now,
        };
        return new StaffDecision(resolved, Audit(submission, resolved, StaffAction.AppealResolved, response!, staff, auditId, now));
    }

    private static Refusal? Refuse(Assignment assignment, Course course, Submission submission, Caller staff)
    {
        if (course.CourseId != assignment.CourseId || submission.AssignmentId != assignment.AssignmentId)
            throw new ArgumentException("The course, assignment and submission do not belong together.");
        return AssessmentAccess.RefuseManage(staff, course);
    }

    private static SubmissionGrade? Validate(Assignment assignment, Submission submission, StaffGradeInput input, FieldErrors errors, string prefix)
    {
        var rubric = PeerGrading.RubricOf(assignment, submission);
        ReviewRules.ValidateOptions(rubric, input.Options, $"{prefix}options", errors);
        var reason = input.Reason?.Trim();
        if (string.IsNullOrEmpty(reason)) errors.Add($"{prefix}reason", "Say why: it is kept in the audit.");
        else if (reason.Length > MaxReasonLength) errors.Add($"{prefix}reason", $"At most {MaxReasonLength} characters.");
        if (errors.Any) return null;
        var criteria = rubric.Criteria.Select(c => new CriterionGrade(c.CriterionId, c.Options[input.Options![c.CriterionId]].Points, c.MaxPoints)).ToList();
        return PeerGrading.Compose(GradeSource.Staff, null, criteria, rubric.MaxPoints, input.WaiveLatePenalty ? 0 : submission.LatePenaltyPercent,
            [], null, reason, default);
    }

    private static StaffAuditEntry Audit(Submission before, Submission after, StaffAction action, string reason, Caller staff, string auditId, DateTimeOffset now) =>
        new(auditId, before.AssignmentId, before.OrganizationId, before.Id, before.Revision, action, staff.UserId, now, reason, before.Grade, after.Grade);
}
