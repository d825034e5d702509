using Cooc.Video;

namespace Cooc.Domain.Tests.Video;

public sealed class SegmentAlignmentTests
{
    /// <summary>Keyframes every interval seconds from 0 to the duration.</summary>
    private static double[] Every(double interval, double duration) =>
        Enumerable.Range(0, (int)Math.Floor(duration / interval) + 1).Select(i => Math.Round(i * interval, 6)).ToArray();

    [Theory]
    [InlineData(2, 25, 13, true)]
    [InlineData(1, 30, 600, true)]
    [InlineData(3, 25, 600, true)]
    [InlineData(6, 25, 600, true)]
    [InlineData(10, 25, 13, false)] // x264's default of 250 frames at 25 fps: the cut after 6 s would come at 10 s
    [InlineData(4, 25, 600, false)]
    [InlineData(5, 30, 600, false)]
    [InlineData(12, 25, 600, false)]
    public void Keyframes_at_regular_intervals_align_only_when_every_six_seconds_is_one(double interval, double fps, double duration, bool aligned) =>
        Assert.Equal(aligned, SegmentAlignment.KeyframesOnBoundaries(Every(interval, duration), fps, duration));

    [Fact]
    public void A_video_shorter_than_one_segment_needs_only_its_first_keyframe() =>
        Assert.True(SegmentAlignment.KeyframesOnBoundaries([0], 25, 5.5));

    [Fact]
    public void A_keyframe_less_than_a_frame_after_the_boundary_is_the_first_frame_there()
    {
        // 29.97 fps: the first frame at or after 6 s is frame 180, at 6.006 s; ffmpeg forces the encoded rungs' keyframe there too.
        Assert.True(SegmentAlignment.KeyframesOnBoundaries([0, 6.006, 12.012], 30000 / 1001.0, 13));
        // A keyframe every 180 frames drifts: at 36 s the first frame is 1079 (36.003 s) but the keyframe is frame 1080 (36.036 s).
        var drifting = Enumerable.Range(0, 12).Select(i => Math.Round(i * 180 * 1001 / 30000.0, 6)).ToArray();
        Assert.False(SegmentAlignment.KeyframesOnBoundaries(drifting, 30000 / 1001.0, 66));
    }

    [Fact]
    public void A_missing_keyframe_in_the_middle_breaks_alignment()
    {
        var keyframes = Every(2, 60).Where(t => t != 36).ToArray();
        Assert.False(SegmentAlignment.KeyframesOnBoundaries(keyframes, 25, 60));
    }

    [Fact]
    public void No_keyframes_is_not_aligned() => Assert.False(SegmentAlignment.KeyframesOnBoundaries([], 25, 10));
}
