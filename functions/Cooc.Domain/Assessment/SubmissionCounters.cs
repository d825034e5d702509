using Cooc.Ports;

namespace Cooc.Assessment;

/// <summary>
/// The counter changes of <see cref="ClaimPolicy"/> and <see cref="ReviewRules"/> as atomic increments, for storage
/// that applies them with <see cref="IDocumentStore.PatchAsync{T}"/> instead of replacing the document. Each is
/// conditioned on the lease's revision, so one for a replaced submission changes nothing (null result). Taking a
/// lease counts it and lists the reviewer in ReviewerIds in the same patch (<see cref="Taken"/>, as <see cref="ClaimPolicy.Take"/>).
/// </summary>
public static class SubmissionCounters
{
    public const string Revision = "revision";
    public const string ActiveLeases = "activeLeases";
    public const string ExtraLeases = "extraLeases";
    public const string CompletedReviews = "completedReviews";
    public const string FlagCount = "flagCount";
    public const string ReviewerIds = "reviewerIds";

    /// <summary>On the reviewer's <see cref="ReviewerRecord"/>, with each completed review.</summary>
    public const string ReviewsCompleted = "reviewsCompleted";

    /// <summary>A lease taken: one open lease more (regular or extra), and its reviewer listed, never to be handed this submission again.</summary>
    public static DocumentPatch Taken(ReviewLease lease) => new([new(LeaseCounter(lease), 1)], [new(ReviewerIds, lease.ReviewerId)]);

    /// <summary>The review is in: one open lease fewer (regular or extra), one completed review more (<see cref="ReviewRules.Record"/>).</summary>
    public static IReadOnlyList<Increment> Completed(ReviewLease lease) => [new(LeaseCounter(lease), -1), new(CompletedReviews, 1)];

    /// <summary>An expired lease gives its place back (<see cref="ClaimPolicy.ReturnToPool"/>).</summary>
    public static IReadOnlyList<Increment> Returned(ReviewLease lease) => [new(LeaseCounter(lease), -1)];

    /// <summary>The condition for both: still the lease's revision, and the open-lease counter above zero.</summary>
    public static IReadOnlyList<Condition> When(ReviewLease lease) => [Condition.Eq(Revision, lease.SubmissionRevision), Condition.Gt(LeaseCounter(lease), 0)];

    private static string LeaseCounter(ReviewLease lease) => lease.Extra ? ExtraLeases : ActiveLeases;
}
