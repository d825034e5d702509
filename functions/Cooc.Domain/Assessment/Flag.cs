using Cooc.Ports;

namespace Cooc.Assessment;

public enum FlagTarget { Submission, Review }

public enum FlagStatus { Open, Dismissed, Upheld }

/// <summary>
/// Someone reported a submission or a review as offensive, for staff: assessment container, partition = assignmentId,
/// kind "flag". One per person and target, so a repeated flag conflicts: id "flag:{submissionId}:{revision}:{flaggedBy}"
/// for a submission revision, "flag:{reviewId}:{flaggedBy}" for a review (<see cref="IdFor"/>). SubmissionId is the
/// submission concerned either way. Staff only: it names both sides.
/// </summary>
public sealed record Flag(
    string Id,
    string AssignmentId,
    string OrganizationId,
    FlagTarget Target,
    string TargetId,
    string SubmissionId,
    int SubmissionRevision,
    string FlaggedBy,
    string Reason,
    DateTimeOffset At,
    FlagStatus Status,
    string? ResolvedBy,
    DateTimeOffset? ResolvedAt,
    string? Resolution) : IDocument
{
    public const string DocumentKind = "flag";

    public string Kind => DocumentKind;

    public static string IdFor(FlagTarget target, string targetId, int revision, string flaggedBy) =>
        target == FlagTarget.Submission ? $"flag:{targetId}:{revision}:{flaggedBy}" : $"flag:{targetId}:{flaggedBy}";
}
