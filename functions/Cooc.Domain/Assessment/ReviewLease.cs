using Cooc.Ports;

namespace Cooc.Assessment;

/// <summary>Active: the reviewer is working on it. Completed: the review is in. Expired: time ran out. Released: the author resubmitted.</summary>
public enum LeaseStatus { Active, Completed, Expired, Released }

/// <summary>
/// One reviewer's turn at one revision of a submission: assessment container, partition = assignmentId,
/// id "lease:{authorId}:{revision}:{reviewerId}" (<see cref="IdFor"/>), kind "lease". The id is unique per reviewer
/// and revision, so creating it twice conflicts: that is the real guard against reviewing the same work twice
/// (ReviewerIds on the submission only narrows the candidates). A lease is never recreated; it moves from Active to
/// exactly one of Completed, Expired or Released, each change a replace with the ETag, so a completion racing an
/// expiry has one winner. Extra: handed out when nothing was short; it never counts toward the required reviews.
/// The id names author and reviewer: it stays on the server, never in a view.
/// </summary>
public sealed record ReviewLease(
    string Id,
    string AssignmentId,
    string OrganizationId,
    string SubmissionId,
    string AuthorId,
    int SubmissionRevision,
    int RubricVersion,
    string ReviewerId,
    bool Extra,
    DateTimeOffset LeasedAt,
    DateTimeOffset ExpiresAt,
    LeaseStatus Status,
    string? ReviewId,
    DateTimeOffset UpdatedAt) : IDocument
{
    public const string DocumentKind = "lease";

    public string Kind => DocumentKind;

    public static string IdFor(string authorId, int revision, string reviewerId) => $"lease:{authorId}:{revision}:{reviewerId}";
}

/// <summary>How long a lease lasts, and how long a submission may wait without any review before it jumps the queue.</summary>
public sealed record ClaimOptions(TimeSpan LeaseDuration, TimeSpan StarvationLimit)
{
    public static readonly ClaimOptions Default = new(TimeSpan.FromHours(2), TimeSpan.FromHours(24));
}

/// <summary>A submission to try to lease, in order; Extra when it already has the reviews it needs.</summary>
public sealed record ClaimCandidate(Submission Submission, bool Extra);
