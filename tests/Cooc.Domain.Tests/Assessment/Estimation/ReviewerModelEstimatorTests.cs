using Cooc.Assessment;
using Cooc.Assessment.Estimation;
using Cooc.Assessment.Grading;

namespace Cooc.Domain.Tests.Assessment.Estimation;

public sealed class ReviewerModelEstimatorTests
{
    private static readonly RubricVersion Rubric = new(1,
    [
        Criterion("ideas", 0, 2, 4, 6),
        Criterion("style", 0, 1, 2),
    ], DateTimeOffset.UnixEpoch);

    private static RubricCriterion Criterion(string id, params int[] points) =>
        new(id, new() { ["en"] = id }, new() { ["en"] = id }, points.Select(p => new RubricOption(new() { ["en"] = $"{p}" }, p, [])).ToList());

    /// <summary>30 submissions each scored by 3 of 30 reviewers, and one calibration example every reviewer scored.</summary>
    private static AssessmentData Data()
    {
        var random = new SeededRandom(9);
        var scores = new List<ReviewScore>();
        for (var s = 0; s < 30; s++)
        {
            var level = s % 4;
            for (var k = 1; k <= 3; k++)
            {
                var reviewer = $"r{(s + 5 * k) % 30}";
                scores.Add(new ReviewScore($"submission:a{s}", reviewer, "ideas", Math.Clamp(level + random.NextInt(3) - 1, 0, 3)));
                scores.Add(new ReviewScore($"submission:a{s}", reviewer, "style", Math.Min(level, 2)));
            }
        }
        for (var r = 0; r < 30; r++)
        {
            scores.Add(new ReviewScore("calibration:e1", $"r{r}", "ideas", 2 + r % 2));
            scores.Add(new ReviewScore("calibration:e1", $"r{r}", "style", 1));
        }
        AnchorScore[] anchors =
        [
            new("calibration:e1", "ideas", 4, AnchorSource.Calibration), new("calibration:e1", "style", 1, AnchorSource.Calibration),
            new("submission:a4", "ideas", 6, AnchorSource.StaffGrade), new("submission:a4", "style", 2, AnchorSource.StaffGrade),
        ];
        return new AssessmentData(Rubric, scores, anchors);
    }

    [Fact]
    public void Estimates_every_scored_item_and_every_reviewer()
    {
        var estimate = new ReviewerModelEstimator(new ReviewerModelOptions(Seed: 3)).Estimate(Data());

        Assert.Equal(31, estimate.Submissions.Count);
        Assert.Equal(30, estimate.Reviewers.Count);
        Assert.Equal(4 + 1, estimate.Submissions["calibration:e1"].Total);
        Assert.Equal(6 + 2, estimate.Submissions["submission:a4"].Total);
        foreach (var item in estimate.Submissions.Values)
        {
            Assert.InRange(item.Criteria["ideas"].Points, 0, 6);
            Assert.InRange(item.Criteria["style"].Points, 0, 2);
            Assert.Equal(item.Criteria.Values.Sum(c => c.Points), item.Total, 9);
        }
        Assert.Equal(3, estimate.Submissions["submission:a0"].Criteria["ideas"].ReviewCount);
        Assert.All(estimate.Reviewers.Values, r => Assert.InRange(r.Reliability ?? -1, 0, 1));
        Assert.Equal(4, estimate.Reviewers["r0"].ReviewCount); // 3 submissions and the calibration example
    }

    [Fact]
    public void Without_anchors_calibration_examples_and_staff_scores_are_left_out()
    {
        var estimate = new ReviewerModelEstimator(new ReviewerModelOptions(Seed: 3), useAnchors: false).Estimate(Data());

        Assert.False(estimate.Submissions.ContainsKey("calibration:e1"));
        Assert.Equal(30, estimate.Submissions.Count);
        Assert.True(estimate.Submissions["submission:a4"].Total < 4, "peers, not staff, grade it");
    }

    [Fact]
    public void A_newly_gradeable_submission_is_graded_at_once_with_the_fitted_parameters()
    {
        var data = Data();
        var fit = new ReviewerModelEstimator(new ReviewerModelOptions(Seed: 3)).Fit(data);
        var one = data with { Scores = data.Scores.Where(s => s.SubmissionId == "submission:a7").ToList(), Anchors = [] };

        var fixedEstimator = new FixedReviewerEstimator(fit.Parameters);
        var estimate = fixedEstimator.Estimate(one);

        Assert.Equal(ReviewerModelEstimator.EstimatorName, fixedEstimator.Name);
        Assert.Equal(fit.GradeOf("submission:a7").Points, estimate.Submissions["submission:a7"].Total, 9);
        var before = new FixedReviewerEstimator(ReviewerModelParameters.Prior(fit.Parameters.Criteria)).Estimate(one);
        Assert.InRange(before.Submissions["submission:a7"].Total, 0, 8);
        Assert.Throws<ArgumentException>(() => new FixedReviewerEstimator(ReviewerModelParameters.Prior([new CriterionScale([0, 1])])).Estimate(one));
    }
}
