using Cooc.Functions.Video.Packaging;
using Cooc.Video;

namespace Cooc.Adapters.Tests.Video;

/// <summary>The parts that need no ffmpeg: argument lists, ffprobe's JSON, the peak bit rate, tool lookup.</summary>
public sealed class PackagingRulesTests
{
    private static readonly ProbeResult Source720p = new(600, 1280, 720, "h264", "aac", 3_000_000, 25, "High", 31, "LC", KeyframesOnSegmentBoundaries: true);
    private static readonly VideoToolOptions Options = new();

    [Fact]
    public void The_remux_copies_both_streams_into_6_second_ts_segments_with_relative_names()
    {
        var top = RenditionLadder.Plan(Source720p)[^1];

        var arguments = HlsArguments.Remux("/work/src.mp4", Source720p, top, Options);

        Assert.Equal(["-map", "0:V:0", "-map", "0:a:0", "-c", "copy"], arguments.SkipWhile(a => a != "-map").Take(6));
        Assert.Equal(["-hls_segment_filename", "720p/seg_%05d.ts", "720p/index.m3u8"], arguments.TakeLast(3));
        Assert.Contains("-format_whitelist", arguments);
        Assert.Equal("6", arguments[arguments.ToList().IndexOf("-hls_time") + 1]);
    }

    [Fact]
    public void The_encoded_rungs_share_one_decode_and_force_a_keyframe_every_6_seconds()
    {
        var encoded = RenditionLadder.Plan(Source720p).Where(r => !r.Remux).ToList();

        var arguments = HlsArguments.Encode("/work/src.mp4", Source720p, encoded, Options).ToList();

        Assert.Single(arguments, "-i");
        Assert.Equal("[0:V:0]split=2[s0][s1];[s0]scale=640:360,setsar=1,format=yuv420p[v0];[s1]scale=854:480,setsar=1,format=yuv420p[v1]",
            arguments[arguments.IndexOf("-filter_complex") + 1]);
        Assert.Equal(2, arguments.Count(a => a == "expr:gte(t,n_forced*6)"));
        Assert.Equal(2, arguments.Count(a => a == "libx264"));
        Assert.Equal(["856000", "1498000"], arguments.Select((a, i) => (a, i)).Where(x => x.a == "-maxrate").Select(x => arguments[x.i + 1]));
        Assert.Equal(["1200000", "2100000"], arguments.Select((a, i) => (a, i)).Where(x => x.a == "-bufsize").Select(x => arguments[x.i + 1]));
        Assert.Equal(["23", "23"], arguments.Select((a, i) => (a, i)).Where(x => x.a == "-crf").Select(x => arguments[x.i + 1]));
        Assert.Equal(["150", "150"], arguments.Select((a, i) => (a, i)).Where(x => x.a == "-g").Select(x => arguments[x.i + 1]));
        Assert.Contains("480p/index.m3u8", arguments);
    }

    [Fact]
    public void A_silent_source_is_encoded_without_audio_mapping()
    {
        var silent = Source720p with { AudioCodec = null, AudioProfile = null };
        var arguments = HlsArguments.Encode("/s.mp4", silent, [RenditionLadder.Plan(silent)[0]], Options);

        Assert.DoesNotContain("0:a:0", arguments);
        Assert.DoesNotContain("aac", arguments);
        Assert.Contains("[0:V:0]scale=640:360,setsar=1,format=yuv420p[v0]", arguments);
    }

    [Fact]
    public void The_poster_is_a_tenth_in()
    {
        Assert.Equal(60, HlsArguments.PosterTime(600));
        Assert.Equal(0, HlsArguments.PosterTime(0.5));
        Assert.Contains("scale=w='min(1280,iw)':h=-2,setsar=1", HlsArguments.Poster("/s.mp4", 60, Options));
    }

    [Fact]
    public void The_peak_bit_rate_is_over_runs_of_half_to_one_and_a_half_target_durations()
    {
        // A tiny last segment (3.2 Mbit/s alone) does not count alone, 0.5 s being under half the target duration of 6,
        // but with the one before: 1.1 MB over 6.5 s.
        (double, long)[] segments = [(6, 600_000), (6, 900_000), (0.5, 200_000)];

        Assert.Equal(1_353_847, MediaPlaylistReader.PeakBitRate(segments, 6));
        Assert.Null(MediaPlaylistReader.PeakBitRate([(2.0, 1000L)], 6));
    }

    [Fact]
    public void Reads_rotation_and_ignores_cover_pictures_in_ffprobe_json()
    {
        const string json = """
            {"streams":[
              {"codec_type":"video","codec_name":"mjpeg","width":600,"height":600,"disposition":{"attached_pic":1}},
              {"codec_type":"video","codec_name":"h264","profile":"High","level":40,"width":1920,"height":1080,"avg_frame_rate":"30000/1001",
               "side_data_list":[{"side_data_type":"Display Matrix","rotation":-90}]},
              {"codec_type":"audio","codec_name":"aac","profile":"LC"}],
             "format":{"duration":"61.5","bit_rate":"8000000"}}
            """;

        var probe = FfprobeJson.Parse(json);

        Assert.Equal(new ProbeResult(61.5, 1920, 1080, "h264", "aac", 8_000_000, 29.97, "High", 40, "LC", 270), probe);
        Assert.Equal((1080, 1920), (probe.DisplayWidth, probe.DisplayHeight));
    }

    [Fact]
    public void Json_without_a_video_stream_says_so()
    {
        var failure = Assert.Throws<VideoProcessingException>(() => FfprobeJson.Parse("""{"streams":[{"codec_type":"audio","codec_name":"mp3"}],"format":{}}"""));

        Assert.StartsWith("no video stream", failure.Message);
    }

    [Fact]
    public async Task Missing_tools_are_reported_with_what_to_install()
    {
        var tools = new FfmpegTools(new VideoToolOptions { FfmpegPath = "/nonexistent/ffmpeg", FfprobePath = "/nonexistent/ffprobe" });
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, "x");
        try
        {
            Assert.False(tools.Available);
            var failure = await Assert.ThrowsAsync<VideoProcessingException>(() => new Ffprobe(tools).ProbeAsync(file, CancellationToken.None));
            Assert.Contains("apt-get install ffmpeg", failure.Message);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
