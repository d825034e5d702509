using Cooc.Ports;

namespace Cooc.Assessment;

/// <summary>
/// A completed peer review: assessment container, partition = assignmentId, id = reviewId, kind "review". The
/// review id is random (Ids.New("rev")) because authors see it (to flag a review) and it must not name the reviewer.
/// Options maps each criterion id of the rubric version to the chosen option index; Feedback holds optional text
/// per criterion; Points is the sum of the chosen options' points. Extra: given when the submission already had the
/// reviews it needed. Whether it counted in the grade is recorded in <see cref="SubmissionGrade.CountedReviewIds"/>.
/// </summary>
public sealed record Review(
    string Id,
    string AssignmentId,
    string OrganizationId,
    string SubmissionId,
    string AuthorId,
    int SubmissionRevision,
    int RubricVersion,
    string ReviewerId,
    bool Extra,
    Dictionary<string, int> Options,
    Dictionary<string, string> Feedback,
    string? OverallFeedback,
    int Points,
    DateTimeOffset LeasedAt,
    DateTimeOffset CompletedAt) : IDocument
{
    public const string DocumentKind = "review";

    public string Kind => DocumentKind;
}

/// <summary>A reviewer's answer: option index per criterion id, optional feedback per criterion id, optional overall feedback.</summary>
public sealed record ReviewInput(Dictionary<string, int>? Options, Dictionary<string, string>? Feedback, string? OverallFeedback);

/// <summary>The stored review and the lease it completed (replace the lease with its ETag: one completion wins).</summary>
public sealed record ReviewCompletion(Review Review, ReviewLease Lease);
