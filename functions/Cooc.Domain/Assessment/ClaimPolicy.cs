using Cooc.Common;

namespace Cooc.Assessment;

/// <summary>
/// Which submission a reviewer gets. Claim: return the reviewer's own active lease if any; else try
/// <see cref="Candidates"/> in order, each with a conditional write of the submission (still short, reviewer not in
/// ReviewerIds; <see cref="Take"/>) and the creation of <see cref="LeaseFor"/> (conflict: reviewed before); the first
/// that succeeds is the claim. No candidate: nothing is waiting.
/// </summary>
public static class ClaimPolicy
{
    /// <summary>
    /// Reviews the submission needs: gradedBy, or, with flexible grading once now ≥ submittedAt + afterDays,
    /// ceil(gradedBy × percent / 100), at least 1.
    /// </summary>
    public static int Required(Assignment assignment, Submission submission, DateTimeOffset now)
    {
        var (gradedBy, flexible) = (assignment.Settings.GradedBy, assignment.Settings.Flexible);
        if (!flexible.Enabled || now < submission.SubmittedAt.AddDays(flexible.AfterDays)) return gradedBy;
        return Math.Max(1, (gradedBy * flexible.Percent + 99) / 100);
    }

    /// <summary>Places left for regular reviews: required minus completed reviews and active regular leases (extra leases never count).</summary>
    public static int FreePlaces(Submission submission, int required) => required - submission.CompletedReviews - submission.ActiveLeases;

    /// <summary>Some place is left (<see cref="FreePlaces"/>).</summary>
    public static bool IsShort(Submission submission, int required) => FreePlaces(submission, required) > 0;

    /// <summary>Could take a regular review from this reviewer: waiting (no grade, no appeal), not theirs, not leased to them before.</summary>
    public static bool IsEligible(Submission submission, string reviewerId) =>
        submission.Status == SubmissionStatus.Waiting && submission.Grade is null && IsEligibleForExtra(submission, reviewerId);

    /// <summary>
    /// Could take an extra review from this reviewer: any state (graded ones too: the review never moves a fixed
    /// grade, but lets the reviewer pay their own debt and feeds the reviewer model), never theirs, never twice.
    /// </summary>
    public static bool IsEligibleForExtra(Submission submission, string reviewerId) =>
        submission.AuthorId != reviewerId && !submission.ReviewerIds.Contains(reviewerId);

    /// <summary>Waited longer than the starvation limit without any completed review.</summary>
    public static bool IsStarving(Submission submission, DateTimeOffset now, ClaimOptions options) =>
        submission.CompletedReviews == 0 && now - submission.SubmittedAt > options.StarvationLimit;

    /// <summary>
    /// Hand-out order of short submissions (the caller passes short ones, see <see cref="Candidates"/>): ineligible
    /// ones left out; starving ones first; then oldest submittedAt; id breaks ties.
    /// </summary>
    public static IReadOnlyList<Submission> Order(IEnumerable<Submission> candidates, string reviewerId, DateTimeOffset now, ClaimOptions options)
    {
        // One list sorted in place (this runs on every claim: LINQ's ordering allocated a key array per key).
        var eligible = candidates.Where(s => IsEligible(s, reviewerId)).ToList();
        eligible.Sort((a, b) =>
        {
            var byStarving = IsStarving(b, now, options).CompareTo(IsStarving(a, now, options));
            if (byStarving != 0) return byStarving;
            var byAge = a.SubmittedAt.CompareTo(b.SubmittedAt);
            return byAge != 0 ? byAge : string.CompareOrdinal(a.Id, b.Id);
        });
        return eligible;
    }

    /// <summary>
    /// When nothing is short: submissions eligible for an extra review (<see cref="IsEligibleForExtra"/>, graded
    /// ones included) with the fewest completed reviews first, then the fewest open leases, then oldest, then id.
    /// So whoever still owes reviews can pay them while any submission they have not reviewed exists. Extras improve
    /// the grade only if they complete before grading, and never count toward anyone's required number.
    /// </summary>
    public static IReadOnlyList<Submission> ExtraReviewOrder(IEnumerable<Submission> candidates, string reviewerId) =>
        candidates.Where(s => IsEligibleForExtra(s, reviewerId))
            .OrderBy(s => s.CompletedReviews).ThenBy(s => s.ActiveLeases + s.ExtraLeases).ThenBy(s => s.SubmittedAt)
            .ThenBy(s => s.Id, StringComparer.Ordinal)
            .ToList();

    /// <summary>Everything to try, in order: the short submissions (<see cref="Order"/>), then extras (<see cref="ExtraReviewOrder"/>).</summary>
    public static IReadOnlyList<ClaimCandidate> Candidates(Assignment assignment, IEnumerable<Submission> submissions, string reviewerId, DateTimeOffset now, ClaimOptions options)
    {
        // One pass splits them (the list used to be subtracted from a set, which hashed every field of every submission).
        List<Submission> shortOnes = [], others = [];
        foreach (var s in submissions.Where(s => s.AssignmentId == assignment.AssignmentId))
            (s.Status == SubmissionStatus.Waiting && s.Grade is null && IsShort(s, Required(assignment, s, now)) ? shortOnes : others).Add(s);
        var ordered = Order(shortOnes, reviewerId, now, options);
        var extras = others.Count == 0 ? [] : ExtraReviewOrder(others, reviewerId);
        var candidates = new List<ClaimCandidate>(ordered.Count + extras.Count);
        foreach (var s in ordered) candidates.Add(new ClaimCandidate(s, false));
        foreach (var s in extras) candidates.Add(new ClaimCandidate(s, true));
        return candidates;
    }

