namespace Cooc.Assessment.Estimation;

/// <summary>
/// The scores of one assignment as flat arrays for the sampler. Every criterion is rescaled to [0, 1] (lowest option 0,
/// highest 1); a chosen option becomes the interval of latent grades that round to it (midway to each neighbour,
/// open at the ends). Ids are sorted ordinally, so the same scores in any order give the same arrays.
/// </summary>
internal sealed class ModelData
{
    public required int Criteria { get; init; }
    public required double[] CriterionMin { get; init; }
    public required double[] CriterionRange { get; init; }
    public required string[] SubmissionIds { get; init; }
    public required string[] ReviewerIds { get; init; }

    // One row per (score, criterion): which cell and reviewer, and the latent interval of the chosen option.
    public required int[] ObservationCell { get; init; }
    public required int[] ObservationReviewer { get; init; }
    public required double[] ObservationLow { get; init; }
    public required double[] ObservationHigh { get; init; }

    /// <summary>Observations of cell (submission × Criteria + criterion), CSR: CellObservations[CellStart[k]..CellStart[k+1]].</summary>
    public required int[] CellStart { get; init; }
    public required int[] CellObservations { get; init; }
    public required int[] ReviewerStart { get; init; }
    public required int[] ReviewerObservations { get; init; }

    /// <summary>Staff's value of each cell on the [0, 1] scale, NaN where staff did not score it.</summary>
    public required double[] AnchorValue { get; init; }
    public required bool[] IsAnchoredCell { get; init; }
    public required int[] ScoresPerReviewer { get; init; }

    public int Submissions => SubmissionIds.Length;
    public int Reviewers => ReviewerIds.Length;
    public int Observations => ObservationCell.Length;
    public bool HasAnchors => IsAnchoredCell.Any(a => a);

    public static ModelData From(AssignmentScores scores)
    {
        var scales = scores.Criteria.Select(CriterionLevels.From).ToArray();
        var criteria = scales.Length;
        var submissionIds = scores.PeerScores.Select(p => p.SubmissionId).Concat(scores.StaffScores.Select(s => s.SubmissionId))
            .Distinct().Order(StringComparer.Ordinal).ToArray();
        var reviewerIds = scores.PeerScores.Select(p => p.ReviewerId).Distinct().Order(StringComparer.Ordinal).ToArray();
        var submissionIndex = Index(submissionIds);
        var reviewerIndex = Index(reviewerIds);

        var ordered = scores.PeerScores
            .OrderBy(p => p.SubmissionId, StringComparer.Ordinal).ThenBy(p => p.ReviewerId, StringComparer.Ordinal)
            .ToArray();
        var count = ordered.Sum(p => p.Options.Count(o => o != PeerScore.NotScored));
        var cell = new int[count];
        var reviewer = new int[count];
        var low = new double[count];
        var high = new double[count];
        var scoresPerReviewer = new int[reviewerIds.Length];
        var n = 0;
        foreach (var score in ordered)
        {
            CheckShape(score.Options, scales, $"score of {score.SubmissionId} by {score.ReviewerId}");
            var s = submissionIndex[score.SubmissionId];
            var r = reviewerIndex[score.ReviewerId];
            scoresPerReviewer[r]++;
            for (var c = 0; c < criteria; c++)
            {
                if (score.Options[c] == PeerScore.NotScored) continue;
                cell[n] = s * criteria + c;
                reviewer[n] = r;
                (low[n], high[n]) = scales[c].Interval(score.Options[c]);
                n++;
            }
        }

        var anchorValue = new double[submissionIds.Length * criteria];
        Array.Fill(anchorValue, double.NaN);
        var isAnchored = new bool[anchorValue.Length];
        foreach (var staff in scores.StaffScores)
        {
            CheckShape(staff, scales);
            var s = submissionIndex[staff.SubmissionId];
            for (var c = 0; c < criteria; c++)
            {
                if (staff.Points[c] is not { } points) continue;
                isAnchored[s * criteria + c] = true;
                anchorValue[s * criteria + c] = scales[c].FromPoints(points);
            }
        }

        var (cellStart, cellObservations) = Group(cell, submissionIds.Length * criteria);
        var (reviewerStart, reviewerObservations) = Group(reviewer, reviewerIds.Length);
        return new ModelData
        {
            Criteria = criteria,
            CriterionMin = scales.Select(l => l.Min).ToArray(),
            CriterionRange = scales.Select(l => l.Range).ToArray(),
            SubmissionIds = submissionIds,
            ReviewerIds = reviewerIds,
            ObservationCell = cell,
            ObservationReviewer = reviewer,
            ObservationLow = low,
            ObservationHigh = high,
            CellStart = cellStart,
            CellObservations = cellObservations,
            ReviewerStart = reviewerStart,
            ReviewerObservations = reviewerObservations,
            AnchorValue = anchorValue,
            IsAnchoredCell = isAnchored,
            ScoresPerReviewer = scoresPerReviewer,
        };
    }

    internal static void CheckShape(IReadOnlyList<int> options, CriterionLevels[] scales, string what)
    {
        if (options.Count != scales.Length)
            throw new ArgumentException($"The {what} has {options.Count} options for {scales.Length} criteria.");
        for (var c = 0; c < scales.Length; c++)
        {
            if (options[c] != PeerScore.NotScored && (options[c] < 0 || options[c] >= scales[c].OptionCount))
                throw new ArgumentOutOfRangeException(nameof(options), $"The {what} chose option {options[c]} of criterion {c}, which has {scales[c].OptionCount}.");
        }
    }

    internal static void CheckShape(StaffScore staff, CriterionLevels[] scales)
    {
        if (staff.Points.Count != scales.Length)
            throw new ArgumentException($"The staff score of {staff.SubmissionId} has {staff.Points.Count} values for {scales.Length} criteria.");
        if (staff.Points.Any(p => p is { } v && !double.IsFinite(v)))
            throw new ArgumentException($"The staff score of {staff.SubmissionId} has a value that is not a number.");
    }

    private static Dictionary<string, int> Index(string[] ids) =>
        ids.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i, StringComparer.Ordinal);

    /// <summary>Groups row numbers by key (counting sort), keeping row order within a key.</summary>
    private static (int[] Start, int[] Rows) Group(int[] keys, int keyCount)
    {
        var start = new int[keyCount + 1];
        foreach (var k in keys) start[k + 1]++;
        for (var k = 0; k < keyCount; k++) start[k + 1] += start[k];
        var next = (int[])start.Clone();
        var rows = new int[keys.Length];
        for (var i = 0; i < keys.Length; i++) rows[next[keys[i]]++] = i;
        return (start, rows);
    }
}
