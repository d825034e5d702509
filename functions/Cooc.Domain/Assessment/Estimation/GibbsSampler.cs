namespace Cooc.Assessment.Estimation;

/// <summary>
/// Gibbs sampler of the reviewer model over one assignment (all quantities on each criterion's [0, 1] scale):
/// <code>
///   u_s ~ N(0, τu²)                      per-submission effect (criteria of one submission move together)
///   q_sc ~ N(μ_c + u_s, τc²)             latent quality; fixed to staff's value on anchored submissions
///   z_rsc ~ N(μ_c + b_r + a_r (q_sc − μ_c), σ_r²)   reviewer r's latent grade: bias b, slope a, noise σ
///   option chosen ⇔ z_rsc in the option's interval  (interval-censored observation)
///   b_r ~ N(β, sb²), a_r ~ N(α, sa²), 1/σ_r² ~ Gamma(k, θ)   priors learned over the whole assignment
/// </code>
/// β = 0 and α = 1 (the crowd is right on average) unless staff anchors let the model learn them.
/// </summary>
internal sealed partial class GibbsSampler
{
    private readonly ModelData data;
    private readonly SeededRandom random;
    private readonly bool learnPopulationMeans;

    // State.
    private readonly double[] z;          // per observation
    private readonly double[] q;          // per cell (submission × criteria + criterion)
    private readonly double[] u;          // per submission
    private readonly double[] bias, slope, precision; // per reviewer
    private readonly double[] mu, tauC2;  // per criterion
    private double tauU2, biasMean, slopeMean = 1, biasVar = 0.01, slopeVar = 0.05, precisionRate = 2 * 0.15 * 0.15;

    // Sums over the kept sweeps.
    private readonly double[] biasSum, slopeSum, noiseSum, qualitySum;
    private readonly double[] muSum, tauC2Sum;
    private double tauU2Sum, biasMeanSum, slopeMeanSum, biasVarSum, slopeVarSum, noiseVarSum;
    private int kept;

    public GibbsSampler(ModelData data, ulong seed)
    {
        this.data = data;
        random = new SeededRandom(seed);
        learnPopulationMeans = data.HasAnchors;
        var cells = data.Submissions * data.Criteria;
        z = new double[data.Observations];
        q = new double[cells];
        u = new double[data.Submissions];
        bias = new double[data.Reviewers];
        slope = new double[data.Reviewers];
        precision = new double[data.Reviewers];
        mu = new double[data.Criteria];
        tauC2 = new double[data.Criteria];
        stats = new ReviewerStats[data.Reviewers];
        biasSum = new double[data.Reviewers];
        slopeSum = new double[data.Reviewers];
        noiseSum = new double[data.Reviewers];
        qualitySum = new double[data.Reviewers];
        muSum = new double[data.Criteria];
        tauC2Sum = new double[data.Criteria];
        Initialize();
    }

    public void Run(int burnIn, int samples)
    {
        for (var sweep = 0; sweep < burnIn + samples; sweep++)
        {
            SampleLatentGrades();
            SampleSubmissions();
            SampleReviewers();
            SampleCriteria();
            SamplePopulation();
            if (sweep >= burnIn) Keep();
        }
    }

    /// <summary>Starts from the plain average of the chosen options and faithful reviewers.</summary>
    private void Initialize()
    {
        var C = data.Criteria;
        for (var k = 0; k < q.Length; k++)
        {
            double sum = 0;
            var n = 0;
            for (var j = data.CellStart[k]; j < data.CellStart[k + 1]; j++)
            {
                var i = data.CellObservations[j];
                z[i] = Midpoint(data.ObservationLow[i], data.ObservationHigh[i]);
                sum += z[i];
                n++;
            }
            q[k] = data.IsAnchoredCell[k] ? data.AnchorValue[k] : n > 0 ? sum / n : double.NaN;
        }
        for (var c = 0; c < C; c++)
        {
            var values = Enumerable.Range(0, data.Submissions).Select(s => q[s * C + c]).Where(double.IsFinite).ToArray();
            mu[c] = values.Length > 0 ? values.Average() : 0.5;
            tauC2[c] = 0.02;
        }
        for (var k = 0; k < q.Length; k++) if (!double.IsFinite(q[k])) q[k] = mu[k % C];
        for (var s = 0; s < data.Submissions; s++)
        {
            double sum = 0;
            for (var c = 0; c < C; c++) sum += q[s * C + c] - mu[c];
            u[s] = sum / C;
        }
        tauU2 = 0.02;
        Array.Fill(slope, 1.0);
        Array.Fill(precision, 1 / (0.15 * 0.15));
    }

    private static double Midpoint(double low, double high) =>
        double.IsNegativeInfinity(low) ? high - 0.1 : double.IsPositiveInfinity(high) ? low + 0.1 : 0.5 * (low + high);

    private void Keep()
    {
        kept++;
        var qualityVariance = TrueVariance();
        for (var r = 0; r < data.Reviewers; r++)
        {
            var noiseVar = 1 / precision[r];
            biasSum[r] += bias[r];
            slopeSum[r] += slope[r];
            noiseSum[r] += Math.Sqrt(noiseVar);
            var signal = slope[r] * slope[r] * qualityVariance;
            qualitySum[r] += signal / (signal + noiseVar);
        }
        for (var c = 0; c < data.Criteria; c++) { muSum[c] += mu[c]; tauC2Sum[c] += tauC2[c]; }
        tauU2Sum += tauU2;
        biasMeanSum += biasMean;
        slopeMeanSum += slopeMean;
        biasVarSum += biasVar;
        slopeVarSum += slopeVar;
        noiseVarSum += TypicalNoiseVariance();
    }

    /// <summary>The variance of true quality of one criterion, averaged over criteria.</summary>
    private double TrueVariance() => tauU2 + tauC2.Average();
}
