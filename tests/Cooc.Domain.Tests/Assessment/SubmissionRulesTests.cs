using Cooc.Assessment;
using Cooc.Common;
using Cooc.Enrollments;
using static Cooc.Domain.Tests.Assessment.AssessmentFixtures;

namespace Cooc.Domain.Tests.Assessment;

public sealed class SubmissionRulesTests
{
    private static readonly DateTimeOffset Now = Opens.AddDays(2);
    private static readonly Assignment Assignment = AssessmentFixtures.Assignment();
    private static readonly SubmissionInput Essay = new("My essay.", null);

    private static SubmittedFileInput Pdf(string name = "essay.pdf", long size = 500, string? blob = null) =>
        new(name, "application/pdf", size, blob ?? SubmissionRules.BlobName("a1", "up_1"));

    private static Outcome<SubmissionResult> Submit(SubmissionInput input, DateTimeOffset at, Submission? existing = null, Assignment? assignment = null) =>
        SubmissionRules.Submit(assignment ?? Assignment, existing, input, Who("ann"), Seat("ann"), at, AsUploaded(input));

    /// <summary>Every named blob of this assignment uploaded by ann as declared, with PDF content (the upload checks have their own tests).</summary>
    private static Dictionary<string, UploadedFile> AsUploaded(SubmissionInput input) =>
        (input.Files ?? []).Where(f => f?.BlobName is { } b && SubmissionUploads.UploadIdOf("a1", b) is not null).DistinctBy(f => f!.BlobName)
            .ToDictionary(f => f!.BlobName!, f => new UploadedFile(new SubmissionUpload("upload:x", "a1", "acme", "x", "ann", f!.BlobName!, "x.pdf", 1, Opens, Opens),
                f.Size ?? 0, "%PDF-1.7\n"u8.ToArray()));

    [Fact]
    public void A_seat_holder_submits_revision_1_with_the_current_rubric()
    {
        var result = Submit(Essay with { Files = [Pdf()] }, Now).Value!;
        var s = result.Submission;
        Assert.Null(result.Replaced);
        Assert.Equal(("submission:ann", "a1", "ann", 1, 1, "submission"), (s.Id, s.AssignmentId, s.AuthorId, s.Revision, s.RubricVersion, s.Kind));
        Assert.Equal((Now, false, 0, SubmissionStatus.Waiting), (s.SubmittedAt, s.Late, s.LatePenaltyPercent, s.Status));
        Assert.Equal(("essay.pdf", "a1/up_1", "application/pdf"), (s.Files[0].FileName, s.Files[0].BlobName, s.Files[0].ContentType));
    }

    [Fact]
    public void Learners_without_a_seat_never_learn_the_assignment_exists()
    {
        Assert.Equal(RefusalKind.NotFound, SubmissionRules.Submit(Assignment, null, Essay, Who("ann"), Seat("ann", EnrollmentStatus.Waitlisted), Now).Refusal!.Kind);
        Assert.Equal(RefusalKind.NotFound, SubmissionRules.Submit(Assignment, null, Essay, Who("ann"), Seat("bo"), Now).Refusal!.Kind);
        Assert.Equal(RefusalKind.NotFound, SubmissionRules.Submit(Assignment, null, Essay, Who("ann"), null, Now).Refusal!.Kind);
    }

    [Fact]
    public void Nothing_before_the_assignment_opens() =>
        Assert.Equal("Submissions are not open yet.", Submit(Essay, Opens.AddTicks(-1)).Refusal!.Title);

    [Fact]
    public void Late_work_is_refused_by_default()
    {
        Assert.False(Submit(Essay, Due.AddTicks(-1)).IsRefused);
        Assert.Equal("The due date has passed.", Submit(Essay, Due).Refusal!.Title);
    }

    [Fact]
    public void Late_work_is_accepted_with_the_penalty_until_reviews_are_due()
    {
        var lenient = Assignment.WithSettings(s => s with { Late = new LatePolicy(LatePolicyKind.AcceptWithPenalty, 20) });
        var late = Submit(Essay, Due.AddHours(1), assignment: lenient).Value!.Submission;
        Assert.Equal((true, 20), (late.Late, late.LatePenaltyPercent));
        Assert.Equal("Reviews are already due.", Submit(Essay, ReviewsDue, assignment: lenient).Refusal!.Title);
        Assert.Equal((false, 0), (Submit(Essay, Now, assignment: lenient).Value!.Submission.Late, 0));
    }

