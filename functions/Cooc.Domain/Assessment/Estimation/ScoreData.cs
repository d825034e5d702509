namespace Cooc.Assessment.Estimation;

/// <summary>One rubric criterion as the estimator sees it: the points of its options, in the rubric's order.</summary>
public sealed record CriterionScale(IReadOnlyList<double> OptionPoints)
{
    public double Min => OptionPoints.Min();
    public double Max => OptionPoints.Max();
    public double Range => Max - Min;
}

/// <summary>
/// A peer's review of one submission: the index of the option chosen for each criterion (rubric order), or
/// <see cref="NotScored"/> for a criterion the review left out.
/// </summary>
public sealed record PeerScore(string SubmissionId, string ReviewerId, IReadOnlyList<int> Options)
{
    public const int NotScored = -1;
}

/// <summary>
/// Staff's points for one submission per criterion (null: not scored): a staff-graded submission, or a calibration
/// example that peers also scored. Either way it anchors the model: its quality is known, so peers' scores of it
/// reveal their bias and slope.
/// </summary>
public sealed record StaffScore(string SubmissionId, IReadOnlyList<double?> Points)
{
    /// <summary>A staff score from option indexes of the criteria.</summary>
    public static StaffScore FromOptions(string submissionId, IReadOnlyList<CriterionScale> criteria, IReadOnlyList<int> options) =>
        new(submissionId, options.Select((o, c) => (double?)criteria[c].OptionPoints[o]).ToArray());
}

/// <summary>Everything the estimator learns from for one assignment.</summary>
public sealed record AssignmentScores(
    IReadOnlyList<CriterionScale> Criteria,
    IReadOnlyList<PeerScore> PeerScores,
    IReadOnlyList<StaffScore> StaffScores)
{
    public static AssignmentScores PeersOnly(IReadOnlyList<CriterionScale> criteria, IReadOnlyList<PeerScore> peerScores) =>
        new(criteria, peerScores, []);

    /// <summary>The same scores without staff anchors (what the model learns from peers alone).</summary>
    public AssignmentScores WithoutAnchors() => this with { StaffScores = [] };
}

/// <summary>
/// How long to sample and from which seed (the defaults fit 10,000 submissions × 3 reviews in seconds), and how far
/// grades are widened against shrinkage (<see cref="GradeSpread"/>): 0 keeps posterior means, 1 matches the expected
/// spread of true grades fully (the default: with it the top decile is no more shrunk than the median's on the
/// simulation's equally reliable reviewers; 0.5 left 0.17 points more shrinkage there for 5 % less error).
/// </summary>
public sealed record ReviewerModelOptions(ulong Seed = 1, int BurnInSweeps = 150, int SampleSweeps = 150, double SpreadStrength = 1)
{
    public static ReviewerModelOptions Default { get; } = new();
}

/// <summary>What the model learned about one reviewer, in units of a criterion's range (0 = lowest option, 1 = highest).</summary>
/// <param name="Bias">Shift of this reviewer's grades at an average submission: +0.1 is a tenth of the range too generous.</param>
/// <param name="Slope">How the reviewer's grades follow quality: 1 is faithful, near 0 careless or always-the-average.</param>
/// <param name="NoiseSd">Spread of the reviewer's grades around their own trend (lower is more reliable).</param>
/// <param name="ReviewQuality">
/// Share of the variance of this reviewer's grades explained by true quality, 0 to 1: what instructors see.
/// </param>
public sealed record ReviewerEstimate(string ReviewerId, int Scores, double Bias, double Slope, double NoiseSd, double ReviewQuality);

/// <summary>An estimated grade: points per criterion (within the criterion's option bounds) and their total.</summary>
/// <param name="StandardError">Posterior standard deviation of the total, in points.</param>
/// <param name="Anchored">True when staff scored the submission: the grade is the staff's where staff scored it.</param>
public sealed record GradeEstimate(string SubmissionId, IReadOnlyList<double> CriterionPoints, double Points, double StandardError, bool Anchored);
