using System.Globalization;
using Cooc.Functions.Video.Packaging;
using Cooc.Video;
using static Cooc.Adapters.Tests.Video.PackagedOutputAssertions;

namespace Cooc.Adapters.Tests.Video;

/// <summary>Where segments start and end in time: rungs cut at the same instants, and captions mapped to the first frame.</summary>
[Collection(VideoCollection.Name)]
public sealed class SegmentTimingTests(VideoTestMedia media)
{
    private async Task<(ProbeResult Probe, HlsPackage Package, string Output)> Package(string source)
    {
        var probe = await new Ffprobe(media.Tools).ProbeAsync(source, CancellationToken.None);
        var output = media.NewFolder("timing");
        var package = await new HlsPackager(media.Tools).PackageAsync(source, probe, RenditionLadder.Plan(probe), output, CancellationToken.None);
        return (probe, package, output);
    }

    [Fact]
    public async Task Keyframe_times_are_read_from_the_source()
    {
        var ffprobe = new Ffprobe(media.Tools);
        Assert.Equal([0.0, 10.0], await ffprobe.KeyframeTimesAsync(await media.H264KeyframesEvery10s(), CancellationToken.None));
        Assert.Equal([0.0, 2, 4, 6, 8, 10, 12], await ffprobe.KeyframeTimesAsync(await media.H264With720pAudio(), CancellationToken.None));
    }

    [Fact]
    public async Task A_source_with_keyframes_every_10_s_is_encoded_at_its_top_rung_so_every_rung_is_cut_alike()
    {
        var (probe, package, output) = await Package(await media.H264KeyframesEvery10s());

        Assert.False(probe.KeyframesOnSegmentBoundaries);
        Assert.Equal([("360p", false), ("480p", false)], package.Renditions.Select(r => (r.Folder, r.Plan.Remux)));
        foreach (var rendition in package.Renditions) SixSecondSegments(output, rendition);
        Assert.Single((await Task.WhenAll(package.Renditions.Select(r => SegmentStarts(output, r)))).Select(starts => string.Join(' ', starts)).Distinct());
    }

    [Fact]
    public async Task A_copied_top_rung_starts_its_segments_where_the_encoded_rungs_do()
    {
        var (_, package, output) = await Package(await media.H264With720pAudio());

        Assert.True(package.Renditions[^1].Plan.Remux);
        var starts = await Task.WhenAll(package.Renditions.Select(r => SegmentStarts(output, r)));
        foreach (var other in starts.Skip(1))
            Assert.Equal(starts[0].Length, other.Length);
        for (var i = 0; i < starts[0].Length; i++)
            Assert.InRange(starts.Max(s => s[i]) - starts.Min(s => s[i]), 0, 0.041); // within one frame at 25 fps
    }

    [Fact]
    public async Task The_caption_map_is_the_first_video_frame_of_the_segments()
    {
        var (_, package, output) = await Package(await media.H264With720pAudio());

        // ffmpeg's MPEG-TS muxer starts at 1.4 s (126000), plus the encoder's frame reordering delay.
        Assert.InRange(package.MpegTsStart, 126000, 126000 + 90000 / 5);
        var first = await VideoStartSeconds(Path.Combine(output, package.Renditions[0].Segments[0]));
        Assert.Equal(WebVttTimestampMap.ToMpegTs(first), package.MpegTsStart);
        foreach (var rendition in package.Renditions)
            Assert.InRange(await VideoStartSeconds(Path.Combine(output, rendition.Segments[0])) * 90000 - package.MpegTsStart, -3600, 3600); // ±1 frame
        Assert.Equal(package.MpegTsStart, package.ToPackagedVideo("v1", "c/l/versions/v1/").MpegTsStart);
    }

    /// <summary>The first video frame's time in each segment of a rendition, by ffprobe.</summary>
    private async Task<double[]> SegmentStarts(string output, PackagedRendition rendition) =>
        await Task.WhenAll(rendition.Segments.Select(segment => VideoStartSeconds(Path.Combine(output, segment))));

    private async Task<double> VideoStartSeconds(string file)
    {
        var run = (await media.Ffprobe("-v", "error", "-select_streams", "v:0", "-show_entries", "stream=start_time", "-of", "csv=p=0", file)).EnsureSucceeded();
        return double.Parse(run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[0], CultureInfo.InvariantCulture);
    }
}
