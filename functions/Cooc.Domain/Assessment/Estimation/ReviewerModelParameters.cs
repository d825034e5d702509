namespace Cooc.Assessment.Estimation;

/// <summary>
/// Fitted reviewer parameters of one assignment: enough to grade a newly gradeable submission at once, without
/// refitting (the provisional grade). A reviewer the fit has not seen is taken as a typical one of the population.
/// </summary>
public sealed record ReviewerModelParameters(
    IReadOnlyList<CriterionScale> Criteria,
    PopulationEstimate Population,
    IReadOnlyDictionary<string, ReviewerEstimate> Reviewers,
    GradeSpread Spread)
{
    /// <summary>Parameters before any fit: faithful, unbiased reviewers of typical noise, qualities spread over the scale.</summary>
    public static ReviewerModelParameters Prior(IReadOnlyList<CriterionScale> criteria) => new(
        criteria,
        new PopulationEstimate(criteria.Select(_ => 0.6).ToArray(), criteria.Select(_ => 0.15).ToArray(), 0.15, 0, 0.1, 1, 0.2, 0.15),
        new Dictionary<string, ReviewerEstimate>(StringComparer.Ordinal),
        GradeSpread.None(criteria.Count));

    private Integrator? integrator;

    /// <summary>
    /// Grades one submission from its peer scores with these parameters fixed (deterministic numerical integration,
    /// about a tenth of a millisecond). Where staff scored a criterion, the grade there is the staff's.
    /// </summary>
    public GradeEstimate Grade(string submissionId, IReadOnlyList<PeerScore> scores, StaffScore? staff = null) =>
        ToGrade(submissionId, Posterior(submissionId, scores), staff);

    internal SubmissionPosterior.Result Posterior(string submissionId, IReadOnlyList<PeerScore> scores)
    {
        var (levels, quadrature) = Quadrature();
        var observations = new List<SubmissionPosterior.Observation>[levels.Length];
        for (var c = 0; c < levels.Length; c++) observations[c] = [];
        // In reviewer order, so the same scores in any order sum to the same bits.
        foreach (var score in scores.OrderBy(p => p.ReviewerId, StringComparer.Ordinal))
        {
            ModelData.CheckShape(score.Options, levels, $"score of {submissionId} by {score.ReviewerId}");
            var (bias, slope, noise) = ReviewerOrTypical(score.ReviewerId);
            for (var c = 0; c < levels.Length; c++)
            {
                if (score.Options[c] == PeerScore.NotScored) continue;
                var (low, high) = levels[c].Interval(score.Options[c]);
                observations[c].Add(new SubmissionPosterior.Observation(low, high, bias, slope, noise));
            }
        }
        return quadrature.Integrate(observations);
    }

    /// <summary>Points per criterion: staff's where given, else the widened posterior mean.</summary>
    internal GradeEstimate ToGrade(string submissionId, SubmissionPosterior.Result posterior, StaffScore? staff)
    {
        var (levels, _) = Quadrature();
        if (staff is not null) ModelData.CheckShape(staff, levels);
        var points = levels.Select((l, c) => staff?.Points[c] is { } given
            ? l.ToPoints(l.FromPoints(given))
            : l.ToPoints(Spread.Apply(c, posterior.Means[c]))).ToArray();
        var fullyStaff = staff is not null && staff.Points.All(p => p is not null);
        return new GradeEstimate(submissionId, points, points.Sum(), fullyStaff ? 0 : posterior.TotalSd, staff is not null);
    }

    /// <summary>The quadrature for these criteria and this population, built once and kept.</summary>
    private (CriterionLevels[] Levels, SubmissionPosterior Quadrature) Quadrature()
    {
        var current = integrator;
        if (current is null || !ReferenceEquals(current.Population, Population) || !ReferenceEquals(current.Criteria, Criteria))
        {
            var levels = Criteria.Select(CriterionLevels.From).ToArray();
            integrator = current = new Integrator(Criteria, Population, levels, new SubmissionPosterior(levels, Population));
        }
        return (current.Levels, current.Quadrature);
    }

    private sealed record Integrator(IReadOnlyList<CriterionScale> Criteria, PopulationEstimate Population, CriterionLevels[] Levels, SubmissionPosterior Quadrature);

    private (double Bias, double Slope, double Noise) ReviewerOrTypical(string reviewerId)
    {
        if (Reviewers.TryGetValue(reviewerId, out var known)) return (known.Bias, known.Slope, known.NoiseSd);
        var p = Population;
        return (p.BiasMean, p.SlopeMean, Math.Sqrt(p.NoiseSd * p.NoiseSd + p.BiasSd * p.BiasSd));
    }
}

/// <summary>
/// Constrained Bayes (Louis 1984, Ghosh 1992): posterior means are pulled towards the class average, more so the less
/// the reviews say, so their spread is narrower than the true grades'. Per criterion, grades are widened around
/// Center by Factor = (1 + mean posterior variance / variance of the posterior means)^(strength/2); strength 1 restores
/// the expected spread of the true grades, so the best stay at the top instead of drifting to the middle.
/// </summary>
public sealed record GradeSpread(IReadOnlyList<double> Center, IReadOnlyList<double> Factor)
{
    public static GradeSpread None(int criteria) => new(new double[criteria], Enumerable.Repeat(1.0, criteria).ToArray());

    /// <summary>The widening that matches the spread, from the posteriors of an assignment's peer-graded submissions.</summary>
    internal static GradeSpread Matching(IReadOnlyList<SubmissionPosterior.Result> posteriors, int criteria, double strength)
    {
        if (posteriors.Count < 2) return None(criteria);
        var center = new double[criteria];
        var factor = new double[criteria];
        for (var c = 0; c < criteria; c++)
        {
            var means = posteriors.Select(p => p.Means[c]).ToArray();
            center[c] = means.Average();
            var spread = means.Average(m => (m - center[c]) * (m - center[c]));
            var uncertainty = posteriors.Average(p => p.Variances[c]);
            factor[c] = spread > 1e-12 ? Math.Pow(1 + uncertainty / spread, strength / 2) : 1;
        }
        return new GradeSpread(center, factor);
    }

    /// <summary>The widened grade of a criterion on [0, 1], within the option bounds.</summary>
    public double Apply(int criterion, double mean) => Math.Clamp(Center[criterion] + Factor[criterion] * (mean - Center[criterion]), 0, 1);
}
