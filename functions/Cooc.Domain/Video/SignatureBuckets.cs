namespace Cooc.Video;

/// <summary>
/// Expiries of signed URLs rounded into time buckets: everyone asking within the same bucket gets the same expiry, so
/// the same URL, which a CDN can cache. Buckets are counted from the Unix epoch, in UTC.
/// </summary>
public static class SignatureBuckets
{
    /// <summary>The start of the bucket that holds now.</summary>
    public static DateTimeOffset BucketStart(DateTimeOffset now, TimeSpan bucket)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bucket, TimeSpan.FromSeconds(1));
        var sinceEpoch = now.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        return DateTimeOffset.UnixEpoch.AddTicks(sinceEpoch - Modulo(sinceEpoch, bucket.Ticks));
    }

    /// <summary>
    /// The end of now's bucket plus minimumValidity: the same for the whole bucket, and always at least minimumValidity
    /// (at most bucket + minimumValidity) after now.
    /// </summary>
    public static DateTimeOffset ExpiryFor(DateTimeOffset now, TimeSpan bucket, TimeSpan minimumValidity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minimumValidity, TimeSpan.Zero);
        return BucketStart(now, bucket) + bucket + minimumValidity;
    }

    private static long Modulo(long value, long divisor) => ((value % divisor) + divisor) % divisor;
}
