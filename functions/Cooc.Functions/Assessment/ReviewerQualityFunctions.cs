using Cooc.Assessment.Estimation;
using Cooc.Functions.Http;
using Cooc.Functions.Identity;
using Cooc.Functions.Operations;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Cooc.Functions.Assessment;

/// <summary>
/// One reviewer as the reviewer model sees them. ReviewQuality, 0 to 1: the share of the spread of their grades that
/// follows the work's true quality (1: always right; near 0: careless, or always the class average). BiasPoints: how
/// generous they are, in points per criterion at an average submission (negative: severe). Slope: how their grades
/// follow quality (1 faithful, near 0 careless). Reviews: how many reviews (and calibration examples) it rests on.
/// </summary>
public sealed record ReviewerQualityView(string ReviewerId, int Reviews, double ReviewQuality, double BiasPoints, double Slope);

/// <summary>The latest fit of a rubric version: when, whether final (reviews closed), its reviewers, least reliable first.</summary>
public sealed record ReviewerQualityReport(string AssignmentId, int RubricVersion, DateTimeOffset? FittedAt, bool Final, IReadOnlyList<ReviewerQualityView> Reviewers);

/// <summary>Course staff see each reviewer's review-quality score, from the background fit of the reviewer model; learners never do.</summary>
public sealed class ReviewerQualityFunctions(CallerIdentification callers, AssignmentAccess access, ReviewerFitStore fits)
{
    [Function("ReviewerQuality")]
    [ApiOperation("Assessment", "Each reviewer's review-quality score (course staff only): reliability 0..1, bias in points per criterion and slope, "
        + "from the latest background fit of the reviewer model (refitted a few minutes after reviews, final when reviews close). "
        + "?rubricVersion= picks a version (default: the current one); before the first fit the list is empty.", null, typeof(ReviewerQualityReport))]
    public async Task<IResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "assignments/{assignmentId}/reviewers")] HttpRequest request,
        string assignmentId, CancellationToken ct)
    {
        var (caller, authProblem) = await callers.IdentifyAsync(request);
        if (caller is null) return Problems.Unauthorized(authProblem);
        var context = await access.ForManagingAsync(caller, assignmentId, ct);
        if (context.Refusal is { } refusal) return Problems.From(refusal);
        var assignment = context.Value!.Assignment;
        var version = assignment.CurrentRubric.Version;
        if (request.Query.TryGetValue("rubricVersion", out var asked) && (!int.TryParse(asked, out version) || assignment.Rubric(version) is null))
            return Problems.Validation(new Dictionary<string, string[]> { ["rubricVersion"] = ["Give a rubric version of the assignment."] });
        var head = (await fits.ReadAsync(assignmentId, version, ct))?.Value;
        if (head is null) return TypedResults.Ok(new ReviewerQualityReport(assignmentId, version, null, false, []));
        var parameters = ReviewerFitDocuments.ToParameters(head, await fits.PartsAsync(head, null, ct));
        var meanRange = parameters.Criteria.Count == 0 ? 0 : parameters.Criteria.Average(c => c.Range);
        var reviewers = parameters.Reviewers.Values
            .Select(r => new ReviewerQualityView(r.ReviewerId, r.Scores, Math.Round(r.ReviewQuality, 3), Math.Round(r.Bias * meanRange, 3), Math.Round(r.Slope, 3)))
            .OrderBy(r => r.ReviewQuality).ThenBy(r => r.ReviewerId, StringComparer.Ordinal)
            .ToList();
        return TypedResults.Ok(new ReviewerQualityReport(assignmentId, version, head.FittedAt, head.IsFinalFor(assignment.Settings.ReviewsDueAt), reviewers));
    }
}
