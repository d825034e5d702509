using Cooc.Assessment;
using Cooc.Common;
using static Cooc.Domain.Tests.Assessment.AssessmentFixtures;

namespace Cooc.Domain.Tests.Assessment;

public sealed class ReviewRulesTests
{
    private static readonly DateTimeOffset Now = Opens.AddDays(3);
    private static readonly Assignment Assignment = AssessmentFixtures.Assignment();
    private static readonly RubricVersion Rubric = Assignment.CurrentRubric;
    private static readonly Submission Ann = Submitted("ann", Opens.AddDays(1));
    private static readonly ReviewLease Lease = ClaimPolicy.LeaseFor(Ann, "bo", false, Now, ClaimOptions.Default);

    private static ReviewInput Valid(string? feedback = null) =>
        new(new() { ["ideas"] = 3, ["style"] = 1 }, feedback is null ? null : new() { ["ideas"] = feedback }, "  Nice work  ");

    private static IReadOnlyDictionary<string, string[]> Errors(FieldErrors errors) => errors.ToRefusal().Errors!;

    [Fact]
    public void A_valid_review_has_one_existing_option_per_criterion() => Assert.False(ReviewRules.Validate(Rubric, Valid("good")).Any);

    [Fact]
    public void Missing_unknown_and_out_of_range_options_are_refused_per_criterion()
    {
        var errors = Errors(ReviewRules.Validate(Rubric, new ReviewInput(new() { ["ideas"] = 4, ["tone"] = 0 }, null, null)));
        Assert.Equal(["options.ideas", "options.style", "options.tone"], errors.Keys.Order());
        Assert.Contains("0 to 3", errors["options.ideas"][0]);
        Assert.True(ReviewRules.Validate(Rubric, new ReviewInput(new() { ["ideas"] = -1, ["style"] = 0 }, null, null)).Any);
        Assert.True(ReviewRules.Validate(Rubric, new ReviewInput(null, null, null)).Any);
    }

    [Fact]
    public void Feedback_is_limited_per_criterion_and_overall()
    {
        Assert.False(ReviewRules.Validate(Rubric, Valid(new string('x', ReviewRules.MaxFeedbackLength))).Any);
        var errors = Errors(ReviewRules.Validate(Rubric, Valid(new string('x', ReviewRules.MaxFeedbackLength + 1))
            with { OverallFeedback = new string('y', ReviewRules.MaxOverallFeedbackLength + 1) }));
        Assert.Equal(["feedback.ideas", "overallFeedback"], errors.Keys.Order());
        Assert.True(ReviewRules.Validate(Rubric, Valid() with { Feedback = new() { ["tone"] = "hm" } }).Any);
    }

    [Fact]
    public void Completing_a_lease_makes_the_review_and_completes_the_lease()
    {
        var done = ReviewRules.Complete(Lease, Rubric, Valid("good"), "bo", "rev_1", Now.AddHours(1)).Value!;
        var review = done.Review;
        Assert.Equal(("rev_1", Ann.Id, "ann", 1, 1, "bo"), (review.Id, review.SubmissionId, review.AuthorId, review.SubmissionRevision, review.RubricVersion, review.ReviewerId));
        Assert.Equal(3 + 2, review.Points);
        Assert.Equal("good", review.Feedback["ideas"]);
        Assert.Equal("Nice work", review.OverallFeedback);
        Assert.Equal((Now, Now.AddHours(1)), (review.LeasedAt, review.CompletedAt));
        Assert.Equal((LeaseStatus.Completed, "rev_1"), (done.Lease.Status, done.Lease.ReviewId));
        Assert.Equal("review", review.Kind);
    }

    [Fact]
    public void Only_the_lease_holder_completes_it_and_only_once()
    {
        Assert.Equal(RefusalKind.NotFound, ReviewRules.Complete(Lease, Rubric, Valid(), "cy", "rev_1", Now).Refusal!.Kind);
        Assert.Equal(RefusalKind.Conflict, ReviewRules.Complete(Lease with { Status = LeaseStatus.Completed }, Rubric, Valid(), "bo", "rev_1", Now).Refusal!.Kind);
        Assert.Equal(RefusalKind.Conflict, ReviewRules.Complete(Lease with { Status = LeaseStatus.Expired }, Rubric, Valid(), "bo", "rev_1", Now).Refusal!.Kind);
        Assert.Equal("The author replaced this submission.", ReviewRules.Complete(Lease with { Status = LeaseStatus.Released }, Rubric, Valid(), "bo", "rev_1", Now).Refusal!.Title);
        Assert.Equal(RefusalKind.Invalid, ReviewRules.Complete(Lease, Rubric, new ReviewInput(null, null, null), "bo", "rev_1", Now).Refusal!.Kind);
    }

    [Fact]
    public void An_active_lease_past_its_expiry_still_completes_until_it_is_released() =>
        Assert.False(ReviewRules.Complete(Lease, Rubric, Valid(), "bo", "rev_1", Lease.ExpiresAt.AddMinutes(5)).IsRefused);

    [Fact]
    public void Recording_a_review_moves_a_lease_to_the_completed_count()
    {
        var taken = ClaimPolicy.Take(Ann, Lease, Now);
        var review = ReviewRules.Complete(Lease, Rubric, Valid(), "bo", "rev_1", Now).Value!.Review;
        var recorded = ReviewRules.Record(taken, review, Now);
        Assert.Equal((0, 1), (recorded.ActiveLeases, recorded.CompletedReviews));
        var resubmitted = taken with { Revision = 2, ActiveLeases = 0 };
        Assert.Same(resubmitted, ReviewRules.Record(resubmitted, review, Now));
        var extra = ReviewRules.Record(taken with { ExtraLeases = 1 }, review with { Extra = true }, Now);
        Assert.Equal((1, 0, 1), (extra.ActiveLeases, extra.ExtraLeases, extra.CompletedReviews));
    }

    [Fact]
    public void Self_assessment_only_when_asked_once_and_by_the_author()
    {
        var input = Valid();
        Assert.Equal(RefusalKind.Conflict, ReviewRules.SelfAssess(Assignment, Ann, input, Who("ann"), Now).Refusal!.Kind);
        var asking = Assignment.WithSettings(s => s with { SelfAssessment = true });
        Assert.Equal(RefusalKind.NotFound, ReviewRules.SelfAssess(asking, Ann, input, Who("bo"), Now).Refusal!.Kind);
        var assessed = ReviewRules.SelfAssess(asking, Ann, input, Who("ann"), Now).Value!;
        Assert.Equal(3, assessed.SelfAssessment!.Options["ideas"]);
        Assert.Equal(RefusalKind.Conflict, ReviewRules.SelfAssess(asking, assessed, input, Who("ann"), Now).Refusal!.Kind);
    }
}
