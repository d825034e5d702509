namespace Cooc.Assessment.Estimation;

/// <summary>Posterior means over the kept sweeps, as the public records.</summary>
internal sealed partial class GibbsSampler
{
    public IReadOnlyList<ReviewerEstimate> Reviewers() =>
        Enumerable.Range(0, data.Reviewers).Select(r => new ReviewerEstimate(
            data.ReviewerIds[r], data.ScoresPerReviewer[r], biasSum[r] / kept, slopeSum[r] / kept, noiseSum[r] / kept, qualitySum[r] / kept))
        .ToArray();

    public PopulationEstimate Population() => new(
        muSum.Select(m => m / kept).ToArray(),
        tauC2Sum.Select(t => Math.Sqrt(t / kept)).ToArray(),
        Math.Sqrt(tauU2Sum / kept),
        biasMeanSum / kept,
        Math.Sqrt(biasVarSum / kept),
        slopeMeanSum / kept,
        Math.Sqrt(slopeVarSum / kept),
        Math.Sqrt(noiseVarSum / kept));
}
