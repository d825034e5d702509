using System.Net;
using Cooc.Assessment;
using Cooc.Functions.Assessment;
using Cooc.Identity;

namespace Cooc.Api.Tests.Assessment;

/// <summary>What the API refuses, and to whom: bad input (400 with the field), other organizations (404), learners acting as staff (403), a second appeal (409).</summary>
public sealed class AssessmentRulesTests(CoocApp app) : IClassFixture<CoocApp>
{
    [Fact]
    public async Task Bad_input_is_400_with_the_field_other_organizations_get_404_and_learners_cannot_act_as_staff()
    {
        var steps = new AssessmentSteps(app, "rules-org");
        var assignment = await steps.CreateAssignmentAsync(mustGrade: 1, gradedBy: 1);
        var (id, courseId) = (assignment.AssignmentId, assignment.CourseId);

        var noRubric = new { moduleId = "nope", title = AssessmentSteps.En("Essay"), prompt = AssessmentSteps.En("Write."), settings = AssessmentSteps.Settings(1, 1) };
        var invalid = await (await app.SendAsync(HttpMethod.Post, $"/api/courses/{courseId}/assignments", steps.Instructor, noRubric)).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(invalid.GetProperty("errors").TryGetProperty("rubric.criteria", out _), invalid.ToString());
        Assert.True(invalid.GetProperty("errors").TryGetProperty("moduleId", out _), invalid.ToString());

        await steps.EnrollAsync(courseId, "ann");
        await steps.EnrollAsync(courseId, "bob");
        var empty = await (await app.SendAsync(HttpMethod.Post, $"/api/assignments/{id}/submissions", steps.Learner("ann"), new { text = " " })).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(empty.GetProperty("errors").TryGetProperty("text", out _), empty.ToString());
        await (await app.SendAsync(HttpMethod.Post, $"/api/assignments/{id}/reviews/claim", steps.Learner("ann"))).ProblemAsync(HttpStatusCode.Conflict); // submit first
        await steps.SubmitAsync(id, "ann", "Ann's essay");
        await steps.SubmitAsync(id, "bob", "Bob's essay");

        var (claim, _) = await steps.ClaimAsync(id, "ann");
        Assert.Equal("Bob's essay", claim.Submission!.Text);
        var path = $"/api/assignments/{id}/reviews/{claim.ReviewId}";
        var badReview = await (await app.SendAsync(HttpMethod.Post, path, steps.Learner("ann"),
            new { options = new Dictionary<string, int> { ["ideas"] = 9, ["style"] = 0 } })).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(badReview.GetProperty("errors").TryGetProperty("options.ideas", out _), badReview.ToString());
        Assert.True(badReview.GetProperty("errors").TryGetProperty("options.grammar", out _), badReview.ToString());
        await (await app.SendAsync(HttpMethod.Post, path, steps.Learner("bob"), AssessmentSteps.ReviewBody(1, 1, 1))).ProblemAsync(HttpStatusCode.NotFound); // not bob's
        var stored = await steps.ReviewAsync(id, "ann", claim.ReviewId!, AssessmentSteps.ReviewBody(1, 1, 1));
        var repeated = await steps.ReviewAsync(id, "ann", claim.ReviewId!, AssessmentSteps.ReviewBody(3, 2, 1), HttpStatusCode.OK); // a repeat: the same review
        Assert.Equal((stored.ReviewId, stored.Points, stored.CompletedAt, 1), (repeated.ReviewId, repeated.Points, repeated.CompletedAt, repeated.Options["ideas"]));

        var outsider = app.Token("olga", "other-org", Role.Instructor);
        var outsiderLearner = app.Token("oscar", "other-org", Role.Learner);
        await (await app.SendAsync(HttpMethod.Get, $"/api/assignments/{id}", outsider)).ProblemAsync(HttpStatusCode.NotFound);
        await (await app.SendAsync(HttpMethod.Post, $"/api/assignments/{id}/reviews/claim", outsiderLearner)).ProblemAsync(HttpStatusCode.NotFound);
        await (await app.SendAsync(HttpMethod.Get, $"/api/assignments/{id}/waiting", outsider)).ProblemAsync(HttpStatusCode.NotFound);
        await (await app.SendAsync(HttpMethod.Post, $"/api/assignments/{id}/submissions/submission:bob/staff-grade", outsider,
            new { options = new { ideas = 0, style = 0, grammar = 0 }, reason = "no" })).ProblemAsync(HttpStatusCode.NotFound);
        await (await app.SendAsync(HttpMethod.Get, "/api/assignments/asg_missing", steps.Instructor)).ProblemAsync(HttpStatusCode.NotFound);
        await (await app.SendAsync(HttpMethod.Get, $"/api/assignments/{id}", steps.Learner("carl"))).ProblemAsync(HttpStatusCode.NotFound); // no seat

        await (await app.SendAsync(HttpMethod.Post, $"/api/assignments/{id}/submissions/submission:bob/staff-grade", steps.Learner("ann"),
            new { options = new { ideas = 3, style = 2, grammar = 1 }, reason = "I liked it" })).ProblemAsync(HttpStatusCode.Forbidden);
        await (await app.SendAsync(HttpMethod.Get, $"/api/assignments/{id}/waiting", steps.Learner("ann"))).ProblemAsync(HttpStatusCode.Forbidden);
        await (await app.SendAsync(HttpMethod.Post, $"/api/assignments/{id}/submissions", steps.Instructor, new { text = "staff" })).ProblemAsync(HttpStatusCode.Forbidden);
        var learnerView = await (await app.SendAsync(HttpMethod.Get, $"/api/assignments/{id}", steps.Learner("ann"))).ReadAsync<AssignmentView>();
        Assert.Equal(3, learnerView.Rubrics.Single().Criteria.Count);
    }

