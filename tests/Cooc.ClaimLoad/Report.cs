namespace Cooc.ClaimLoad;

/// <summary>Prints the latency percentiles (nearest rank) and rates of a run.</summary>
internal static class Report
{
    public static void Print(RunResults results, double seconds, Options options, string[] loadBefore, string[] loadAfter)
    {
        var claims = results.NewClaims.Concat(results.RepeatedClaims).ToList();
        Console.WriteLine();
        Console.WriteLine($"Machine: {Environment.ProcessorCount} cores; load average (1/5/15 min) before {string.Join(' ', loadBefore)}, after {string.Join(' ', loadAfter)}");
        Console.WriteLine($"{options.Submissions} submissions, {options.Clients} clients, {seconds:F1} s measured; load generator on the same machine");
        Console.WriteLine($"{"requests",-28} {"count",8} {"per s",8} {"p50 ms",8} {"p90 ms",8} {"p99 ms",8} {"max ms",8}");
        Row("claims (all)", claims, seconds);
        Row("  claims: new lease", results.NewClaims, seconds);
        Row("  claims: open lease again", results.RepeatedClaims, seconds);
        Row("reviews submitted", results.Reviews, seconds);
        Console.WriteLine($"nothing waiting: {results.NothingWaiting}; extra reviews (nothing short): {results.ExtraReviews}");
        var p99 = Percentile(claims.Select(s => s.Milliseconds).Order().ToArray(), 0.99);
        Console.WriteLine($"RESULT claims={claims.Count} rate={claims.Count / seconds:F0} p99_ms={p99:F2} target_p99_ms=20 {(p99 < 20 ? "met" : "NOT met")}");
    }

    /// <summary>
    /// Every measured claim in the order sent: when (ms since the run began), how long it took, new or repeated; the
    /// first line, a comment, says when the run began (Unix ms), to line them up with the server's own traces.
    /// </summary>
    public static void WriteSamples(RunResults results, DateTimeOffset startedAt, string path)
    {
        var rows = results.NewClaims.Select(s => (s, "new")).Concat(results.RepeatedClaims.Select(s => (s, "repeated"))).OrderBy(r => r.s.SentAtMs);
        File.WriteAllLines(path, rows.Select(r => FormattableString.Invariant($"{r.s.SentAtMs:F3},{r.s.Milliseconds:F3},{r.Item2}"))
            .Prepend($"# run began at {startedAt.ToUnixTimeMilliseconds()} (Unix ms)"));
    }

    private static void Row(string name, List<Sample> samples, double seconds)
    {
        if (samples.Count == 0)
        {
            Console.WriteLine($"{name,-28} {0,8}");
            return;
        }
        var sorted = samples.Select(s => s.Milliseconds).Order().ToArray();
        Console.WriteLine($"{name,-28} {sorted.Length,8} {sorted.Length / seconds,8:F0} {Percentile(sorted, 0.5),8:F2} {Percentile(sorted, 0.9),8:F2} "
            + $"{Percentile(sorted, 0.99),8:F2} {sorted[^1],8:F2}");
    }

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    public static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
