using Cooc.Functions.Video.Packaging;
using Cooc.Video;
using static Cooc.Adapters.Tests.Video.PackagedOutputAssertions;

namespace Cooc.Adapters.Tests.Video;

[Collection(VideoCollection.Name)]
public sealed class HlsPackagerTests(VideoTestMedia media)
{
    private async Task<(ProbeResult Probe, HlsPackage Package, string Output)> Package(string source)
    {
        var probe = await new Ffprobe(media.Tools).ProbeAsync(source, CancellationToken.None);
        var output = media.NewFolder("out");
        var package = await new HlsPackager(media.Tools).PackageAsync(source, probe, RenditionLadder.Plan(probe), output, CancellationToken.None);
        return (probe, package, output);
    }

    [Fact]
    public async Task A_720p_h264_source_gets_two_encoded_rungs_and_its_own_stream_copied()
    {
        var source = await media.H264With720pAudio();
        var (probe, package, output) = await Package(source);

        Assert.Equal(["360p", "480p", "720p"], package.Renditions.Select(r => r.Folder));
        Assert.Equal([false, false, true], package.Renditions.Select(r => r.Plan.Remux));
        Assert.InRange(package.DurationSeconds, 12.9, 13.1);
        foreach (var rendition in package.Renditions)
        {
            Assert.Equal($"{rendition.Folder}/index.m3u8", rendition.MediaPlaylist);
            RelativeNamesOnly(output, rendition);
            await SegmentsDecode(media, output, rendition, expectAudio: true);
            Assert.InRange(rendition.AverageBandwidth, 1, rendition.PeakBandwidth);
        }
        // The source has a keyframe every 2 s, so the copied rung is cut where the encoded ones are.
        Assert.True(probe.KeyframesOnSegmentBoundaries);
        foreach (var rendition in package.Renditions) SixSecondSegments(output, rendition);
        await PosterIsJpeg(media, output, package, 1280, 720);
        AccountsForEveryFile(output, package);

        // The copied rung holds the source's very pictures, still Main profile.
        var top = package.Renditions[^1];
        Assert.Equal(await DecodedVideoHash(media, source), await DecodedVideoHash(media, Path.Combine(output, top.MediaPlaylist)));
        Assert.Equal("Main", await VideoProfile(Path.Combine(output, top.Segments[0])));
        Assert.Equal("High", await VideoProfile(Path.Combine(output, package.Renditions[0].Segments[0])));
        Assert.Equal(3, top.SegmentCount);
        Assert.True(package.Timings.Remux < package.Timings.Encode, $"remux {package.Timings.Remux}, encode {package.Timings.Encode}");
        Assert.Equal(RenditionLadder.Plan(probe)[2].Codecs, top.Plan.Codecs);
    }

    [Fact]
    public async Task A_vp9_opus_webm_is_encoded_to_h264_aac()
    {
        var (_, package, output) = await Package(await media.Vp9Opus360p());

        var only = Assert.Single(package.Renditions);
        Assert.Equal(("360p", 640, 360, false), (only.Folder, only.Plan.Width, only.Plan.Height, only.Plan.Remux));
        Assert.Equal("avc1.64001e,mp4a.40.2", only.Plan.Codecs);
        SixSecondSegments(output, only);
        await SegmentsDecode(media, output, only, expectAudio: true);
        var codecs = await media.Ffprobe("-v", "error", "-show_entries", "stream=codec_name", "-of", "csv=p=0", Path.Combine(output, only.Segments[0]));
        Assert.Equal(["aac", "h264"], codecs.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Distinct().Order());
        await PosterIsJpeg(media, output, package, 640, 360);
    }

    [Fact]
    public async Task A_source_without_audio_gives_segments_without_audio()
    {
        var (_, package, output) = await Package(await media.H264Silent480p());

        Assert.Equal([("360p", false), ("480p", true)], package.Renditions.Select(r => (r.Folder, r.Plan.Remux)));
        Assert.Equal(640, package.Renditions[0].Plan.Width);
        SixSecondSegments(output, package.Renditions[0]);
        foreach (var rendition in package.Renditions)
        {
            await SegmentsDecode(media, output, rendition, expectAudio: false);
            Assert.DoesNotContain("mp4a", rendition.Plan.Codecs);
        }
    }

    [Fact]
    public async Task A_rotated_source_is_packaged_upright()
    {
        var (_, package, output) = await Package(await media.Rotated720p());

        Assert.Equal([(360, 640), (480, 854), (720, 1280)], package.Renditions.Select(r => (r.Plan.Width, r.Plan.Height)));
        Assert.All(package.Renditions, r => Assert.False(r.Plan.Remux));
        foreach (var rendition in package.Renditions)
        {
            SixSecondSegments(output, rendition);
            await SegmentsDecode(media, output, rendition, expectAudio: true);
        }
        await PosterIsJpeg(media, output, package, 720, 1280);
    }

    [Fact]
    public async Task Converts_to_the_domain_record_under_the_version_prefix()
    {
        var (_, package, _) = await Package(await media.H264Silent480p());

        var video = package.ToPackagedVideo("v1", "c/l/versions/v1/");

        Assert.Equal("c/l/versions/v1/poster.jpg", video.PosterBlob);
        Assert.Equal(["c/l/versions/v1/360p/index.m3u8", "c/l/versions/v1/480p/index.m3u8"], video.Renditions.Select(r => r.Blob));
        Assert.All(video.Renditions, r => Assert.True(r.Bandwidth >= r.AverageBandwidth));
        Assert.False(video.Progressive);
    }

    private async Task<string> VideoProfile(string file) =>
        (await media.Ffprobe("-v", "error", "-select_streams", "v:0", "-show_entries", "stream=profile", "-of", "csv=p=0", file)).EnsureSucceeded()
            .Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[0]; // a TS lists its streams again under its program
}
