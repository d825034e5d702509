using Cooc.Assessment;
using Cooc.Assessment.Grading;
using Cooc.Common;
using static Cooc.Domain.Tests.Assessment.AssessmentFixtures;

namespace Cooc.Domain.Tests.Assessment;

public sealed class CalibrationRulesTests
{
    private static readonly DateTimeOffset Now = Opens.AddDays(1);
    private static readonly CalibrationExample Example = new("ex1", 1, "A sample.", new() { ["ideas"] = 2, ["style"] = 1 }, new() { ["style"] = "Clear but plain." }, "ines", Opens);
    private static readonly Assignment Assignment = AssessmentFixtures.Assignment() with { CalibrationExamples = [Example] };
    private static readonly RubricVersion Rubric = Assignment.CurrentRubric;

    [Fact]
    public void Scoring_shows_per_criterion_where_the_learner_differed_from_staff()
    {
        // ideas points 0,1,2,3; style points 0,2,4. Staff: ideas 2 (2 points), style 1 (2 points).
        var result = CalibrationRules.Score(Rubric, Example, new Dictionary<string, int> { ["ideas"] = 3, ["style"] = 0 }, Now).Value!;
        Assert.Equal(["ideas", "style"], result.Criteria.Select(c => c.CriterionId));
        var (ideas, style) = (result.Criteria[0], result.Criteria[1]);
        Assert.Equal((3, 2, 3, 2, 1, false), (ideas.LearnerOption, ideas.StaffOption, ideas.LearnerPoints, ideas.StaffPoints, ideas.Difference, ideas.Agrees));
        Assert.Equal((-2, "Clear but plain."), (style.Difference, style.StaffNote));
        Assert.True(CalibrationRules.Score(Rubric, Example, new Dictionary<string, int> { ["ideas"] = 2, ["style"] = 1 }, Now).Value!.Criteria.All(c => c.Agrees));
        Assert.Equal(RefusalKind.Invalid, CalibrationRules.Score(Rubric, Example, new Dictionary<string, int> { ["ideas"] = 2 }, Now).Refusal!.Kind);
    }

    [Fact]
    public void Offsets_average_the_differences_and_a_rescore_replaces_the_earlier_one()
    {
        var second = Example with { ExampleId = "ex2" };
        var record = ReviewerRecord.New("a1", "acme", "lea", Now);
        record = CalibrationRules.Apply(record, CalibrationRules.Score(Rubric, Example, new Dictionary<string, int> { ["ideas"] = 3, ["style"] = 2 }, Now).Value!, Now);
        record = CalibrationRules.Apply(record, CalibrationRules.Score(Rubric, second, new Dictionary<string, int> { ["ideas"] = 2, ["style"] = 0 }, Now).Value!, Now);
        Assert.Equal(0.5, record.CalibrationOffsets["ideas"]);  // +1 and 0
        Assert.Equal(0.0, record.CalibrationOffsets["style"]);  // +2 and −2
        record = CalibrationRules.Apply(record, CalibrationRules.Score(Rubric, Example, new Dictionary<string, int> { ["ideas"] = 2, ["style"] = 1 }, Now).Value!, Now);
        Assert.Equal(2, record.Calibrations.Count);
        Assert.Equal(0.0, record.CalibrationOffsets["ideas"]);
        Assert.Equal(-1.0, record.CalibrationOffsets["style"]);
    }

    [Fact]
    public void Pending_examples_gate_reviewing_until_scored()
    {
        Assert.Equal(["ex1"], CalibrationRules.Pending(Assignment, null).Select(e => e.ExampleId));
        var record = CalibrationRules.Apply(ReviewerRecord.New("a1", "acme", "lea", Now),
            CalibrationRules.Score(Rubric, Example, new Dictionary<string, int> { ["ideas"] = 2, ["style"] = 1 }, Now).Value!, Now);
        Assert.Empty(CalibrationRules.Pending(Assignment, record));
        Assert.Null(ClaimPolicy.RefuseClaim(Assignment, Submitted("lea", Opens), record, Now));
    }

    [Fact]
    public void Estimator_data_carries_calibration_scores_and_staff_anchors()
    {
        var record = CalibrationRules.Apply(ReviewerRecord.New("a1", "acme", "lea", Now),
            CalibrationRules.Score(Rubric, Example, new Dictionary<string, int> { ["ideas"] = 3, ["style"] = 1 }, Now).Value!, Now);
        var ann = Submitted("ann", Opens, completed: 1);
        var staffGraded = Submitted("bo", Opens) with
        {
            Grade = new SubmissionGrade(GradeSource.Staff, null, [new CriterionGrade("ideas", 1, 3), new CriterionGrade("style", 4, 4)], 5, 7, 0, 5, [], "ines", "r", Now),
        };
        Review[] reviews = [ReviewOf(ann, "lea", Now, 1, 2), ReviewOf(ann, "old", Now, 0, 0, "rev_old", revision: 0)];
        var data = AssessmentDataBuilder.Build(Rubric, reviews, [ann, staffGraded], Assignment.CalibrationExamples, [record]);
        Assert.Equal(
            ["submission:ann/lea/ideas/1", "submission:ann/lea/style/2", "calibration:ex1/lea/ideas/3", "calibration:ex1/lea/style/1"],
            data.Scores.Select(s => $"{s.SubmissionId}/{s.ReviewerId}/{s.CriterionId}/{s.OptionIndex}"));
        Assert.Equal(
            ["submission:bo/ideas/1/StaffGrade", "submission:bo/style/4/StaffGrade", "calibration:ex1/ideas/2/Calibration", "calibration:ex1/style/2/Calibration"],
            data.Anchors.Select(a => $"{a.SubmissionId}/{a.CriterionId}/{a.Points}/{a.Source}"));
        Assert.Equal(4, AssessmentDataBuilder.Build(Rubric, reviews).Scores.Count); // without submissions every review counts
    }
}
