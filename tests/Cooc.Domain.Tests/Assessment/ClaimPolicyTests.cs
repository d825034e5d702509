using Cooc.Assessment;
using static Cooc.Domain.Tests.Assessment.AssessmentFixtures;

namespace Cooc.Domain.Tests.Assessment;

public sealed class ClaimPolicyTests
{
    private static readonly DateTimeOffset Now = Opens.AddDays(3);
    private static readonly ClaimOptions Options = ClaimOptions.Default;

    private static string[] Ids(IEnumerable<Submission> submissions) => submissions.Select(s => s.AuthorId).ToArray();

    [Fact]
    public void Defaults_are_a_two_hour_lease_and_a_day_of_starvation()
    {
        Assert.Equal(TimeSpan.FromHours(2), Options.LeaseDuration);
        Assert.Equal(TimeSpan.FromHours(24), Options.StarvationLimit);
    }

    [Fact]
    public void Required_is_graded_by_until_flexible_grading_starts_then_the_rounded_up_percentage()
    {
        var assignment = Assignment(); // gradedBy 3, flexible after 7 days at 30 %
        var s = Submitted("ann", Opens);
        Assert.Equal(3, ClaimPolicy.Required(assignment, s, Opens.AddDays(7).AddTicks(-1)));
        Assert.Equal(1, ClaimPolicy.Required(assignment, s, Opens.AddDays(7))); // ceil(0.9) = 1
        var five = assignment.WithSettings(x => x with { GradedBy = 5, Flexible = x.Flexible with { Percent = 50 } });
        Assert.Equal(3, ClaimPolicy.Required(five, s, Opens.AddDays(8))); // ceil(2.5)
        var tiny = assignment.WithSettings(x => x with { GradedBy = 1, Flexible = x.Flexible with { Percent = 1 } });
        Assert.Equal(1, ClaimPolicy.Required(tiny, s, Opens.AddDays(8)));
        var off = assignment.WithSettings(x => x with { Flexible = x.Flexible with { Enabled = false } });
        Assert.Equal(3, ClaimPolicy.Required(off, s, Opens.AddDays(30)));
        var twoDays = assignment.WithSettings(x => x with { Flexible = x.Flexible with { AfterDays = 2 } });
        Assert.Equal(1, ClaimPolicy.Required(twoDays, s, Opens.AddDays(2)));
    }

    [Theory]
    [InlineData(0, 0, 3, true, 3)]
    [InlineData(1, 1, 3, true, 1)]
    [InlineData(2, 1, 3, false, 0)]
    [InlineData(0, 3, 3, false, 0)]
    [InlineData(3, 0, 3, false, 0)]
    [InlineData(2, 1, 1, false, -2)] // flexible grading lowered what it needs
    public void Short_counts_completed_reviews_and_active_leases(int completed, int active, int required, bool isShort, int free)
    {
        var submission = Submitted("ann", Opens, completed, active);
        Assert.Equal(isShort, ClaimPolicy.IsShort(submission, required));
        Assert.Equal(free, ClaimPolicy.FreePlaces(submission, required));
    }

    [Fact]
    public void Oldest_first_with_the_id_breaking_ties()
    {
        var order = ClaimPolicy.Order([Submitted("cy", Now.AddHours(-3)), Submitted("bo", Now.AddHours(-5)), Submitted("al", Now.AddHours(-3))], "me", Now, Options);
        Assert.Equal(["bo", "al", "cy"], Ids(order));
    }

