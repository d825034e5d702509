using Cooc.Video;

namespace Cooc.Domain.Tests.Video;

public sealed class SignatureBucketsTests
{
    private static readonly TimeSpan Bucket = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan Minimum = TimeSpan.FromMinutes(5);
    private static readonly DateTimeOffset BucketStart = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Everyone_within_a_bucket_gets_the_same_expiry()
    {
        var expiries = new[] { TimeSpan.Zero, TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(10) - TimeSpan.FromTicks(1) }
            .Select(offset => SignatureBuckets.ExpiryFor(BucketStart + offset, Bucket, Minimum))
            .Distinct().ToList();
        Assert.Equal([BucketStart.AddMinutes(15)], expiries);
    }

    [Fact]
    public void The_next_bucket_starts_exactly_on_the_boundary()
    {
        Assert.Equal(BucketStart.AddMinutes(25), SignatureBuckets.ExpiryFor(BucketStart.AddMinutes(10), Bucket, Minimum));
        Assert.Equal(BucketStart.AddMinutes(10), SignatureBuckets.BucketStart(BucketStart.AddMinutes(19).AddSeconds(59), Bucket));
    }

    [Fact]
    public void The_expiry_is_always_at_least_the_minimum_validity_ahead()
    {
        for (var second = 0; second < 1200; second += 7)
        {
            var now = BucketStart.AddSeconds(second);
            var validity = SignatureBuckets.ExpiryFor(now, Bucket, Minimum) - now;
            Assert.InRange(validity, Minimum + TimeSpan.FromTicks(1), Minimum + Bucket);
        }
    }

    [Fact]
    public void Buckets_are_counted_in_utc_whatever_the_offset()
    {
        var sameInstantInParis = BucketStart.AddMinutes(3).ToOffset(TimeSpan.FromHours(1));
        Assert.Equal(BucketStart.AddMinutes(15), SignatureBuckets.ExpiryFor(sameInstantInParis, Bucket, Minimum));
        Assert.Equal(TimeSpan.Zero, SignatureBuckets.ExpiryFor(sameInstantInParis, Bucket, Minimum).Offset);
    }

    [Fact]
    public void Buckets_shorter_than_a_second_and_negative_validity_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SignatureBuckets.ExpiryFor(BucketStart, TimeSpan.Zero, Minimum));
        Assert.Throws<ArgumentOutOfRangeException>(() => SignatureBuckets.ExpiryFor(BucketStart, Bucket, TimeSpan.FromSeconds(-1)));
    }
}
