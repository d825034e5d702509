using System.Text.Json;
using Cooc.Assessment;
using Cooc.Assessment.Grading;
using Cooc.Ports;
using static Cooc.Domain.Tests.Assessment.AssessmentFixtures;

namespace Cooc.Domain.Tests.Assessment;

public sealed class VisibilityRulesTests
{
    private static readonly DateTimeOffset Now = Opens.AddDays(3);
    private static readonly Assignment Assignment = AssessmentFixtures.Assignment(); // mustGrade 5, gradedBy 3
    private static readonly Submission Ann = Submitted("ann", Opens.AddDays(1), completed: 3) with
    {
        Files = [new SubmittedFile("essay.pdf", "application/pdf", 10, "a1/up_x")],
    };
    private static readonly Review[] Reviews = [ReviewOf(Ann, "bo", Now, 1, 1, "rev_2"), ReviewOf(Ann, "cy", Now.AddMinutes(-5), 2, 2, "rev_9"), ReviewOf(Ann, "di", Now, 3, 2, "rev_1")];
    private static readonly Submission Graded = PeerGrading.Apply(Ann,
        PeerGrading.Grade(Assignment, Ann, Gradeability.Decide(Assignment, Ann, Reviews, Now), new MedianEstimator(), Now), Now);

    private static readonly Submission Released = Graded with { ReleasedAt = Now.AddHours(1) };

    [Fact]
    public void Authors_see_their_grade_once_it_is_released_to_them_not_when_it_is_computed()
    {
        Assert.False(VisibilityRules.CanSeeOwnGrade(Ann));
        Assert.False(VisibilityRules.CanSeeOwnGrade(Graded));
        Assert.True(VisibilityRules.CanSeeOwnGrade(Released));
        Assert.Null(Graded.ReleasedGrade);
        Assert.Equal(Graded.Grade, Released.ReleasedGrade);
    }

    [Fact]
    public void Reviewers_never_see_who_wrote_the_submission()
    {
        var lease = ClaimPolicy.LeaseFor(Ann, "bo", false, Now, ClaimOptions.Default);
        var view = VisibilityRules.ForReviewer(Ann, lease);
        Assert.Equal(("text", 1, lease.ExpiresAt), (view.Text, view.RubricVersion, view.LeaseExpiresAt));
        Assert.Equal("a1/up_x", Assert.Single(view.Files).BlobName);
        var json = JsonSerializer.Serialize(view, DocumentJson.Options);
        Assert.DoesNotContain("ann", json);
        Assert.Throws<ArgumentException>(() => VisibilityRules.ForReviewer(Ann with { Revision = 2 }, lease));
    }

    [Fact]
    public void Authors_see_numbered_reviews_without_reviewer_identity()
    {
        var views = VisibilityRules.ForAuthor(Graded, [.. Reviews, ReviewOf(Submitted("zed", Now), "bo", Now, 0, 0, "rev_other")]);
        Assert.Equal(["rev_9", "rev_1", "rev_2"], views.Select(v => v.ReviewId));
        Assert.Equal([1, 2, 3], views.Select(v => v.Number));
        Assert.All(views, v => Assert.True(v.Counted));
        var json = JsonSerializer.Serialize(views, DocumentJson.Options);
        foreach (var reviewer in new[] { "bo", "cy", "di" }) Assert.DoesNotContain($"\"{reviewer}\"", json);
        Assert.All(VisibilityRules.ForAuthor(Ann, Reviews), v => Assert.False(v.Counted));
    }

    [Fact]
    public void The_status_page_says_what_the_learner_waits_for_and_hides_the_grade_until_their_reviews_are_done()
    {
        var waiting = VisibilityRules.StatusFor(Assignment, Ann with { CompletedReviews = 1 }, 5, Now);
        Assert.Equal((LearnerSubmissionState.WaitingForReviews, 1, 3, 0), (waiting.State, waiting.ReviewsReceived, waiting.ReviewsRequired, waiting.ReviewsOwed));
        var owing = VisibilityRules.StatusFor(Assignment, Ann, 2, Now);
        Assert.Equal((LearnerSubmissionState.WaitingForYourReviews, 3), (owing.State, owing.ReviewsOwed));
        var hidden = VisibilityRules.StatusFor(Assignment, Graded, 4, Now);
        Assert.Equal((LearnerSubmissionState.WaitingForYourReviews, null, true, 1), (hidden.State, hidden.Grade, hidden.GradeHidden, hidden.ReviewsOwed));
        var releasing = VisibilityRules.StatusFor(Assignment, Graded, 5, Now); // computed, reviews done, release not yet recorded
        Assert.Equal((LearnerSubmissionState.BeingGraded, null, true), (releasing.State, releasing.Grade, releasing.GradeHidden));
        var shown = VisibilityRules.StatusFor(Assignment, Released, 5, Now);
        Assert.Equal((LearnerSubmissionState.Graded, Graded.Grade, false), (shown.State, shown.Grade, shown.GradeHidden));
        var capped = VisibilityRules.StatusFor(Assignment, Graded, 2, Due, otherSubmissions: 2); // closed, only 2 others to review
        Assert.Equal((LearnerSubmissionState.BeingGraded, 0), (capped.State, capped.ReviewsOwed));
        Assert.Equal(LearnerSubmissionState.BeingGraded, VisibilityRules.StatusFor(Assignment, Ann, 5, Now).State);
        Assert.Equal(LearnerSubmissionState.WaitingForStaff, VisibilityRules.StatusFor(Assignment, Ann with { CompletedReviews = 0 }, 5, ReviewsDue).State);
    }
}
