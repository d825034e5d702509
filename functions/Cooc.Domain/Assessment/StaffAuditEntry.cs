using Cooc.Ports;

namespace Cooc.Assessment;

public enum StaffAction { Graded, AppealResolved }

/// <summary>
/// The audit record of a staff decision on a submission: assessment container, partition = assignmentId,
/// id = auditId (random, "aud_..." from Ids.New), kind "audit". Who (StaffId), when (At), why (Reason), and the
/// grade in force before and after. Written beside the submission it changed; never edited.
/// </summary>
public sealed record StaffAuditEntry(
    string Id,
    string AssignmentId,
    string OrganizationId,
    string SubmissionId,
    int SubmissionRevision,
    StaffAction Action,
    string StaffId,
    DateTimeOffset At,
    string Reason,
    SubmissionGrade? Before,
    SubmissionGrade? After) : IDocument
{
    public const string DocumentKind = "audit";

    public string Kind => DocumentKind;
}

/// <summary>
/// A staff grade: an option index per criterion of the submission's rubric version and why. The late penalty
/// applies unless waived.
/// </summary>
public sealed record StaffGradeInput(Dictionary<string, int>? Options, string? Reason, bool WaiveLatePenalty = false);

/// <summary>Staff's answer to an appeal, with a new grade or none (the grade stands).</summary>
public sealed record AppealResolutionInput(string? Response, StaffGradeInput? NewGrade);

/// <summary>The changed submission and the audit entry to store with it.</summary>
public sealed record StaffDecision(Submission Submission, StaffAuditEntry Audit);