    [Fact]
    public void Starving_submissions_go_first_but_only_without_any_completed_review()
    {
        var starving = Submitted("late", Now.AddHours(-25), completed: 0, active: 1);
        var oldButReviewed = Submitted("old", Now.AddHours(-40), completed: 1);
        var fresh = Submitted("fresh", Now.AddHours(-1));
        var notYet = Submitted("edge", Now.AddHours(-24)); // exactly the limit: not longer than it
        var order = ClaimPolicy.Order([fresh, oldButReviewed, notYet, starving], "me", Now, Options);
        Assert.Equal(["late", "old", "edge", "fresh"], Ids(order));
        Assert.True(ClaimPolicy.IsStarving(starving, Now, Options));
        Assert.False(ClaimPolicy.IsStarving(notYet, Now, Options));
        var shorterLimit = Options with { StarvationLimit = TimeSpan.FromHours(1) };
        Assert.Equal(["late", "edge", "old", "fresh"], Ids(ClaimPolicy.Order([fresh, oldButReviewed, notYet, starving], "me", Now, shorterLimit)));
    }

    [Fact]
    public void Never_the_reviewers_own_nor_one_they_were_given_before_and_graded_ones_only_as_extras()
    {
        var own = Submitted("me", Now.AddHours(-9));
        var reviewed = Submitted("bo", Now.AddHours(-8), 1, 0, "me");
        var graded = Submitted("cy", Now.AddHours(-7)) with { Status = SubmissionStatus.Graded };
        var open = Submitted("al", Now.AddHours(-1), 1, 0, "other");
        Assert.Equal(["al"], Ids(ClaimPolicy.Order([own, reviewed, graded, open], "me", Now, Options)));
        Assert.Equal(["cy", "al"], Ids(ClaimPolicy.ExtraReviewOrder([own, reviewed, graded, open], "me")));
    }

    [Fact]
    public void The_last_learner_who_owes_reviews_can_pay_them_when_every_other_submission_is_graded()
    {
        var assignment = Assignment(); // gradedBy 3
        var grade = new SubmissionGrade(GradeSource.Peers, "median", [], 5, 7, 0, 5, [], null, null, Now);
        var others = Enumerable.Range(1, 4).Select(i => Submitted($"p{i}", Now.AddHours(-10 + i), completed: 3 + i % 2) with { Grade = grade, Status = SubmissionStatus.Graded })
            .Append(Submitted("p5", Now.AddHours(-1), completed: 5, active: 0, "late") with { Grade = grade, Status = SubmissionStatus.UnderAppeal }).ToList();
        var late = Submitted("late", Now.AddHours(-20), completed: 3) with { Grade = grade, Status = SubmissionStatus.Graded };
        var candidates = ClaimPolicy.Candidates(assignment, [.. others, late], "late", Now, Options);
        Assert.All(candidates, c => Assert.True(c.Extra)); // extras never count toward anyone's required number
        Assert.Equal(["p2", "p4", "p1", "p3"], candidates.Select(c => c.Submission.AuthorId)); // fewest completed first, never own, never twice
    }

    [Fact]
    public void Extra_reviews_go_to_the_fewest_completed_reviews_first()
    {
        var order = ClaimPolicy.ExtraReviewOrder(
        [
            Submitted("three", Now.AddHours(-9), completed: 3),
            Submitted("two-busy", Now.AddHours(-5), completed: 2, active: 1),
            Submitted("two", Now.AddHours(-1), completed: 2),
            Submitted("two-old", Now.AddHours(-8), completed: 2),
        ], "me");
        Assert.Equal(["two-old", "two", "two-busy", "three"], Ids(order));
    }

    [Fact]
    public void Candidates_are_short_ones_in_order_then_extras()
    {
        var assignment = Assignment(); // gradedBy 3
        var full = Submitted("full", Now.AddHours(-10), completed: 2, active: 1);
        var done = Submitted("done", Now.AddHours(-9), completed: 4);
        var needy = Submitted("needy", Now.AddHours(-2), completed: 1);
        var starving = Submitted("starving", Now.AddHours(-30));
        var candidates = ClaimPolicy.Candidates(assignment, [full, done, needy, starving], "me", Now, Options);
        Assert.Equal(["starving", "needy", "full", "done"], candidates.Select(c => c.Submission.AuthorId));
        Assert.Equal([false, false, true, true], candidates.Select(c => c.Extra));
    }

