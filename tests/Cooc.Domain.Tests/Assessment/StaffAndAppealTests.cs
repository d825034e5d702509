using Cooc.Assessment;
using Cooc.Assessment.Grading;
using Cooc.Common;
using Cooc.Identity;
using static Cooc.Domain.Tests.Assessment.AssessmentFixtures;

namespace Cooc.Domain.Tests.Assessment;

public sealed class StaffAndAppealTests
{
    private static readonly DateTimeOffset Now = Opens.AddDays(3);
    private static readonly Assignment Assignment = AssessmentFixtures.Assignment();
    private static readonly Submission Ann = Submitted("ann", Opens.AddDays(1), completed: 3);
    private static readonly Review[] Reviews = [ReviewOf(Ann, "bo", Now, 1, 1), ReviewOf(Ann, "cy", Now, 2, 1), ReviewOf(Ann, "di", Now, 1, 0)];
    private static readonly Submission Graded = PeerGrading.Apply(Ann,
        PeerGrading.Grade(Assignment, Ann, Gradeability.Decide(Assignment, Ann, Reviews, Now), new MedianEstimator(), Now), Now) with { ReleasedAt = Now };
    private static readonly StaffGradeInput Full = new(new() { ["ideas"] = 3, ["style"] = 2 }, "Peers missed the second argument.");

    [Fact]
    public void A_staff_grade_overrides_peers_with_an_audit_of_who_when_and_why()
    {
        var decision = StaffRules.Grade(Assignment, Course, Graded, Full, Instructor, "aud_1", Now.AddDays(1)).Value!;
        var s = decision.Submission;
        Assert.Equal((GradeSource.Staff, 7.0, "ines", "Peers missed the second argument."), (s.Grade!.Source, s.Grade.Points, s.Grade.GradedBy, s.Grade.Reason));
        Assert.Equal(Graded.PeerGrade, s.PeerGrade);
        Assert.Equal(SubmissionStatus.Graded, s.Status);
        var audit = decision.Audit;
        Assert.Equal(("aud_1", "ines", Now.AddDays(1), StaffAction.Graded, "audit"), (audit.Id, audit.StaffId, audit.At, audit.Action, audit.Kind));
        Assert.Equal((Graded.Grade, s.Grade), (audit.Before, audit.After));
        Assert.Same(s, PeerGrading.Apply(s, Graded.PeerGrade!, Now.AddDays(2)));
        Assert.Equal(Now, s.ReleasedAt); // released before: it stays released from then
    }

    [Fact]
    public void A_staff_grade_is_released_at_once_even_while_the_author_owes_reviews()
    {
        var unreleased = Graded with { ReleasedAt = null };
        var s = StaffRules.Grade(Assignment, Course, unreleased, Full, Instructor, "aud_1", Now.AddDays(1)).Value!.Submission;
        Assert.Equal(Now.AddDays(1), s.ReleasedAt);
        Assert.Equal(s.Grade, s.ReleasedGrade);
        Assert.True(VisibilityRules.CanSeeOwnGrade(s));
    }

    [Fact]
    public void Staff_can_grade_an_ungraded_submission_and_must_say_why()
    {
        Assert.Equal(GradeSource.Staff, StaffRules.Grade(Assignment, Course, Ann, Full, Instructor, "aud_1", Now).Value!.Submission.Grade!.Source);
        var errors = StaffRules.Grade(Assignment, Course, Ann, Full with { Reason = " ", Options = new() { ["ideas"] = 9 } }, Instructor, "aud_1", Now).Refusal!.Errors!;
        Assert.Equal(["options.ideas", "options.style", "reason"], errors.Keys.Order());
        Assert.Equal(RefusalKind.Forbidden, StaffRules.Grade(Assignment, Course, Ann, Full, Who("bo", Role.Learner), "aud_1", Now).Refusal!.Kind);
    }

    [Fact]
    public void A_staff_grade_keeps_the_late_penalty_unless_waived()
    {
        var late = Ann with { Late = true, LatePenaltyPercent = 10 };
        Assert.Equal(6.3, StaffRules.Grade(Assignment, Course, late, Full, Instructor, "a", Now).Value!.Submission.Grade!.FinalPoints, 10);
        Assert.Equal(7.0, StaffRules.Grade(Assignment, Course, late, Full with { WaiveLatePenalty = true }, Instructor, "a", Now).Value!.Submission.Grade!.FinalPoints);
    }

