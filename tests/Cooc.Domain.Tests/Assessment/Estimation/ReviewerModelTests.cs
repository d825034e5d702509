using Cooc.Assessment.Estimation;

namespace Cooc.Domain.Tests.Assessment.Estimation;

public sealed class ReviewerModelTests
{
    private static readonly ReviewerModelOptions Options = new(Seed: 11);

    [Fact]
    public void Recovers_known_bias_and_slope_of_reviewers_with_many_reviews()
    {
        var data = new SyntheticAssignment(240, 4, seed: 1);
        double[] biases = [-0.15, 0, 0.15];
        double[] slopes = [0.6, 1.0, 1.4];
        var reviewers = Enumerable.Range(0, 24).Select(r => new SyntheticReviewer(biases[r % 3], slopes[r / 3 % 3], 0.08)).ToArray();
        var fit = ReviewerModel.Fit(AssignmentScores.PeersOnly(data.Criteria, data.Reviews(reviewers, 4)), Options);

        // Without anchors the crowd's mean bias is only known to be near 0 and its mean slope near 1: allow a shared shift.
        var estimates = reviewers.Select((_, r) => fit.Parameters.Reviewers[SyntheticAssignment.ReviewerId(r)]).ToArray();
        for (var r = 0; r < reviewers.Length; r++)
        {
            Assert.InRange(estimates[r].Bias, reviewers[r].Bias - 0.08, reviewers[r].Bias + 0.08);
            Assert.InRange(estimates[r].Slope, reviewers[r].Slope - 0.3, reviewers[r].Slope + 0.3);
            Assert.Equal(40, estimates[r].Scores);
        }
        Assert.True(Correlation(reviewers.Select(r => r.Bias), estimates.Select(e => e.Bias)) > 0.95);
        Assert.True(Correlation(reviewers.Select(r => r.Slope), estimates.Select(e => e.Slope)) > 0.9);
    }

    [Fact]
    public void Beats_the_median_on_heterogeneous_reviewers()
    {
        var data = new SyntheticAssignment(400, 4, seed: 2);
        var random = new SeededRandom(3);
        var reviewers = Enumerable.Range(0, 400).Select(r => (r % 20) switch
        {
            0 or 1 => new SyntheticReviewer(0, 0, 0, Careless: true),
            2 => new SyntheticReviewer(0, 0, 0.01), // always the average
            _ => new SyntheticReviewer(random.NextNormal(0, 0.08), Math.Max(0.3, random.NextNormal(1, 0.25)), Math.Exp(random.NextNormal(Math.Log(0.12), 0.4))),
        }).ToArray();
        var scores = data.Reviews(reviewers, 3);
        var fit = ReviewerModel.Fit(AssignmentScores.PeersOnly(data.Criteria, scores), Options);

        var bySubmission = scores.ToLookup(p => p.SubmissionId);
        var median = data.Rmse(s => SyntheticAssignment.MedianTotal(bySubmission[SyntheticAssignment.SubmissionId(s)]));
        var model = data.Rmse(s => fit.GradeOf(SyntheticAssignment.SubmissionId(s)).Points);
        Assert.True(model < 0.85 * median, $"model RMSE {model:F3}, median {median:F3}");
        // Careless and always-the-average reviewers score lower review quality (with 3 reviews each, only so much can be told).
        double Quality(Func<int, bool> which) =>
            Enumerable.Range(0, 400).Where(which).Average(r => fit.Parameters.Reviewers[SyntheticAssignment.ReviewerId(r)].ReviewQuality);
        Assert.True(Quality(r => r % 20 < 3) < 0.6 * Quality(r => r % 20 >= 3));
        Assert.True(Quality(r => r % 20 >= 3) > 0.5);
    }

    [Fact]
    public void A_reviewer_with_one_review_is_estimated_near_the_population_and_the_submission_is_graded()
    {
        var data = new SyntheticAssignment(60, 3, seed: 4);
        var reviewers = Enumerable.Range(0, 30).Select(_ => new SyntheticReviewer(0, 1, 0.1)).ToArray();
        var scores = data.Reviews(reviewers, 3);
        scores.Add(new PeerScore(SyntheticAssignment.SubmissionId(5), "newcomer", [4, 4, 4]));
        var fit = ReviewerModel.Fit(AssignmentScores.PeersOnly(data.Criteria, scores), Options);

        var newcomer = fit.Parameters.Reviewers["newcomer"];
        Assert.Equal(1, newcomer.Scores);
        Assert.InRange(newcomer.Bias, -0.2, 0.2);
        Assert.InRange(newcomer.Slope, 0.3, 1.7);
        Assert.InRange(newcomer.ReviewQuality, 0, 1);
        var grade = fit.GradeOf(SyntheticAssignment.SubmissionId(5));
        Assert.InRange(grade.Points, 0, 12);
        Assert.True(double.IsFinite(grade.StandardError));
    }

    [Fact]
    public void Staff_anchors_reveal_a_bias_the_whole_crowd_shares()
    {
        var data = new SyntheticAssignment(200, 4, seed: 5);
        var reviewers = Enumerable.Range(0, 200).Select(_ => new SyntheticReviewer(0.12, 1, 0.1)).ToArray(); // everyone generous
        var scores = data.Reviews(reviewers, 3);
        var (calibrationScores, staff) = data.Calibration(reviewers, [1, 2, 3, 2], [3, 4, 2, 3], [0, 1, 1, 2]);
        var withAnchors = new AssignmentScores(data.Criteria, [.. scores, .. calibrationScores], staff);

        var blind = ReviewerModel.Fit(withAnchors.WithoutAnchors(), Options);
        var anchored = ReviewerModel.Fit(withAnchors, Options);

        double MeanError(ReviewerModelFit fit) =>
            Enumerable.Range(0, 200).Average(s => fit.GradeOf(SyntheticAssignment.SubmissionId(s)).Points - data.TrueTotal(s));
        Assert.True(MeanError(blind) > 1, $"without anchors the shared generosity stays: {MeanError(blind):F2}");
        Assert.True(Math.Abs(MeanError(anchored)) < MeanError(blind) / 3, $"with anchors: {MeanError(anchored):F2}");
        Assert.True(anchored.Parameters.Population.BiasMean > 0.06);
        // The staff's own scores are the grades of the anchored items.
        Assert.Equal([1.0, 2, 3, 2], anchored.GradeOf("cal0").CriterionPoints);
        Assert.True(anchored.GradeOf("cal0").Anchored);
    }

