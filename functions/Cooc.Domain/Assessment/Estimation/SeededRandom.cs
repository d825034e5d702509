namespace Cooc.Assessment.Estimation;

/// <summary>
/// A small, fast pseudo-random generator (xoshiro256**, seeded through SplitMix64) whose sequence depends only on
/// the seed, so a fit or a simulation repeats exactly on any runtime. Not for anything secret.
/// </summary>
public sealed class SeededRandom
{
    private ulong s0, s1, s2, s3;
    private double spareNormal;
    private bool hasSpare;

    public SeededRandom(ulong seed)
    {
        var x = seed;
        s0 = SplitMix(ref x); s1 = SplitMix(ref x); s2 = SplitMix(ref x); s3 = SplitMix(ref x);
    }

    /// <summary>A generator for one named stream of the same seed (e.g. one submission), independent of the others.</summary>
    public static SeededRandom ForStream(ulong seed, string stream)
    {
        ulong hash = 14695981039346656037UL; // FNV-1a: stable, unlike string.GetHashCode
        foreach (var ch in stream) { hash ^= ch; hash *= 1099511628211UL; }
        return new SeededRandom(seed ^ hash);
    }

    public ulong NextULong()
    {
        var result = RotateLeft(s1 * 5, 7) * 9;
        var t = s1 << 17;
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = RotateLeft(s3, 45);
        return result;
    }

    /// <summary>Uniform in (0, 1): never exactly 0 or 1, so logs and inverse CDFs are safe.</summary>
    public double NextUniform() => ((NextULong() >> 11) + 0.5) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, count).</summary>
    public int NextInt(int count) => (int)((NextULong() >> 33) % (ulong)count);

    public bool NextBool(double probability) => NextUniform() < probability;

    /// <summary>Standard normal (Marsaglia's polar method).</summary>
    public double NextNormal()
    {
        if (hasSpare) { hasSpare = false; return spareNormal; }
        double u, v, s;
        do
        {
            u = 2 * NextUniform() - 1;
            v = 2 * NextUniform() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        var factor = Math.Sqrt(-2 * Math.Log(s) / s);
        spareNormal = v * factor;
        hasSpare = true;
        return u * factor;
    }

    public double NextNormal(double mean, double sd) => mean + sd * NextNormal();

    /// <summary>Gamma with the given shape and rate (Marsaglia and Tsang).</summary>
    public double NextGamma(double shape, double rate)
    {
        if (shape < 1) return NextGamma(shape + 1, rate) * Math.Pow(NextUniform(), 1 / shape);
        var d = shape - 1.0 / 3;
        var c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double x, v;
            do { x = NextNormal(); v = 1 + c * x; } while (v <= 0);
            v = v * v * v;
            var u = NextUniform();
            if (Math.Log(u) < 0.5 * x * x + d - d * v + d * Math.Log(v)) return d * v / rate;
        }
    }

    /// <summary>Exponential with the given rate.</summary>
    public double NextExponential(double rate) => -Math.Log(NextUniform()) / rate;

    private static ulong SplitMix(ref ulong x)
    {
        var z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));
}