    [Fact]
    public void Authors_appeal_once_after_seeing_their_grade()
    {
        var ann = Who("ann");
        Assert.Equal("There is no grade to appeal yet.", AppealRules.Appeal(Assignment, Ann, ann, "Unfair", Now).Refusal!.Title);
        Assert.Equal("Finish your reviews first.", AppealRules.Appeal(Assignment, Graded with { ReleasedAt = null }, ann, "Unfair", Now).Refusal!.Title);
        Assert.Equal(RefusalKind.NotFound, AppealRules.Appeal(Assignment, Graded, Who("bo"), "Unfair", Now).Refusal!.Kind);
        Assert.Equal(RefusalKind.Invalid, AppealRules.Appeal(Assignment, Graded, ann, "  ", Now).Refusal!.Kind);
        var appealed = AppealRules.Appeal(Assignment, Graded, ann, " My second point was missed. ", Now).Value!;
        Assert.Equal((SubmissionStatus.UnderAppeal, "My second point was missed.", AppealStatus.Open), (appealed.Status, appealed.Appeal!.Reason, appealed.Appeal.Status));
        Assert.Equal("You already appealed this grade.", AppealRules.Appeal(Assignment, appealed, ann, "Again", Now).Refusal!.Title);
        var resolved = StaffRules.ResolveAppeal(Assignment, Course, appealed, new AppealResolutionInput("The grade stands.", null), Instructor, "aud_2", Now).Value!.Submission;
        Assert.Equal("You already appealed this grade.", AppealRules.Appeal(Assignment, resolved, ann, "Again", Now).Refusal!.Title);
    }

    [Fact]
    public void Staff_resolve_an_appeal_with_or_without_a_new_grade()
    {
        var appealed = AppealRules.Appeal(Assignment, Graded, Who("ann"), "Missed a point", Now).Value!;
        var stands = StaffRules.ResolveAppeal(Assignment, Course, appealed, new AppealResolutionInput("The grade stands.", null), Instructor, "aud_2", Now).Value!;
        Assert.Equal((SubmissionStatus.Graded, AppealStatus.Resolved, false, "ines"), (stands.Submission.Status, stands.Submission.Appeal!.Status, stands.Submission.Appeal.GradeChanged, stands.Submission.Appeal.ResolvedBy));
        Assert.Equal(Graded.Grade, stands.Submission.Grade);
        Assert.Equal(StaffAction.AppealResolved, stands.Audit.Action);

        var changed = StaffRules.ResolveAppeal(Assignment, Course, appealed, new AppealResolutionInput("You were right.", Full), Instructor, "aud_3", Now).Value!;
        Assert.Equal((7.0, true), (changed.Submission.Grade!.Points, changed.Submission.Appeal!.GradeChanged));
        Assert.Equal((Graded.Grade, changed.Submission.Grade), (changed.Audit.Before, changed.Audit.After));

        Assert.Equal(RefusalKind.Conflict, StaffRules.ResolveAppeal(Assignment, Course, stands.Submission, new AppealResolutionInput("x", null), Instructor, "a", Now).Refusal!.Kind);
        Assert.Equal(RefusalKind.NotFound, StaffRules.ResolveAppeal(Assignment, Course, Graded, new AppealResolutionInput("x", null), Instructor, "a", Now).Refusal!.Kind);
        Assert.Contains("response", StaffRules.ResolveAppeal(Assignment, Course, appealed, new AppealResolutionInput(null, null), Instructor, "a", Now).Refusal!.Errors!.Keys);
    }

    [Fact]
    public void A_staff_grade_during_an_appeal_leaves_it_open()
    {
        var appealed = AppealRules.Appeal(Assignment, Graded, Who("ann"), "Missed a point", Now).Value!;
        Assert.Equal(SubmissionStatus.UnderAppeal, StaffRules.Grade(Assignment, Course, appealed, Full, Instructor, "a", Now).Value!.Submission.Status);
    }
}