    [Fact]
    public void A_resubmission_before_the_due_date_replaces_the_submission_and_resets_its_reviews()
    {
        var first = Submitted("ann", Opens.AddHours(1), completed: 2, active: 1, "bo", "cy", "di");
        var result = Submit(new SubmissionInput("Better essay.", null), Now, first).Value!;
        var s = result.Submission;
        Assert.Same(first, result.Replaced);
        Assert.Equal((first.Id, 2, Now, "Better essay."), (s.Id, s.Revision, s.SubmittedAt, s.Text));
        Assert.Equal((0, 0, 0), (s.CompletedReviews, s.ActiveLeases, s.ExtraLeases));
        Assert.Empty(s.ReviewerIds);
    }

    [Fact]
    public void Resubmission_is_refused_when_not_allowed_after_the_due_date_or_once_graded()
    {
        var first = Submitted("ann", Opens.AddHours(1));
        var strict = Assignment.WithSettings(s => s with { ResubmissionAllowed = false });
        Assert.Equal("You already submitted.", Submit(Essay, Now, first, strict).Refusal!.Title);
        var lenient = Assignment.WithSettings(s => s with { Late = new LatePolicy(LatePolicyKind.AcceptWithPenalty, 20) });
        Assert.Equal("The due date has passed.", Submit(Essay, Due, first, lenient).Refusal!.Title);
        var graded = first with { Grade = new SubmissionGrade(GradeSource.Staff, null, [], 1, 7, 0, 1, [], "ines", "ok", Now) };
        Assert.Equal("Your submission is already graded.", Submit(Essay, Now, graded).Refusal!.Title);
    }

    [Fact]
    public void A_resubmission_uses_the_newest_rubric_version()
    {
        var revised = AssignmentRules.ReviseRubric(Assignment, Rubric(style: [0, 5]), true, Now);
        Assert.Equal(2, Submit(Essay, Now, Submitted("ann", Opens), revised).Value!.Submission.RubricVersion);
    }

    [Fact]
    public void Text_length_and_kinds_are_checked()
    {
        Assert.Contains("text", Submit(new SubmissionInput(new string('x', 1001), null), Now).Refusal!.Errors!.Keys);
        Assert.False(Submit(new SubmissionInput(new string('x', 1000), null), Now).IsRefused);
        Assert.Equal("The submission is empty.", Submit(new SubmissionInput("  ", []), Now).Refusal!.Errors!["text"][0]);
        var filesOnly = Assignment.WithSettings(s => s with { Text = null });
        Assert.Equal("This assignment takes files only.", Submit(Essay, Now, assignment: filesOnly).Refusal!.Errors!["text"][0]);
        var textOnly = Assignment.WithSettings(s => s with { Files = null });
        Assert.Equal("This assignment takes text only.", Submit(new SubmissionInput(null, [Pdf()]), Now, assignment: textOnly).Refusal!.Errors!["files"][0]);
    }

    [Fact]
    public void Files_are_checked_for_type_size_count_and_blob()
    {
        var errors = Submit(new SubmissionInput(null, [Pdf("essay.exe"), Pdf(size: 1001, blob: "a2/up_1")]), Now).Refusal!.Errors!;
        Assert.Equal(["files[0].fileName", "files[1].blobName", "files[1].size"], errors.Keys.Order());
        Assert.False(Submit(new SubmissionInput(null, [Pdf("ESSAY.PDF"), Pdf(size: 1000, blob: "a1/up_2")]), Now).IsRefused);
        Assert.Contains("files", Submit(new SubmissionInput(null, [Pdf(), Pdf()]), Now).Refusal!.Errors!.Keys); // one upload attached twice
        Assert.Contains("files", Submit(new SubmissionInput(null, [Pdf(), Pdf(blob: "a1/up_2"), Pdf(blob: "a1/up_3")]), Now).Refusal!.Errors!.Keys);
        Assert.Contains("files[0].fileName", Submit(new SubmissionInput(null, [Pdf("dir/essay.pdf")]), Now).Refusal!.Errors!.Keys);
    }
}
