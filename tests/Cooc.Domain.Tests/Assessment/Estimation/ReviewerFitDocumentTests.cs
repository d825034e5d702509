using System.Text.Json;
using Cooc.Assessment;
using Cooc.Assessment.Estimation;
using Cooc.Assessment.Grading;
using Cooc.Ports;
using static Cooc.Domain.Tests.Assessment.AssessmentFixtures;

namespace Cooc.Domain.Tests.Assessment.Estimation;

/// <summary>A stored fit: split into parts that stay far below the 2 MB item limit, and back to the same grades.</summary>
public sealed class ReviewerFitDocumentTests
{
    private static readonly Assignment Essay = Assignment();

    /// <summary>Reviewers with the longest ids allowed (128 characters) and varied parameters.</summary>
    private static ReviewerModelParameters WithReviewers(int count)
    {
        var criteria = ReviewerModelEstimator.ScoresOf(new AssessmentData(Essay.CurrentRubric, [], []), false).Criteria;
        var random = new SeededRandom(3);
        var reviewers = Enumerable.Range(0, count).Select(i => new ReviewerEstimate($"{i:D6}".PadRight(128, 'x'), 5 + i % 4,
                random.NextNormal(0, 0.1), random.NextNormal(1, 0.2), 0.05 + random.NextUniform() * 0.2, random.NextUniform()))
            .ToDictionary(r => r.ReviewerId, StringComparer.Ordinal);
        return ReviewerModelParameters.Prior(criteria) with { Reviewers = reviewers, Spread = new GradeSpread([0.55, 0.6], [1.1, 1.2]) };
    }

    private static (ReviewerFitDocument Head, List<ReviewerFitPart> Parts) Store(ReviewerModelParameters parameters, bool final = false) =>
        ReviewerFitDocuments.From(Essay, 1, parameters, "fit_1", new FitBasis(30_000, 0, Opens), final, null, Opens, 1.5);

    private static T RoundTrip<T>(T document) => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(document, DocumentJson.Options), DocumentJson.Options)!;

    [Fact]
    public void Ten_thousand_reviewers_fit_in_parts_far_below_the_item_limit()
    {
        var (head, parts) = Store(WithReviewers(10_000));

        Assert.Equal(10, head.Parts);
        Assert.Equal(10_000, parts.Sum(p => p.ReviewerIds.Count));
        var largest = parts.Max(p => JsonSerializer.SerializeToUtf8Bytes(p, DocumentJson.Options).Length);
        Assert.True(largest < 400_000, $"largest part {largest} bytes");
        Assert.True(JsonSerializer.SerializeToUtf8Bytes(head, DocumentJson.Options).Length < 10_000);
    }

    [Fact]
    public void Each_reviewer_is_in_the_part_its_id_hashes_to()
    {
        var (head, parts) = Store(WithReviewers(2_500));
        Assert.All(parts, p => Assert.All(p.ReviewerIds, id => Assert.Equal(p.Part, head.PartOf(id))));
        Assert.All(parts, p => Assert.Equal(head.PartId(p.Part), p.Id));
    }

    [Fact]
    public void Stored_parameters_grade_exactly_as_the_fitted_ones()
    {
        var parameters = WithReviewers(2_500);
        var (head, parts) = Store(parameters);
        var reviewers = parameters.Reviewers.Keys.Take(3).ToList();
        var scores = reviewers.Select((r, i) => new PeerScore("submission:ann", r, [i + 1, 2])).ToList();
        var needed = reviewers.Select(head.PartOf).Distinct().ToHashSet();

        var restored = ReviewerFitDocuments.ToParameters(RoundTrip(head), parts.Where(p => needed.Contains(p.Part)).Select(RoundTrip));

        Assert.Equal(parameters.Grade("submission:ann", scores).CriterionPoints, restored.Grade("submission:ann", scores).CriterionPoints);
        Assert.All(reviewers, r => Assert.Equal(parameters.Reviewers[r], restored.Reviewers[r]));
    }

    [Fact]
    public void Parts_of_another_fit_are_ignored()
    {
        var (head, parts) = Store(WithReviewers(10));
        var stale = parts[0] with { FitId = "fit_0" };
        Assert.Empty(ReviewerFitDocuments.ToParameters(head, [stale]).Reviewers);
    }

    [Theory]
    [InlineData(false, 0, false)]
    [InlineData(true, 0, true)]
    [InlineData(true, 7, false)]
    public void A_fit_is_final_only_for_the_reviews_due_date_it_closed(bool final, int daysMovedLater, bool isFinal)
    {
        var (head, _) = Store(WithReviewers(1), final);
        Assert.Equal(isFinal, head.IsFinalFor(Essay.Settings.ReviewsDueAt.AddDays(daysMovedLater)));
    }

    [Fact]
    public void A_fit_on_the_same_reviews_has_the_same_basis()
    {
        var (head, _) = Store(WithReviewers(1));
        Assert.True(head.SameBasis(new FitBasis(30_000, 0, Opens)));
        Assert.False(head.SameBasis(new FitBasis(30_000, 1, Opens)));
        Assert.False(head.SameBasis(new FitBasis(30_000, 0, Opens.AddSeconds(1))));
    }
}
