using Cooc.Assessment;
using Cooc.Assessment.Estimation;
using Cooc.Assessment.Grading;
using static Cooc.Domain.Tests.Assessment.AssessmentFixtures;

namespace Cooc.Domain.Tests.Assessment.Estimation;

/// <summary>Provisional and final grades: median final at once, reviewer model provisional until reviews close, finalized once.</summary>
public sealed class GradeFinalityTests
{
    private static readonly DateTimeOffset Now = Due.AddDays(1);
    private static readonly Assignment Essay = Assignment();
    private static readonly Submission Work = Submitted("ann", Due.AddDays(-1), completed: 3);
    private static readonly Review[] Reviews = [ReviewOf(Work, "bob", Now, 3, 2), ReviewOf(Work, "cat", Now, 2, 2), ReviewOf(Work, "dan", Now, 3, 1)];

    private static IReadOnlyList<CriterionScale> Scales() =>
        ReviewerModelEstimator.ScoresOf(new AssessmentData(Essay.CurrentRubric, [], []), false).Criteria;

    /// <summary>Parameters where "bob" is known to be very generous: what a fit would teach.</summary>
    private static ReviewerModelParameters Fitted() => ReviewerModelParameters.Prior(Scales()) with
    {
        Reviewers = new Dictionary<string, ReviewerEstimate>(StringComparer.Ordinal) { ["bob"] = new("bob", 5, 0.4, 1, 0.1, 0.8) },
    };

    private static SubmissionGrade GradeWith(IGradeEstimator estimator) =>
        PeerGrading.Grade(Essay, Work, Gradeability.Decide(Essay, Work, Reviews, Now), estimator, Now);

    public static TheoryData<string, bool> Estimators() => new() { { "median", false }, { "background fit", true }, { "final fit", false } };

    [Theory]
    [MemberData(nameof(Estimators))]
    public void Only_grades_from_a_background_fit_are_provisional(string estimator, bool provisional)
    {
        IGradeEstimator chosen = estimator switch
        {
            "median" => new MedianEstimator(),
            "background fit" => new FixedReviewerEstimator(Fitted()),
            _ => new FixedReviewerEstimator(Fitted(), provisional: false),
        };
        var grade = GradeWith(chosen);
        Assert.Equal(provisional, grade.Provisional);
        Assert.Equal(provisional, PeerGrading.Apply(Work, grade, Now).Grade!.Provisional);
    }

    [Fact]
    public void Finalize_regrades_the_same_counted_reviews_with_the_final_parameters()
    {
        var graded = PeerGrading.Apply(Work, GradeWith(new FixedReviewerEstimator(ReviewerModelParameters.Prior(Scales()))), Now);
        var final = new FixedReviewerEstimator(Fitted(), provisional: false);

        var fixedOnce = PeerGrading.Finalize(Essay, graded, Reviews.Reverse().ToList(), final, Now.AddDays(20));

        Assert.False(fixedOnce.Grade!.Provisional);
        Assert.Same(fixedOnce.Grade, fixedOnce.PeerGrade);
        Assert.Equal(graded.Grade!.CountedReviewIds, fixedOnce.Grade.CountedReviewIds);
        Assert.Equal(GradeWith(final).Points, fixedOnce.Grade.Points, 9);
        // Bob's generosity is corrected by the final parameters, so the grade moves down from the prior's.
        Assert.True(fixedOnce.Grade.Points < graded.Grade.Points, $"{fixedOnce.Grade.Points} vs {graded.Grade.Points}");
    }

    [Fact]
    public void Finalizing_twice_changes_nothing()
    {
        var graded = PeerGrading.Apply(Work, GradeWith(new FixedReviewerEstimator(Fitted())), Now);
        var final = new FixedReviewerEstimator(Fitted(), provisional: false);
        var once = PeerGrading.Finalize(Essay, graded, Reviews, final, Now.AddDays(20));

        Assert.Same(once, PeerGrading.Finalize(Essay, once, Reviews, final, Now.AddDays(21)));
    }

    [Fact]
    public void A_median_grade_is_never_touched_by_finalization()
    {
        var graded = PeerGrading.Apply(Work, GradeWith(new MedianEstimator()), Now);
        Assert.Same(graded, PeerGrading.Finalize(Essay, graded, Reviews, new FixedReviewerEstimator(Fitted(), provisional: false), Now));
    }

    [Fact]
    public void A_staff_grade_stays_in_force_while_the_peer_grade_behind_it_is_fixed()
    {
        var graded = PeerGrading.Apply(Work, GradeWith(new FixedReviewerEstimator(Fitted())), Now);
        var staff = graded.Grade! with { Source = GradeSource.Staff, Estimator = null, GradedBy = "ines", Provisional = false };
        var overridden = graded with { Grade = staff };

        var fixedOnce = PeerGrading.Finalize(Essay, overridden, Reviews, new FixedReviewerEstimator(Fitted(), provisional: false), Now);

        Assert.Same(staff, fixedOnce.Grade);
        Assert.False(fixedOnce.PeerGrade!.Provisional);
    }

    [Fact]
    public void Finalize_refuses_provisional_parameters_and_missing_counted_reviews()
    {
        var graded = PeerGrading.Apply(Work, GradeWith(new FixedReviewerEstimator(Fitted())), Now);
        Assert.Throws<ArgumentException>(() => PeerGrading.Finalize(Essay, graded, Reviews, new FixedReviewerEstimator(Fitted()), Now));
        Assert.Throws<ArgumentException>(() => PeerGrading.Finalize(Essay, graded, Reviews[..2], new FixedReviewerEstimator(Fitted(), provisional: false), Now));
    }
}
