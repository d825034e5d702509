namespace Cooc.Assessment.Estimation;

/// <summary>The conditional draws of one Gibbs sweep; each is exact given everything else.</summary>
internal sealed partial class GibbsSampler
{
    /// <summary>Each reviewer's latent grade, given its option: a normal truncated to the option's interval.</summary>
    private void SampleLatentGrades()
    {
        var C = data.Criteria;
        for (var i = 0; i < z.Length; i++)
        {
            var k = data.ObservationCell[i];
            var r = data.ObservationReviewer[i];
            var c = k % C;
            var mean = mu[c] + bias[r] + slope[r] * (q[k] - mu[c]);
            z[i] = Gaussian.SampleTruncated(mean, 1 / Math.Sqrt(precision[r]), data.ObservationLow[i], data.ObservationHigh[i], random);
        }
    }

    /// <summary>Per submission, its effect u (with the criteria's qualities integrated out), then each quality given u.</summary>
    private void SampleSubmissions()
    {
        var C = data.Criteria;
        Span<double> likelihoodPrecision = stackalloc double[C];
        Span<double> likelihoodSum = stackalloc double[C];
        for (var s = 0; s < data.Submissions; s++)
        {
            double uPrecision = 1 / tauU2, uSum = 0;
            for (var c = 0; c < C; c++)
            {
                var k = s * C + c;
                if (data.IsAnchoredCell[k])
                {
                    // Known quality: q − μ is a draw of N(u, τc²).
                    uPrecision += 1 / tauC2[c];
                    uSum += (q[k] - mu[c]) / tauC2[c];
                    continue;
                }
                double lp = 0, ls = 0; // the reviewers' grades as a normal likelihood of q: precision lp, lp × mean = ls
                for (var j = data.CellStart[k]; j < data.CellStart[k + 1]; j++)
                {
                    var i = data.CellObservations[j];
                    var r = data.ObservationReviewer[i];
                    var a = slope[r];
                    lp += a * a * precision[r];
                    ls += a * precision[r] * (z[i] - (1 - a) * mu[c] - bias[r]);
                }
                likelihoodPrecision[c] = lp;
                likelihoodSum[c] = ls;
                var shrink = 1 + tauC2[c] * lp;
                uPrecision += lp / shrink;
                uSum += (ls - mu[c] * lp) / shrink;
            }
            u[s] = random.NextNormal(uSum / uPrecision, 1 / Math.Sqrt(uPrecision));
            for (var c = 0; c < C; c++)
            {
                if (data.IsAnchoredCell[s * C + c]) continue;
                var p = 1 / tauC2[c] + likelihoodPrecision[c];
                var m = ((mu[c] + u[s]) / tauC2[c] + likelihoodSum[c]) / p;
                q[s * C + c] = random.NextNormal(m, 1 / Math.Sqrt(p));
            }
        }
    }

    /// <summary>Per reviewer, a Bayesian regression of its latent grades on quality: (bias, slope), then precision.</summary>
    private void SampleReviewers()
    {
        var C = data.Criteria;
        for (var r = 0; r < data.Reviewers; r++)
        {
            double n = 0, sx = 0, sxx = 0, sy = 0, sxy = 0, syy = 0;
            for (var j = data.ReviewerStart[r]; j < data.ReviewerStart[r + 1]; j++)
            {
                var i = data.ReviewerObservations[j];
                var k = data.ObservationCell[i];
                var c = k % C;
                double x = q[k] - mu[c], y = z[i] - mu[c];
                n++; sx += x; sxx += x * x; sy += y; sxy += x * y; syy += y * y;
            }
            stats[r] = new ReviewerStats(n, sx, sxx, sy, sxy, syy);
            var l = precision[r];
            // Posterior precision [[p11, p12], [p12, p22]] and right-hand side of (bias, slope).
            double p11 = 1 / biasVar + l * n, p12 = l * sx, p22 = 1 / slopeVar + l * sxx;
            double h1 = biasMean / biasVar + l * sy, h2 = slopeMean / slopeVar + l * sxy;
            var det = p11 * p22 - p12 * p12;
            double mb = (p22 * h1 - p12 * h2) / det, ma = (p11 * h2 - p12 * h1) / det;
            // Draw with the Cholesky factor L of the precision: x = mean + L^-T e.
            var l11 = Math.Sqrt(p11);
            var l21 = p12 / l11;
            var l22 = Math.Sqrt(Math.Max(p22 - l21 * l21, 1e-12));
            double e1 = random.NextNormal(), e2 = random.NextNormal();
            var da = e2 / l22;
            var db = (e1 - l21 * da) / l11;
            bias[r] = mb + db;
            slope[r] = ma + da;
            SamplePrecision(r);
        }
    }

    private void SamplePrecision(int r)
    {
        var (n, sx, sxx, sy, sxy, syy) = stats[r];
        double b = bias[r], a = slope[r];
        var residual = syy - 2 * b * sy - 2 * a * sxy + b * b * n + 2 * a * b * sx + a * a * sxx;
        precision[r] = Math.Min(random.NextGamma(noiseShape + n / 2, precisionRate + Math.Max(residual, 0) / 2), 1e6);
    }

    /// <summary>Per criterion, its mean μ (from the qualities and from the grades that pivot around it), then τc².</summary>
    private void SampleCriteria()
    {
        var C = data.Criteria;
        Span<double> p = stackalloc double[C];
        Span<double> h = stackalloc double[C];
        for (var s = 0; s < data.Submissions; s++)
        {
            for (var c = 0; c < C; c++) { p[c] += 1 / tauC2[c]; h[c] += (q[s * C + c] - u[s]) / tauC2[c]; }
        }
        for (var i = 0; i < z.Length; i++)
        {
            var k = data.ObservationCell[i];
            var r = data.ObservationReviewer[i];
            var c = k % C;
            var w = 1 - slope[r];
            p[c] += w * w * precision[r];
            h[c] += w * precision[r] * (z[i] - bias[r] - slope[r] * q[k]);
        }
        for (var c = 0; c < C; c++) mu[c] = random.NextNormal(h[c] / p[c], 1 / Math.Sqrt(p[c]));

        Span<double> squares = stackalloc double[C];
        double uSquares = 0;
        for (var s = 0; s < data.Submissions; s++)
        {
            uSquares += u[s] * u[s];
            for (var c = 0; c < C; c++) { var e = q[s * C + c] - mu[c] - u[s]; squares[c] += e * e; }
        }
        for (var c = 0; c < C; c++) tauC2[c] = InverseGamma(1 + data.Submissions / 2.0, 0.005 + squares[c] / 2);
        tauU2 = InverseGamma(1 + data.Submissions / 2.0, 0.005 + uSquares / 2);
    }

    /// <summary>Draw of a mean with prior N(priorMean, priorVar) from n values of variance valueVar summing to sum.</summary>
    private double NormalPosterior(double priorMean, double priorVar, double sum, int n, double valueVar)
    {
        var p = 1 / priorVar + n / valueVar;
        return random.NextNormal((priorMean / priorVar + sum / valueVar) / p, 1 / Math.Sqrt(p));
    }

    private double InverseGamma(double shape, double scale) => 1 / random.NextGamma(shape, scale);
}