    [Fact]
    public void Flexible_grading_turns_a_waiting_submission_from_short_to_extra()
    {
        var assignment = Assignment();
        var waited = Submitted("ann", Opens, completed: 1);
        Assert.False(ClaimPolicy.Candidates(assignment, [waited], "me", Opens.AddDays(6), Options)[0].Extra);
        Assert.True(ClaimPolicy.Candidates(assignment, [waited], "me", Opens.AddDays(7), Options)[0].Extra);
    }

    [Fact]
    public void Nothing_waiting_gives_no_candidates()
    {
        Assert.Empty(ClaimPolicy.Candidates(Assignment(), [Submitted("me", Now)], "me", Now, Options));
        Assert.Empty(ClaimPolicy.Candidates(Assignment(), [], "me", Now, Options));
    }

    [Fact]
    public void A_lease_is_unique_per_reviewer_and_revision_and_expires_after_its_duration()
    {
        var s = Submitted("ann", Opens);
        var lease = ClaimPolicy.LeaseFor(s, "bo", extra: false, Now, Options);
        Assert.Equal("lease:ann:1:bo", lease.Id);
        Assert.Equal(Now.AddHours(2), lease.ExpiresAt);
        Assert.Equal((s.Id, 1, 1, LeaseStatus.Active), (lease.SubmissionId, lease.SubmissionRevision, lease.RubricVersion, lease.Status));
        Assert.False(ClaimPolicy.IsExpired(lease, Now.AddHours(2).AddTicks(-1)));
        Assert.True(ClaimPolicy.IsExpired(lease, Now.AddHours(2)));
        Assert.False(ClaimPolicy.IsExpired(lease with { Status = LeaseStatus.Completed }, Now.AddHours(3)));
        Assert.Equal(Now.AddMinutes(30), ClaimPolicy.LeaseFor(s, "bo", false, Now, Options with { LeaseDuration = TimeSpan.FromMinutes(30) }).ExpiresAt);
    }

    [Fact]
    public void Leases_that_expire_within_one_interval_share_the_sweep_at_its_end()
    {
        var minute = TimeSpan.FromMinutes(1);
        var start = new DateTimeOffset(2026, 11, 29, 10, 15, 0, TimeSpan.Zero);
        Assert.Equal(start, ClaimPolicy.LeaseSweepAt(start, minute)); // on the boundary: no later
        Assert.Equal(start.AddMinutes(1), ClaimPolicy.LeaseSweepAt(start.AddTicks(1), minute));
        Assert.Equal(start.AddMinutes(1), ClaimPolicy.LeaseSweepAt(start.AddSeconds(59.9), minute));
        // Offsets do not matter: the same instant gets the same sweep, given in UTC.
        var sameInstant = ClaimPolicy.LeaseSweepAt(start.AddSeconds(30).ToOffset(TimeSpan.FromHours(5.5)), minute);
        Assert.Equal((start.AddMinutes(1), TimeSpan.Zero), (sameInstant, sameInstant.Offset));
        Assert.Equal(start.AddSeconds(7), ClaimPolicy.LeaseSweepAt(start.AddSeconds(7), TimeSpan.Zero)); // no interval: at the expiry
    }

    [Fact]
    public void A_claim_returns_the_reviewers_own_open_lease_first()
    {
        var mine = ClaimPolicy.LeaseFor(Submitted("ann", Opens), "me", false, Now, Options);
        var theirs = ClaimPolicy.LeaseFor(Submitted("bo", Opens), "you", false, Now, Options);
        var done = ClaimPolicy.LeaseFor(Submitted("cy", Opens), "me", false, Now.AddHours(1), Options) with { Status = LeaseStatus.Completed };
        Assert.Equal(mine, ClaimPolicy.OpenLease([theirs, done, mine], "me", Now.AddHours(1)));
        Assert.Null(ClaimPolicy.OpenLease([theirs, done, mine], "me", mine.ExpiresAt));
        Assert.Null(ClaimPolicy.OpenLease([theirs], "me", Now));
    }

