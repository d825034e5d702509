namespace Cooc.Assessment.Estimation;

/// <summary>
/// The reviewer model (after Piech et al., "Tuned Models of Peer Assessment in MOOCs", EDM 2013, at the criterion
/// level; see <see cref="GibbsSampler"/> for the equations), fitted by Gibbs sampling over a whole assignment.
/// </summary>
public static class ReviewerModel
{
    /// <summary>
    /// Fits reviewers and grades every submission of the assignment. Deterministic for the same scores and seed, in any
    /// order. This is the background job: a few seconds for 10,000 submissions × 3 reviews.
    /// </summary>
    public static ReviewerModelFit Fit(AssignmentScores scores, ReviewerModelOptions? options = null)
    {
        options ??= ReviewerModelOptions.Default;
        if (options.SampleSweeps < 1 || options.BurnInSweeps < 0) throw new ArgumentOutOfRangeException(nameof(options));
        var data = ModelData.From(scores);
        var sampler = new GibbsSampler(data, options.Seed);
        sampler.Run(options.BurnInSweeps, options.SampleSweeps);
        var parameters = new ReviewerModelParameters(
            scores.Criteria,
            sampler.Population(),
            sampler.Reviewers().ToDictionary(r => r.ReviewerId, StringComparer.Ordinal),
            GradeSpread.None(scores.Criteria.Count));
        return GradeAll(scores, parameters, options);
    }

    /// <summary>Grades every submission with the fitted parameters; peer-graded ones widened by the matching spread.</summary>
    private static ReviewerModelFit GradeAll(AssignmentScores scores, ReviewerModelParameters parameters, ReviewerModelOptions options)
    {
        var staff = scores.StaffScores.GroupBy(s => s.SubmissionId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
        var byId = scores.PeerScores.GroupBy(p => p.SubmissionId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<PeerScore>)g.ToList(), StringComparer.Ordinal);
        var posteriors = byId.Keys.Concat(staff.Keys).Distinct().Order(StringComparer.Ordinal)
            .Select(id => (Id: id, Posterior: parameters.Posterior(id, byId.GetValueOrDefault(id) ?? [])))
            .ToList();
        var peerOnly = posteriors.Where(p => !staff.ContainsKey(p.Id) && byId.ContainsKey(p.Id)).Select(p => p.Posterior).ToList();
        parameters = parameters with { Spread = GradeSpread.Matching(peerOnly, scores.Criteria.Count, options.SpreadStrength) };
        var grades = posteriors.Select(p => parameters.ToGrade(p.Id, p.Posterior, staff.GetValueOrDefault(p.Id))).ToList();
        return new ReviewerModelFit(parameters, grades);
    }
}

/// <summary>A fitted assignment: the parameters (for grading new submissions at once) and every submission's grade.</summary>
public sealed record ReviewerModelFit(ReviewerModelParameters Parameters, IReadOnlyList<GradeEstimate> Grades)
{
    public IEnumerable<ReviewerEstimate> Reviewers => Parameters.Reviewers.Values;

    public GradeEstimate GradeOf(string submissionId) =>
        Grades.FirstOrDefault(g => g.SubmissionId == submissionId) ?? throw new KeyNotFoundException(submissionId);
}

/// <summary>What the model learned about the assignment as a whole, on each criterion's [0, 1] scale.</summary>
/// <param name="CriterionMean">Mean quality per criterion (μ).</param>
/// <param name="CriterionSd">Spread of quality per criterion around the submission's level (τc).</param>
/// <param name="SubmissionSd">Spread of the per-submission effect shared by its criteria (τu).</param>
/// <param name="NoiseSd">Typical reviewer noise: what a reviewer the model has not seen is assumed to have.</param>
public sealed record PopulationEstimate(
    IReadOnlyList<double> CriterionMean,
    IReadOnlyList<double> CriterionSd,
    double SubmissionSd,
    double BiasMean,
    double BiasSd,
    double SlopeMean,
    double SlopeSd,
    double NoiseSd);