    [Fact]
    public async Task A_grade_is_appealed_once_and_staff_grades_override_peers_with_an_audit()
    {
        var steps = new AssessmentSteps(app, "appeal-org");
        var assignment = await steps.CreateAssignmentAsync(mustGrade: 1, gradedBy: 1);
        var id = assignment.AssignmentId;
        await steps.EnrollAndSubmitEssaysAsync(assignment, new[] { "ann", "bob", "cy" });
        // All claim before anyone is graded (cy gets an extra review); then ann reviews once more: cy's essay, still short.
        var claims = new List<(string Learner, string ReviewId)>();
        foreach (var learner in new[] { "ann", "bob", "cy" }) claims.Add((learner, (await steps.ClaimAsync(id, learner)).Claim.ReviewId!));
        claims.Add(("ann", "later"));
        foreach (var (learner, reviewId) in claims)
        {
            var review = reviewId == "later" ? (await steps.ClaimAsync(id, learner)).Claim.ReviewId! : reviewId;
            await steps.ReviewAsync(id, learner, review, AssessmentSteps.ReviewBody(2, 1, 1));
        }
        var (graded, _) = await steps.GradedAsync(id, "ann");
        Assert.Equal(2 + 2 + 1, graded.Status.Grade!.Points); // option 2 of ideas, 1 of style, 1 of grammar

        var appealPath = $"/api/assignments/{id}/submissions/{graded.SubmissionId}/appeal";
        var reasonless = await (await app.SendAsync(HttpMethod.Post, appealPath, steps.Learner("ann"), new { reason = "" })).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(reasonless.GetProperty("errors").TryGetProperty("reason", out _));
        var appealed = await (await app.SendAsync(HttpMethod.Post, appealPath, steps.Learner("ann"), new { reason = "My ideas deserve more." })).ReadAsync<MySubmissionView>();
        Assert.Equal(LearnerSubmissionState.UnderAppeal, appealed.Status.State);
        await (await app.SendAsync(HttpMethod.Post, appealPath, steps.Learner("ann"), new { reason = "Again." })).ProblemAsync(HttpStatusCode.Conflict);
        await (await app.SendAsync(HttpMethod.Post, appealPath, steps.Learner("bob"), new { reason = "Not mine." })).ProblemAsync(HttpStatusCode.NotFound);

        var staffGraded = await (await app.SendAsync(HttpMethod.Post, $"/api/assignments/{id}/submissions/submission:cy/staff-grade", steps.Instructor,
            new { options = new { ideas = 3, style = 2, grammar = 1 }, reason = "Better than the peers said." })).ReadAsync<StaffGradeView>();
        Assert.Equal((GradeSource.Staff, 9.0), (staffGraded.Grade!.Source, staffGraded.Grade.Points));
        Assert.Equal(GradeSource.Peers, staffGraded.PeerGrade!.Source);
        Assert.Equal(("instructor-appeal-org", "Better than the peers said.", 5.0, 9.0),
            (staffGraded.Audit.StaffId, staffGraded.Audit.Reason, staffGraded.Audit.Before!.Points, staffGraded.Audit.After!.Points));
        var (cy, _) = await steps.MineAsync(id, "cy");
        Assert.Equal((GradeSource.Staff, 9.0), (cy.Status.Grade!.Source, cy.Status.Grade.Points));
    }

    [Fact]
    public async Task Learners_score_the_calibration_examples_before_reviewing_and_never_see_the_staff_scores_first()
    {
        var steps = new AssessmentSteps(app, "calibration-org");
        var assignment = await steps.CreateAssignmentAsync(mustGrade: 1, gradedBy: 1);
        var id = assignment.AssignmentId;
        var staffOptions = new Dictionary<string, int> { ["ideas"] = 3, ["style"] = 2, ["grammar"] = 1 };
        var added = await (await app.SendAsync(HttpMethod.Post, $"/api/assignments/{id}/calibration", steps.Instructor,
            new { text = "A model answer.", options = staffOptions, notes = new Dictionary<string, string> { ["ideas"] = "Original." } })).ReadAsync<AssignmentView>(HttpStatusCode.Created);
        var example = Assert.Single(added.CalibrationExamples);
        await steps.EnrollAndSubmitEssaysAsync(assignment, new[] { "ann", "bob" });
        var seen = await (await app.SendAsync(HttpMethod.Get, $"/api/assignments/{id}", steps.Learner("ann"))).ReadAsync<AssignmentView>();
        Assert.Null(Assert.Single(seen.CalibrationExamples).StaffOptions);
        await (await app.SendAsync(HttpMethod.Post, $"/api/assignments/{id}/reviews/claim", steps.Learner("ann"))).ProblemAsync(HttpStatusCode.Conflict);

        var unknown = await (await app.SendAsync(HttpMethod.Post, $"/api/assignments/{id}/calibration", steps.Learner("ann"),
            new { exampleId = "cal_nope", options = staffOptions })).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(unknown.GetProperty("errors").TryGetProperty("exampleId", out _));
        var result = await (await app.SendAsync(HttpMethod.Post, $"/api/assignments/{id}/calibration", steps.Learner("ann"),
            new { exampleId = example.ExampleId, options = new Dictionary<string, int> { ["ideas"] = 1, ["style"] = 2, ["grammar"] = 1 } })).ReadAsync<CalibrationResult>();
        var ideas = result.Criteria.Single(c => c.CriterionId == "ideas");
        Assert.Equal((1, 3, -2, "Original."), (ideas.LearnerOption, ideas.StaffOption, ideas.Difference, ideas.StaffNote));
        Assert.Equal("bob's essay", (await steps.ClaimAsync(id, "ann")).Claim.Submission!.Text);
    }
}