    /// <summary>Whether <see cref="RefuseClaim"/> needs the reviewer's record: only to check calibration, when the assignment asks for it.</summary>
    public static bool NeedsReviewerRecord(Assignment assignment) => AssignmentRules.ActiveCalibrationExamples(assignment).Count > 0;

    /// <summary>
    /// A claim is refused before submissions open and once reviews are due (409), until the reviewer has submitted
    /// their own work (409), and until they have scored every active calibration example (409).
    /// </summary>
    public static Refusal? RefuseClaim(Assignment assignment, Submission? ownSubmission, ReviewerRecord? record, DateTimeOffset now)
    {
        if (now < assignment.Settings.OpensAt) return Refusal.Conflict("The assignment is not open yet.");
        if (now >= assignment.Settings.ReviewsDueAt) return Refusal.Conflict("Reviews are closed.", "The review due date has passed.");
        if (ownSubmission is null) return Refusal.Conflict("Submit your own work first.", "Reviewing opens once you have submitted.");
        if (CalibrationRules.Pending(assignment, record).Count > 0)
            return Refusal.Conflict("Score the calibration examples first.", "They show how staff apply the rubric.");
        return null;
    }

    /// <summary>The reviewer's active, unexpired lease among leases (the latest if several), which a claim returns again; else null.</summary>
    public static ReviewLease? OpenLease(IEnumerable<ReviewLease> leases, string reviewerId, DateTimeOffset now) =>
        leases.Where(l => l.ReviewerId == reviewerId && l.Status == LeaseStatus.Active && !IsExpired(l, now))
            .OrderByDescending(l => l.LeasedAt).ThenBy(l => l.Id, StringComparer.Ordinal).FirstOrDefault();

    public static ReviewLease LeaseFor(Submission submission, string reviewerId, bool extra, DateTimeOffset now, ClaimOptions options) =>
        new(ReviewLease.IdFor(submission.AuthorId, submission.Revision, reviewerId), submission.AssignmentId, submission.OrganizationId,
            submission.Id, submission.AuthorId, submission.Revision, submission.RubricVersion, reviewerId, extra,
            now, now + options.LeaseDuration, LeaseStatus.Active, null, now);

    /// <summary>
    /// When the sweep that ends a lease runs (<see cref="IsExpired"/>): its expiry rounded up to a whole interval
    /// (UTC), so the leases of one interval share one scheduled message; a lease ends at most one interval late.
    /// </summary>
    public static DateTimeOffset LeaseSweepAt(DateTimeOffset expiresAt, TimeSpan interval)
    {
        if (interval <= TimeSpan.Zero) return expiresAt;
        var intervals = (expiresAt.UtcTicks + interval.Ticks - 1) / interval.Ticks;
        return new DateTimeOffset(intervals * interval.Ticks, TimeSpan.Zero);
    }

    /// <summary>An active lease past its expiry: release it (<see cref="Release"/>, <see cref="ReturnToPool"/>).</summary>
    public static bool IsExpired(ReviewLease lease, DateTimeOffset now) => lease.Status == LeaseStatus.Active && now >= lease.ExpiresAt;

    /// <summary>The submission once the lease is taken: one more open lease, the reviewer remembered.</summary>
    public static Submission Take(Submission submission, ReviewLease lease, DateTimeOffset now)
    {
        if (lease.SubmissionId != submission.Id || lease.SubmissionRevision != submission.Revision)
            throw new ArgumentException("The lease is for another submission or revision.", nameof(lease));
        return submission with
        {
            ActiveLeases = submission.ActiveLeases + (lease.Extra ? 0 : 1), ExtraLeases = submission.ExtraLeases + (lease.Extra ? 1 : 0),
            ReviewerIds = [.. submission.ReviewerIds, lease.ReviewerId], UpdatedAt = now,
        };
    }

    /// <summary>Ends an active lease without a review: Expired (time ran out) or Released (resubmission). Others are returned unchanged.</summary>
    public static ReviewLease Release(ReviewLease lease, LeaseStatus status, DateTimeOffset now)
    {
        if (status is not (LeaseStatus.Expired or LeaseStatus.Released)) throw new ArgumentOutOfRangeException(nameof(status));
        return lease.Status == LeaseStatus.Active ? lease with { Status = status, UpdatedAt = now } : lease;
    }

    /// <summary>
    /// The submission once an expired lease gives its place back (ReviewerIds keep the reviewer: they are not handed
    /// it again). A lease of an earlier revision changes nothing: the resubmission already reset the counters.
    /// </summary>
    public static Submission ReturnToPool(Submission submission, ReviewLease lease, DateTimeOffset now) =>
        lease.SubmissionId != submission.Id || lease.SubmissionRevision != submission.Revision ? submission
        : submission with
        {
            ActiveLeases = Math.Max(0, submission.ActiveLeases - (lease.Extra ? 0 : 1)),
            ExtraLeases = Math.Max(0, submission.ExtraLeases - (lease.Extra ? 1 : 0)), UpdatedAt = now,
        };
}
