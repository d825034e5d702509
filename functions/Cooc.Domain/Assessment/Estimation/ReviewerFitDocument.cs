using Cooc.Ports;

namespace Cooc.Assessment.Estimation;

/// <summary>
/// The latest reviewer-model fit of one rubric version of an assignment, as stored: assessment container, partition =
/// assignmentId, id "reviewer-fit:{rubricVersion}" (<see cref="IdFor"/>), kind "reviewerFit". It holds what the whole
/// assignment shares (criteria, population, grade spread); the reviewers' parameters are in Parts documents
/// (<see cref="ReviewerFitPart"/>), a reviewer in part <see cref="PartOf"/>, at most about
/// <see cref="ReviewerFitDocuments.ReviewersPerPart"/> each, so no document nears the 2 MB item limit however many
/// reviewers there are, and grading one submission reads only its reviewers' parts. FitId names this fit's parts: a
/// new fit writes new parts first, then this document, so readers never see a head without its parts.
/// ScoreCount, AnchorCount and LatestReviewAt are the basis it learned from (a fit on the same basis is skipped).
/// Final: the fit made when reviews closed at FinalFor (the assignment's reviews-due date then): grades from it are
/// final. FinalizeScheduledFor: the reviews-due date a finalization message was last scheduled for.
/// </summary>
public sealed record ReviewerFitDocument(
    string Id,
    string AssignmentId,
    string OrganizationId,
    int RubricVersion,
    string FitId,
    int Parts,
    List<List<double>> OptionPoints,
    PopulationEstimate Population,
    List<double> SpreadCenter,
    List<double> SpreadFactor,
    int ScoreCount,
    int AnchorCount,
    DateTimeOffset? LatestReviewAt,
    bool Final,
    DateTimeOffset? FinalFor,
    DateTimeOffset? FinalizeScheduledFor,
    DateTimeOffset FittedAt,
    double FitSeconds) : IDocument
{
    public const string DocumentKind = "reviewerFit";

    public string Kind => DocumentKind;

    public static string IdFor(int rubricVersion) => $"reviewer-fit:{rubricVersion}";

    public string PartId(int part) => $"{Id}:{FitId}:{part}";

    /// <summary>The part holding a reviewer: a stable hash (FNV-1a of the id's UTF-16 units), the same in every process.</summary>
    public int PartOf(string reviewerId) => ReviewerFitDocuments.PartOf(reviewerId, Parts);

    /// <summary>Whether this is the fit made when reviews closed at that date: its grades are final.</summary>
    public bool IsFinalFor(DateTimeOffset reviewsDueAt) => Final && FinalFor == reviewsDueAt;

    public bool SameBasis(FitBasis basis) => ScoreCount == basis.ScoreCount && AnchorCount == basis.AnchorCount && LatestReviewAt == basis.LatestReviewAt;
}

/// <summary>
/// One part of a fit's reviewers: id "{head id}:{fitId}:{part}", kind "reviewerFitPart". Column lists, one entry per
/// reviewer in id order (a list of objects would repeat every property name per reviewer).
/// </summary>
public sealed record ReviewerFitPart(
    string Id,
    string AssignmentId,
    string OrganizationId,
    string FitId,
    int Part,
    List<string> ReviewerIds,
    List<int> Scores,
    List<double> Bias,
    List<double> Slope,
    List<double> NoiseSd,
    List<double> ReviewQuality) : IDocument
{
    public const string DocumentKind = "reviewerFitPart";

    public string Kind => DocumentKind;

    public IEnumerable<ReviewerEstimate> Reviewers() => ReviewerIds.Select((id, i) => new ReviewerEstimate(id, Scores[i], Bias[i], Slope[i], NoiseSd[i], ReviewQuality[i]));
}

/// <summary>What a fit learned from: criterion scores (reviews × criteria, calibration scores included), staff anchors, the latest review.</summary>
public sealed record FitBasis(int ScoreCount, int AnchorCount, DateTimeOffset? LatestReviewAt);

/// <summary>Fitted parameters to documents and back.</summary>
public static class ReviewerFitDocuments
{
    /// <summary>About this many reviewers a part: with 128-character ids and full-precision numbers, under 300 kB.</summary>
    public const int ReviewersPerPart = 1000;

    public static (ReviewerFitDocument Head, List<ReviewerFitPart> Parts) From(Assignment assignment, int rubricVersion, ReviewerModelParameters parameters,
        string fitId, FitBasis basis, bool final, DateTimeOffset? finalizeScheduledFor, DateTimeOffset now, double fitSeconds)
    {
        var partCount = Math.Max(1, (parameters.Reviewers.Count + ReviewersPerPart - 1) / ReviewersPerPart);
        var head = new ReviewerFitDocument(IdFor(rubricVersion), assignment.AssignmentId, assignment.OrganizationId, rubricVersion, fitId, partCount,
            parameters.Criteria.Select(c => c.OptionPoints.ToList()).ToList(), parameters.Population,
            [.. parameters.Spread.Center], [.. parameters.Spread.Factor], basis.ScoreCount, basis.AnchorCount, basis.LatestReviewAt,
            final, final ? assignment.Settings.ReviewsDueAt : null, finalizeScheduledFor, now, fitSeconds);
        var parts = parameters.Reviewers.Values.OrderBy(r => r.ReviewerId, StringComparer.Ordinal)
            .GroupBy(r => PartOf(r.ReviewerId, partCount))
            .Select(g => new ReviewerFitPart(head.PartId(g.Key), assignment.AssignmentId, assignment.OrganizationId, fitId, g.Key,
                g.Select(r => r.ReviewerId).ToList(), g.Select(r => r.Scores).ToList(), g.Select(r => r.Bias).ToList(),
                g.Select(r => r.Slope).ToList(), g.Select(r => r.NoiseSd).ToList(), g.Select(r => r.ReviewQuality).ToList()))
            .OrderBy(p => p.Part)
            .ToList();
        return (head, parts);
    }

    /// <summary>The parameters of a stored fit, with the reviewers of the given parts (those a grade needs, or all).</summary>
    public static ReviewerModelParameters ToParameters(ReviewerFitDocument head, IEnumerable<ReviewerFitPart> parts) => new(
        head.OptionPoints.Select(p => new CriterionScale(p)).ToArray(),
        head.Population,
        parts.Where(p => p.FitId == head.FitId).SelectMany(p => p.Reviewers()).ToDictionary(r => r.ReviewerId, StringComparer.Ordinal),
        new GradeSpread(head.SpreadCenter, head.SpreadFactor));

    internal static string IdFor(int rubricVersion) => ReviewerFitDocument.IdFor(rubricVersion);

    internal static int PartOf(string reviewerId, int parts)
    {
        var hash = 2166136261u;
        foreach (var c in reviewerId) hash = (hash ^ c) * 16777619u;
        return (int)(hash % (uint)Math.Max(1, parts));
    }
}
