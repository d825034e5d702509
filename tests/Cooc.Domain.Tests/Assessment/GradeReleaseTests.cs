using Cooc.Assessment;
using static Cooc.Domain.Tests.Assessment.AssessmentFixtures;

namespace Cooc.Domain.Tests.Assessment;

/// <summary>A grade is computed as soon as the reviews suffice; it is released to its author once they have done their part.</summary>
public sealed class GradeReleaseTests
{
    private static readonly DateTimeOffset Now = Opens.AddDays(3);
    private static readonly Assignment Assignment = AssessmentFixtures.Assignment(); // mustGrade 5, late work refused: closed at Due
    private static readonly SubmissionGrade PeerGrade = new(GradeSource.Peers, "median", [], 5, 7, 0, 5, [], null, null, Now);
    private static readonly Submission Graded = Submitted("ann", Opens.AddDays(1), completed: 3) with { Grade = PeerGrade, PeerGrade = PeerGrade, Status = SubmissionStatus.Graded };

    [Theory]
    [InlineData(5, null, 0)]
    [InlineData(3, null, 2)]
    [InlineData(7, null, 0)]
    [InlineData(1, 2, 4)] // before the due date more submissions may come: the full debt stands
    public void Reviews_owed_are_must_grade_minus_those_done_while_submissions_are_open(int done, int? others, int owed) =>
        Assert.Equal(owed, GradeRelease.ReviewsOwed(Assignment, done, others, Now));

    [Theory]
    [InlineData(1, 2, 1)]
    [InlineData(2, 2, 0)]
    [InlineData(0, 9, 5)]
    [InlineData(0, null, 5)]
    public void Once_submissions_are_closed_the_debt_is_capped_by_the_other_submissions(int done, int? others, int owed) =>
        Assert.Equal(owed, GradeRelease.ReviewsOwed(Assignment, done, others, Due));

    [Fact]
    public void Accepting_late_work_keeps_submissions_open_until_reviews_are_due()
    {
        var lenient = Assignment.WithSettings(s => s with { Late = new LatePolicy(LatePolicyKind.AcceptWithPenalty, 10) });
        Assert.False(GradeRelease.SubmissionsClosed(lenient, Due));
        Assert.True(GradeRelease.SubmissionsClosed(lenient, ReviewsDue));
        Assert.Equal((Due, ReviewsDue), (GradeRelease.SubmissionsCloseAt(Assignment), GradeRelease.SubmissionsCloseAt(lenient))); // when the release pass is scheduled
        Assert.Equal(4, GradeRelease.ReviewsOwed(lenient, 1, 2, Due));
    }

    [Fact]
    public void Released_once_graded_and_the_authors_reviews_are_done_whichever_comes_last()
    {
        var ungraded = Graded with { Grade = null, PeerGrade = null, Status = SubmissionStatus.Waiting };
        Assert.Same(ungraded, GradeRelease.Release(Assignment, ungraded, 5, null, Now)); // reviews done first: nothing to release yet
        Assert.Same(Graded, GradeRelease.Release(Assignment, Graded, 4, null, Now));     // graded first: waits for the author
        var released = GradeRelease.Release(Assignment, Graded, 5, null, Now.AddHours(2));
        Assert.Equal((Now.AddHours(2), Now.AddHours(2)), (released.ReleasedAt, released.UpdatedAt));
        Assert.Same(released, GradeRelease.Release(Assignment, released, 6, null, Now.AddHours(3))); // set once, never moved
    }

    [Fact]
    public void A_self_assessment_asked_for_is_owed_too_and_a_staff_grade_is_released_regardless()
    {
        var asking = Assignment.WithSettings(s => s with { SelfAssessment = true });
        Assert.False(GradeRelease.IsDue(asking, Graded, 5, null, Now));
        var assessed = Graded with { SelfAssessment = new SelfAssessment(new() { ["ideas"] = 1, ["style"] = 1 }, [], null, Now) };
        Assert.True(GradeRelease.IsDue(asking, assessed, 5, null, Now));
        var staff = Graded with { Grade = PeerGrade with { Source = GradeSource.Staff } };
        Assert.True(GradeRelease.IsDue(asking, staff, 0, null, Now));
    }

    [Fact]
    public void A_learner_with_fewer_peers_than_must_grade_is_released_once_they_reviewed_everyone_and_submissions_closed()
    {
        Assert.Same(Graded, GradeRelease.Release(Assignment, Graded, 2, 2, Now));
        Assert.Equal(Due, GradeRelease.Release(Assignment, Graded, 2, 2, Due).ReleasedAt);
    }
}