    [Fact]
    public void Grades_stay_within_each_criterion_s_option_bounds()
    {
        // Unordered options, a duplicate value, and a criterion whose options are all worth the same.
        IReadOnlyList<CriterionScale> criteria = [new([3, 0, 1, 1, 5]), new([2, 2]), new([10, 0])];
        var scores = new List<PeerScore>();
        for (var s = 0; s < 40; s++)
        {
            for (var k = 0; k < 3; k++)
            {
                int[] options = s % 2 == 0 ? [4, 0, 0] : [1, 1, 1]; // all best, or all worst
                scores.Add(new PeerScore($"s{s}", $"r{(s + k + 1) % 40}", options));
            }
        }
        var fit = ReviewerModel.Fit(AssignmentScores.PeersOnly(criteria, scores), Options);

        foreach (var grade in fit.Grades)
        {
            Assert.InRange(grade.CriterionPoints[0], 0, 5);
            Assert.Equal(2, grade.CriterionPoints[1]);
            Assert.InRange(grade.CriterionPoints[2], 0, 10);
            Assert.Equal(grade.CriterionPoints.Sum(), grade.Points, 9);
        }
        Assert.True(fit.GradeOf("s0").Points > 14, "unanimous top scores stay near the top");
        Assert.True(fit.GradeOf("s1").Points < 4, "unanimous bottom scores stay near the bottom");
    }

    [Fact]
    public void The_same_scores_in_any_order_and_seed_give_the_same_fit()
    {
        var data = new SyntheticAssignment(80, 3, seed: 6);
        var reviewers = Enumerable.Range(0, 80).Select(r => new SyntheticReviewer(r % 5 * 0.03 - 0.06, 1, 0.12)).ToArray();
        var scores = data.Reviews(reviewers, 3);
        var shuffled = scores.OrderBy(p => p.ReviewerId, StringComparer.Ordinal).ThenByDescending(p => p.SubmissionId).ToList();

        var first = ReviewerModel.Fit(AssignmentScores.PeersOnly(data.Criteria, scores), Options);
        var again = ReviewerModel.Fit(AssignmentScores.PeersOnly(data.Criteria, shuffled), Options);

        Assert.Equal(first.Grades.Select(g => (g.SubmissionId, g.Points)), again.Grades.Select(g => (g.SubmissionId, g.Points)));
        Assert.Equal(first.Reviewers.OrderBy(r => r.ReviewerId, StringComparer.Ordinal), again.Reviewers.OrderBy(r => r.ReviewerId, StringComparer.Ordinal));
    }

    [Fact]
    public void Grading_one_submission_with_fixed_parameters_matches_the_fit_and_accepts_unseen_reviewers()
    {
        var data = new SyntheticAssignment(100, 4, seed: 7);
        var reviewers = Enumerable.Range(0, 100).Select(_ => new SyntheticReviewer(0, 1, 0.12)).ToArray();
        var scores = data.Reviews(reviewers, 3);
        var fit = ReviewerModel.Fit(AssignmentScores.PeersOnly(data.Criteria, scores), Options);
        var id = SyntheticAssignment.SubmissionId(9);

        var again = fit.Parameters.Grade(id, scores.Where(p => p.SubmissionId == id).ToList());
        Assert.Equal(fit.GradeOf(id).CriterionPoints, again.CriterionPoints);

        var fresh = fit.Parameters.Grade("late", [new PeerScore("late", "stranger", [4, 4, 3, 4]), new PeerScore("late", SyntheticAssignment.ReviewerId(1), [4, 3, 4, 4])]);
        Assert.InRange(fresh.Points, 12, 16);
        var staffed = fit.Parameters.Grade("late", [], new StaffScore("late", [1.0, null, 2, 3]));
        Assert.Equal(1, staffed.CriterionPoints[0]);
        Assert.Equal([2.0, 3], staffed.CriterionPoints.Skip(2));
        Assert.True(staffed.Anchored);
    }

    private static double Correlation(IEnumerable<double> xs, IEnumerable<double> ys)
    {
        var (x, y) = (xs.ToArray(), ys.ToArray());
        var (mx, my) = (x.Average(), y.Average());
        var sxy = x.Zip(y).Sum(p => (p.First - mx) * (p.Second - my));
        return sxy / Math.Sqrt(x.Sum(v => (v - mx) * (v - mx)) * y.Sum(v => (v - my) * (v - my)));
    }

    [Fact]
    public void Scores_that_do_not_fit_the_rubric_are_refused()
    {
        IReadOnlyList<CriterionScale> criteria = [new([0, 1, 2])];
        Assert.Throws<ArgumentOutOfRangeException>(() => ReviewerModel.Fit(AssignmentScores.PeersOnly(criteria, [new PeerScore("s", "r", [3])])));
        Assert.Throws<ArgumentException>(() => ReviewerModel.Fit(AssignmentScores.PeersOnly(criteria, [new PeerScore("s", "r", [1, 1])])));
    }
}
