namespace Cooc.Video;

/// <summary>
/// Whether a stream-copied rendition would be cut where the encoded ones are. ffmpeg's HLS muxer cuts a segment at the
/// first keyframe at or after each multiple of <see cref="RenditionLadder.SegmentSeconds"/>; the encoded rungs force a
/// keyframe on the first frame at or after each multiple. A copied stream has only the source's keyframes, so its cuts
/// match only when, at every boundary inside the video, the source's first keyframe at or after it is that first frame
/// (less than one frame late). Sources with a keyframe every 1, 2, 3 or 6 s at a whole frame rate pass; every 4, 5 or
/// 10 s (x264's default is 250 frames) do not, and their top rung is then encoded too.
/// </summary>
public static class SegmentAlignment
{
    /// <summary>How far printed timestamps may be off (ffprobe prints microseconds).</summary>
    private const double Rounding = 1e-4;

    /// <param name="keyframeTimes">The presentation times of the video's keyframes in seconds, from its first frame.</param>
    /// <param name="frameRate">Frames per second (30 when unknown).</param>
    /// <param name="durationSeconds">The video's duration.</param>
    public static bool KeyframesOnBoundaries(IReadOnlyList<double> keyframeTimes, double? frameRate, double durationSeconds)
    {
        if (keyframeTimes.Count == 0) return false;
        var frame = 1 / (frameRate is > 0 and <= 240 and var f ? f : RenditionLadder.DefaultFrameRate);
        var sorted = keyframeTimes.Order().ToArray();
        for (var boundary = (double)RenditionLadder.SegmentSeconds; boundary < durationSeconds - frame; boundary += RenditionLadder.SegmentSeconds)
        {
            var at = Array.FindIndex(sorted, t => t >= boundary - Rounding);
            if (at < 0 || sorted[at] >= boundary + frame - Rounding) return false;
        }
        return true;
    }
}
