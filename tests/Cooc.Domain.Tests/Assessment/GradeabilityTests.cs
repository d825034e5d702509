using Cooc.Assessment;
using Cooc.Assessment.Grading;
using static Cooc.Domain.Tests.Assessment.AssessmentFixtures;

namespace Cooc.Domain.Tests.Assessment;

public sealed class GradeabilityTests
{
    private static readonly DateTimeOffset Now = Opens.AddDays(3);
    private static readonly Assignment Assignment = AssessmentFixtures.Assignment(); // mustGrade 5, gradedBy 3
    private static readonly Submission Ann = Submitted("ann", Opens.AddDays(1), completed: 3);

    private static Review[] Three() =>
    [
        ReviewOf(Ann, "r3", Now.AddHours(3), 3, 2, "rev_c"),
        ReviewOf(Ann, "r1", Now.AddHours(1), 1, 0, "rev_b"),
        ReviewOf(Ann, "r2", Now.AddHours(1), 2, 1, "rev_a"),
    ];

    [Fact]
    public void Gradeable_with_enough_reviews_counting_them_by_completion_time_then_id()
    {
        var decision = Gradeability.Decide(Assignment, Ann, Three(), Now);
        Assert.True(decision.IsGradeable);
        Assert.Equal(GradeBlockers.None, decision.Blockers);
        Assert.Equal(["rev_a", "rev_b", "rev_c"], decision.Counted.Select(r => r.Id));
        Assert.Equal((3, 3), (decision.ReviewsRequired, decision.ReviewsReceived));
    }

    [Fact]
    public void An_author_who_owes_reviews_or_a_self_assessment_is_graded_all_the_same()
    {
        // Ann completed 0 of her 5 reviews and left: her grade is computed; only its release waits (GradeRelease).
        var asking = Assignment.WithSettings(s => s with { SelfAssessment = true });
        var decision = Gradeability.Decide(asking, Ann with { SelfAssessment = null }, Three(), Now);
        Assert.True(decision.IsGradeable);
        Assert.Equal(3, decision.Counted.Count);
    }

    [Fact]
    public void Short_of_reviews_until_flexible_grading_lowers_the_bar()
    {
        var two = Three()[..2];
        var early = Gradeability.Decide(Assignment, Ann, two, Now);
        Assert.Equal(GradeBlockers.ReviewsShort, early.Blockers);
        var later = Gradeability.Decide(Assignment, Ann, two, Ann.SubmittedAt.AddDays(7));
        Assert.True(later.IsGradeable);
        Assert.Equal(1, later.ReviewsRequired);
        Assert.Equal(2, later.Counted.Count); // every completed review counts, not just the required one
    }

    [Fact]
    public void Reviews_of_other_submissions_and_earlier_revisions_never_count()
    {
        var bo = Submitted("bo", Opens);
        Review[] reviews = [.. Three()[..2], ReviewOf(Ann, "r9", Now, 0, 0, "rev_old", revision: 0), ReviewOf(bo, "r4", Now, 3, 2)];
        var decision = Gradeability.Decide(Assignment, Ann, reviews, Now);
        Assert.Equal(2, decision.ReviewsReceived);
        Assert.Equal(GradeBlockers.ReviewsShort, decision.Blockers);
    }

    [Fact]
    public void Extra_reviews_completed_before_grading_count_too()
    {
        Review[] reviews = [.. Three(), ReviewOf(Ann, "r4", Now.AddHours(4), 0, 0, "rev_d") with { Extra = true }];
        Assert.Equal(4, Gradeability.Decide(Assignment, Ann, reviews, Now).Counted.Count);
    }

    [Fact]
    public void A_graded_submission_is_never_regraded_by_peers()
    {
        var graded = Ann with { Grade = Grade(Ann, Three()) };
        Assert.Equal(GradeBlockers.AlreadyGraded, Gradeability.Decide(Assignment, graded, Three(), Now).Blockers);
        Assert.Equal(GradeBlockers.AlreadyGraded | GradeBlockers.ReviewsShort, Gradeability.Decide(Assignment, graded, Three()[..1], Now).Blockers);
    }

    private static SubmissionGrade Grade(Submission submission, Review[] reviews) =>
        PeerGrading.Grade(Assignment, submission, Gradeability.Decide(Assignment, submission, reviews, Now), new MedianEstimator(), Now);

    [Fact]
    public void The_peer_grade_is_the_median_per_criterion_summed_with_the_counted_reviews_recorded()
    {
        // ideas options 1,2,3 → points 1,2,3: median 2; style options 0,1,2 → points 0,2,4: median 2.
        var grade = Grade(Ann, Three());
        Assert.Equal(GradeSource.Peers, grade.Source);
        Assert.Equal("median", grade.Estimator);
        Assert.Equal([2.0, 2.0], grade.Criteria.Select(c => c.Points));
        Assert.Equal((4.0, 7, 4.0), (grade.Points, grade.MaxPoints, grade.FinalPoints));
        Assert.Equal(["rev_a", "rev_b", "rev_c"], grade.CountedReviewIds);
        var applied = PeerGrading.Apply(Ann, grade, Now);
        Assert.Equal((SubmissionStatus.Graded, grade, grade), (applied.Status, applied.Grade, applied.PeerGrade));
    }

    [Fact]
    public void A_late_penalty_comes_off_the_final_points()
    {
        var late = Ann with { Late = true, LatePenaltyPercent = 25 };
        var grade = Grade(late, Three());
        Assert.Equal((4.0, 3.0, 25), (grade.Points, grade.FinalPoints, grade.LatePenaltyPercent));
    }

    [Fact]
    public void Grading_a_submission_that_is_not_gradeable_throws() =>
        Assert.Throws<ArgumentException>(() => PeerGrading.Grade(Assignment, Ann, Gradeability.Decide(Assignment, Ann, Three()[..2], Now), new MedianEstimator(), Now));
}