    [Fact]
    public void Taking_and_expiring_a_lease_moves_the_counters_and_keeps_the_reviewer_out()
    {
        var assignment = Assignment();
        var s = Submitted("ann", Opens, completed: 2);
        var lease = ClaimPolicy.LeaseFor(s, "bo", false, Now, Options);
        var taken = ClaimPolicy.Take(s, lease, Now);
        Assert.Equal((1, 0), (taken.ActiveLeases, taken.ExtraLeases));
        Assert.Equal(["bo"], taken.ReviewerIds);
        Assert.False(ClaimPolicy.IsShort(taken, ClaimPolicy.Required(assignment, taken, Now)));

        var expired = ClaimPolicy.Release(lease, LeaseStatus.Expired, Now.AddHours(2));
        Assert.Equal(LeaseStatus.Expired, expired.Status);
        var back = ClaimPolicy.ReturnToPool(taken, lease, Now.AddHours(2));
        Assert.Equal(0, back.ActiveLeases);
        Assert.True(ClaimPolicy.IsShort(back, 3));
        Assert.Empty(ClaimPolicy.Order([back], "bo", Now, Options));
        Assert.Single(ClaimPolicy.Order([back], "cy", Now, Options));
        Assert.Equal(LeaseStatus.Completed, ClaimPolicy.Release(lease with { Status = LeaseStatus.Completed }, LeaseStatus.Expired, Now).Status);
    }

    [Fact]
    public void Extra_leases_never_count_toward_the_required_reviews()
    {
        var s = Submitted("ann", Opens, completed: 1);
        var taken = ClaimPolicy.Take(s, ClaimPolicy.LeaseFor(s, "bo", extra: true, Now, Options), Now);
        Assert.Equal((0, 1), (taken.ActiveLeases, taken.ExtraLeases));
        Assert.True(ClaimPolicy.IsShort(taken, 2));
    }

    [Fact]
    public void A_lease_of_an_earlier_revision_leaves_the_replacement_alone()
    {
        var old = Submitted("ann", Opens, active: 1);
        var lease = ClaimPolicy.LeaseFor(old, "bo", false, Now, Options);
        var replaced = old with { Revision = 2, ActiveLeases = 0 };
        Assert.Same(replaced, ClaimPolicy.ReturnToPool(replaced, lease, Now));
        Assert.Throws<ArgumentException>(() => ClaimPolicy.Take(replaced, lease, Now));
    }

    [Fact]
    public void Claims_wait_for_the_reviewers_own_submission_and_calibration_and_stop_when_reviews_are_due()
    {
        var assignment = Assignment();
        var own = Submitted("me", Opens);
        Assert.Equal("Submit your own work first.", ClaimPolicy.RefuseClaim(assignment, null, null, Now)!.Title);
        Assert.Null(ClaimPolicy.RefuseClaim(assignment, own, null, Now));
        Assert.NotNull(ClaimPolicy.RefuseClaim(assignment, own, null, Opens.AddTicks(-1)));
        Assert.Equal("Reviews are closed.", ClaimPolicy.RefuseClaim(assignment, own, null, ReviewsDue)!.Title);
        var example = new CalibrationExample("ex1", 1, "sample", new() { ["ideas"] = 2, ["style"] = 1 }, [], "ines", Opens);
        var calibrated = assignment with { CalibrationExamples = [example] };
        Assert.Equal("Score the calibration examples first.", ClaimPolicy.RefuseClaim(calibrated, own, null, Now)!.Title);
        // The record matters only for calibration: without active examples, a claim need not read it.
        Assert.False(ClaimPolicy.NeedsReviewerRecord(assignment));
        Assert.True(ClaimPolicy.NeedsReviewerRecord(calibrated));
        Assert.False(ClaimPolicy.NeedsReviewerRecord(calibrated with { CalibrationExamples = [example with { RubricVersion = 0 }] }));
    }
}
