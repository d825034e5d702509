using Cooc.Common;
using Cooc.Identity;

namespace Cooc.Assessment;

/// <summary>Pure decisions about reviews: what a valid one is, completing a lease, self-assessment.</summary>
public static class ReviewRules
{
    public const int MaxFeedbackLength = 2000;
    public const int MaxOverallFeedbackLength = 10_000;

    /// <summary>Exactly one valid option per criterion of the version, feedback per criterion ≤ 2,000 characters, overall ≤ 10,000.</summary>
    public static FieldErrors Validate(RubricVersion rubric, ReviewInput input)
    {
        var errors = new FieldErrors();
        ValidateOptions(rubric, input.Options, "options", errors);
        ValidateFeedback(rubric, input.Feedback, "feedback", MaxFeedbackLength, errors);
        if (input.OverallFeedback is { Length: > MaxOverallFeedbackLength }) errors.Add("overallFeedback", $"At most {MaxOverallFeedbackLength} characters.");
        return errors;
    }

    /// <summary>Adds errors unless options names every criterion of the version once, each with an existing option index.</summary>
    public static void ValidateOptions(RubricVersion rubric, IReadOnlyDictionary<string, int>? options, string field, FieldErrors errors)
    {
        options ??= new Dictionary<string, int>();
        foreach (var criterion in rubric.Criteria)
            if (!options.TryGetValue(criterion.CriterionId, out var index)) errors.Add($"{field}.{criterion.CriterionId}", "Choose one option.");
            else if (!criterion.HasOption(index)) errors.Add($"{field}.{criterion.CriterionId}", $"An option index from 0 to {criterion.Options.Count - 1}.");
        foreach (var key in options.Keys.Where(k => rubric.Criterion(k) is null))
            errors.Add($"{field}.{key}", "The rubric has no such criterion.");
    }

    /// <summary>Adds errors for feedback on unknown criteria or longer than maxLength; feedback is optional.</summary>
    public static void ValidateFeedback(RubricVersion rubric, IReadOnlyDictionary<string, string>? feedback, string field, int maxLength, FieldErrors errors)
    {
        foreach (var (key, text) in feedback ?? new Dictionary<string, string>())
            if (rubric.Criterion(key) is null) errors.Add($"{field}.{key}", "The rubric has no such criterion.");
            else if (text is { } t && t.Length > maxLength) errors.Add($"{field}.{key}", $"At most {maxLength} characters.");
    }

    /// <summary>
    /// The reviewer completes their lease with a review of the lease's rubric version. Someone else's lease is not
    /// found; a completed, expired or released one is refused (409). An active lease past its expiry still completes
    /// until storage has released it: the two race on the lease's ETag and one wins. reviewId must be random.
    /// </summary>
    public static Outcome<ReviewCompletion> Complete(ReviewLease lease, RubricVersion rubric, ReviewInput input, string reviewerId, string reviewId, DateTimeOffset now)
    {
        if (lease.ReviewerId != reviewerId) return Refusal.NotFound("Review");
        if (rubric.Version != lease.RubricVersion) throw new ArgumentException("Give the lease's rubric version.", nameof(rubric));
        switch (lease.Status)
        {
            case LeaseStatus.Completed: return Refusal.Conflict("This review is already submitted.");
            case LeaseStatus.Expired: return Refusal.Conflict("The time for this review ran out.", "Ask for another submission to review.");
            case LeaseStatus.Released: return Refusal.Conflict("The author replaced this submission.", "Ask for another submission to review.");
        }
        var errors = Validate(rubric, input);
        if (errors.Any) return errors.ToRefusal();
        var options = new Dictionary<string, int>(input.Options!);
        var review = new Review(reviewId, lease.AssignmentId, lease.OrganizationId, lease.SubmissionId, lease.AuthorId, lease.SubmissionRevision,
            lease.RubricVersion, reviewerId, lease.Extra, options, Clean(input.Feedback), Blank(input.OverallFeedback),
            options.Sum(o => rubric.PointsOf(o.Key, o.Value)), lease.LeasedAt, now);
        return new ReviewCompletion(review, lease with { Status = LeaseStatus.Completed, ReviewId = reviewId, UpdatedAt = now });
    }

    /// <summary>
    /// The submission once the review is in: one lease fewer, one completed review more. A review of an earlier
    /// revision changes nothing. Storage may do the same with an increment conditioned on the revision.
    /// </summary>
    public static Submission Record(Submission submission, Review review, DateTimeOffset now) =>
        review.SubmissionId != submission.Id || review.SubmissionRevision != submission.Revision ? submission
        : submission with
        {
            ActiveLeases = Math.Max(0, submission.ActiveLeases - (review.Extra ? 0 : 1)),
            ExtraLeases = Math.Max(0, submission.ExtraLeases - (review.Extra ? 1 : 0)),
            CompletedReviews = submission.CompletedReviews + 1, UpdatedAt = now,
        };

    /// <summary>The author scores their own submission (when the assignment asks for it), once, with its rubric version.</summary>
    public static Outcome<Submission> SelfAssess(Assignment assignment, Submission submission, ReviewInput input, Caller author, DateTimeOffset now)
    {
        if (submission.AuthorId != author.UserId) return Refusal.NotFound("Submission");
        if (!assignment.Settings.SelfAssessment) return Refusal.Conflict("This assignment has no self-assessment.");
        if (submission.SelfAssessment is not null) return Refusal.Conflict("You already assessed your submission.");
        var rubric = assignment.Rubric(submission.RubricVersion) ?? throw new ArgumentException("The submission's rubric version is missing.", nameof(submission));
        var errors = Validate(rubric, input);
        if (errors.Any) return errors.ToRefusal();
        var self = new SelfAssessment(new(input.Options!), Clean(input.Feedback), Blank(input.OverallFeedback), now);
        return submission with { SelfAssessment = self, UpdatedAt = now };
    }

    private static Dictionary<string, string> Clean(Dictionary<string, string>? feedback) =>
        (feedback ?? []).Where(f => !string.IsNullOrWhiteSpace(f.Value)).ToDictionary(f => f.Key, f => f.Value.Trim());

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
