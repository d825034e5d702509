using Cooc.Assessment;
using Cooc.Common;
using Cooc.Identity;
using static Cooc.Domain.Tests.Assessment.AssessmentFixtures;

namespace Cooc.Domain.Tests.Assessment;

public sealed class StaffQueueAndReportTests
{
    private static readonly Assignment Assignment = AssessmentFixtures.Assignment(); // gradedBy 3, flexible after 7 days → 1
    private static readonly SubmissionGrade SomeGrade = new(GradeSource.Peers, "median", [], 5, 7, 0, 5, [], null, null, Due);

    [Fact]
    public void Short_submissions_go_to_staff_once_reviews_are_due()
    {
        var late = Submitted("ann", ReviewsDue.AddDays(-1), completed: 2); // flexible grading not yet: needs 3
        Assert.False(StaffQueue.NeedsStaff(Assignment, late, ReviewsDue.AddTicks(-1)));
        Assert.True(StaffQueue.NeedsStaff(Assignment, late, ReviewsDue));
        Assert.False(StaffQueue.NeedsStaff(Assignment, late with { Grade = SomeGrade }, ReviewsDue));
        var early = Submitted("bo", Opens, completed: 1); // waited 21 days: flexible grading needs 1
        Assert.False(StaffQueue.NeedsStaff(Assignment, early, ReviewsDue));
        Assert.True(StaffQueue.NeedsStaff(Assignment, early with { CompletedReviews = 0 }, ReviewsDue));
    }

    [Fact]
    public void The_queue_puts_appeals_first_then_flags_then_short_ones()
    {
        var shortOne = Submitted("short", Opens, completed: 0);
        var flagged = Submitted("flagged", Opens.AddDays(1), completed: 3) with { FlagCount = 1 };
        var appealed = Submitted("appealed", Opens.AddDays(2), completed: 3) with
        {
            Grade = SomeGrade, Status = SubmissionStatus.UnderAppeal, Appeal = new Appeal("why", Due, AppealStatus.Open, null, null, null, false),
        };
        var fine = Submitted("fine", Opens, completed: 3) with { Grade = SomeGrade };
        var queue = StaffQueue.Build(Assignment, [fine, shortOne, flagged, appealed], ReviewsDue);
        Assert.Equal(["appealed", "flagged", "short"], queue.Select(i => i.Submission.AuthorId));
        Assert.Equal([StaffAttention.OpenAppeal, StaffAttention.Flagged, StaffAttention.ShortOfReviews], queue.Select(i => i.Attention));
    }

    [Fact]
    public void The_waiting_report_says_who_waits_for_what()
    {
        var now = Opens.AddDays(5);
        var records = new[] { ReviewerRecord.New("a1", "acme", "owes", now) with { ReviewsCompleted = 2 }, ReviewerRecord.New("a1", "acme", "ready", now) with { ReviewsCompleted = 5 } };
        var rows = WaitingReport.Build(
        [
            Submitted("ready", Opens.AddDays(1), completed: 3),
            Submitted("owes", Opens.AddDays(2), completed: 3, active: 0),
            Submitted("peers", Opens.AddDays(3), completed: 1, active: 2),
            Submitted("graded", Opens, completed: 3) with { Grade = SomeGrade, Status = SubmissionStatus.Graded, ReleasedAt = now },
            Submitted("hidden", Opens.AddHours(1), completed: 3) with { Grade = SomeGrade, Status = SubmissionStatus.Graded },
        ], records, Assignment, now);
        Assert.Equal(["hidden", "ready", "owes", "peers", "graded"], rows.Select(r => r.AuthorId));
        Assert.Equal([WaitingFor.AuthorReviews, WaitingFor.Grading, WaitingFor.Grading, WaitingFor.PeerReviews, WaitingFor.Nothing], rows.Select(r => r.WaitingFor));
        Assert.Equal((true, null, true, now), (rows[0].Graded, rows[0].ReleasedAt, rows[4].Graded, rows[4].ReleasedAt));
        var owes = rows[2];
        Assert.Equal((3, 3, 2, 3, TimeSpan.FromDays(3)), (owes.ReviewsReceived, owes.ReviewsRequired, owes.ReviewsCompletedByAuthor, owes.ReviewsOwedByAuthor, owes.Waiting));
        Assert.Equal((2, 5), (rows[3].ActiveLeases, rows[3].ReviewsOwedByAuthor));
        Assert.Equal(TimeSpan.Zero, rows[4].Waiting);
    }

    [Fact]
    public void The_report_puts_staff_cases_first()
    {
        var rows = WaitingReport.Build([Submitted("fresh", Opens.AddDays(20), completed: 3), Submitted("stuck", Opens.AddDays(20).AddHours(1))], [], Assignment, ReviewsDue);
        Assert.Equal(["stuck", "fresh"], rows.Select(r => r.AuthorId));
        Assert.Equal((WaitingFor.Staff, true), (rows[0].WaitingFor, rows[0].InStaffQueue));
    }

    [Fact]
    public void Reviewers_flag_submissions_they_were_given_and_authors_flag_reviews_of_their_work()
    {
        var now = Opens.AddDays(2);
        var ann = Submitted("ann", Opens, 1, 0, "bo");
        var flag = FlagRules.FlagSubmission(ann, Who("bo"), " rude ", now).Value!;
        Assert.Equal(("flag:submission:ann:1:bo", FlagTarget.Submission, "rude", FlagStatus.Open, "flag"), (flag.Id, flag.Target, flag.Reason, flag.Status, flag.Kind));
        Assert.Equal(RefusalKind.NotFound, FlagRules.FlagSubmission(ann, Who("cy"), "rude", now).Refusal!.Kind);
        Assert.Equal(RefusalKind.Invalid, FlagRules.FlagSubmission(ann, Who("bo"), "", now).Refusal!.Kind);

        var review = ReviewOf(ann, "bo", now, 0, 0, "rev_x");
        var reviewFlag = FlagRules.FlagReview(review, Who("ann"), "insulting", now).Value!;
        Assert.Equal(("flag:rev_x:ann", ann.Id), (reviewFlag.Id, reviewFlag.SubmissionId));
        Assert.Equal(RefusalKind.NotFound, FlagRules.FlagReview(review, Who("bo"), "insulting", now).Refusal!.Kind);

        var upheld = FlagRules.Resolve(reviewFlag, Course, Instructor, upheld: true, "Removed.", now).Value!;
        Assert.Equal((FlagStatus.Upheld, "ines", "Removed."), (upheld.Status, upheld.ResolvedBy, upheld.Resolution));
        Assert.Equal(RefusalKind.Conflict, FlagRules.Resolve(upheld, Course, Instructor, false, null, now).Refusal!.Kind);
        Assert.Equal(RefusalKind.Forbidden, FlagRules.Resolve(reviewFlag, Course, Who("ann", Role.Learner), false, null, now).Refusal!.Kind);
    }
}
