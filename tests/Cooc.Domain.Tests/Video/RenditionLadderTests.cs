using Cooc.Video;

namespace Cooc.Domain.Tests.Video;

public sealed class RenditionLadderTests
{
    private static ProbeResult Source(int width, int height, string video = "h264", string? audio = "aac", double? fps = 30, long? bitRate = null) =>
        new(600, width, height, video, audio, bitRate, fps, KeyframesOnSegmentBoundaries: true);

    private static string Ladder(ProbeResult source) =>
        string.Join(" ", RenditionLadder.Plan(source).Select(r => $"{r.Name}:{r.Width}x{r.Height}{(r.Remux ? ":copy" : "")}"));

    [Fact]
    public void A_1080p_h264_source_gets_four_rungs_with_the_top_one_remuxed()
    {
        Assert.Equal("360p:640x360 480p:854x480 720p:1280x720 1080p:1920x1080:copy", Ladder(Source(1920, 1080)));
        var top = RenditionLadder.Plan(Source(1920, 1080) with { VideoProfile = "High", VideoLevel = 41, BitRate = 6_000_000 })[^1];
        Assert.Equal("avc1.640029,mp4a.40.2", top.Codecs);
        Assert.Equal(6_000_000 - 192_000, top.VideoBitrate);
        Assert.Null(top.Profile);
    }

    [Fact]
    public void A_1080p_hevc_source_is_reencoded_at_every_rung()
    {
        var ladder = RenditionLadder.Plan(Source(1920, 1080, video: "hevc"));
        Assert.All(ladder, r => Assert.False(r.Remux));
        // 854x480 at 30 fps needs 48,600 macroblocks a second: more than level 3.0 allows.
        Assert.Equal(["avc1.64001e,mp4a.40.2", "avc1.64001f,mp4a.40.2", "avc1.64001f,mp4a.40.2", "avc1.640028,mp4a.40.2"], ladder.Select(r => r.Codecs));
        Assert.Equal(("high", "4.0"), (ladder[^1].Profile, ladder[^1].Level));
        Assert.Equal([800_000L, 1_400_000, 2_800_000, 5_000_000], ladder.Select(r => r.VideoBitrate));
    }

    [Theory]
    [InlineData("h264", "mp3", null, 0)]
    [InlineData("h264", "aac", "High 10", 0)]
    [InlineData("h264", "aac", "High", 90)]
    public void Only_playable_h264_with_aac_and_no_rotation_is_remuxed(string video, string audio, string? profile, int rotation) =>
        Assert.False(RenditionLadder.Plan(Source(1280, 720, video, audio) with { VideoProfile = profile, Rotation = rotation })[^1].Remux);

    [Theory]
    [InlineData(false)]
    [InlineData(null)]
    public void An_h264_source_whose_keyframes_miss_the_segment_boundaries_or_are_unknown_is_encoded_at_every_rung(bool? aligned)
    {
        var source = Source(1280, 720) with { KeyframesOnSegmentBoundaries = aligned };
        Assert.True(RenditionLadder.HasCopyableStreams(source));
        Assert.Equal("360p:640x360 480p:854x480 720p:1280x720", Ladder(source));
    }

    [Fact]
    public void A_silent_h264_source_is_remuxed_without_an_audio_codec()
    {
        var top = RenditionLadder.Plan(Source(1280, 720, audio: null))[^1];
        Assert.True(top.Remux);
        Assert.Equal("avc1.64001f", top.Codecs);
        Assert.Equal(0, top.AudioBitrate);
    }

    [Fact]
    public void A_portrait_video_is_laddered_by_its_short_side()
    {
        Assert.Equal("360p:360x640 480p:480x854 720p:720x1280 1080p:1080x1920:copy", Ladder(Source(1080, 1920)));
        Assert.Equal("360p:360x640 480p:480x854 720p:720x1280 1080p:1080x1920", Ladder(Source(1920, 1080) with { Rotation = -90 }));
    }

    [Fact]
    public void A_non_standard_source_height_is_the_top_rung()
    {
        Assert.Equal("360p:640x360 480p:854x480 600p:1068x600:copy", Ladder(Source(1068, 600)));
        Assert.Equal("360p:640x360 480p:854x480 730p:1298x730:copy", Ladder(Source(1298, 730)));
        Assert.Equal("240p:426x240:copy", Ladder(Source(426, 240)));
        Assert.Equal("360p:480x360 480p:640x480 720p:960x720 1080p:1440x1080:copy", Ladder(Source(1440, 1080)));
    }

    [Fact]
    public void Sources_above_1080p_stop_at_1080p_and_odd_sizes_are_made_even()
    {
        Assert.Equal("360p:640x360 480p:854x480 720p:1280x720 1080p:1920x1080", Ladder(Source(3840, 2160)));
        Assert.Equal("360p:640x360 480p:854x480 718p:1278x718", Ladder(Source(1279, 719, video: "vp9")));
    }

    [Fact]
    public void High_frame_rates_get_more_bits_and_a_higher_level()
    {
        var top = RenditionLadder.Plan(Source(1920, 1080, video: "hevc", fps: 60))[^1];
        Assert.Equal(7_500_000, top.VideoBitrate);
        Assert.Equal("avc1.64002a,mp4a.40.2", top.Codecs);
        Assert.Equal((8_025_000 + 192_000) * 110 / 100, top.EstimatedBandwidth);
    }

    [Theory]
    [InlineData(30.0, 180)]
    [InlineData(29.97, 180)]
    [InlineData(23.976, 144)]
    [InlineData(60.0, 360)]
    [InlineData(null, 180)]
    [InlineData(double.NaN, 180)]
    public void Keyframes_come_every_six_seconds(double? fps, int gop)
    {
        Assert.Equal(gop, RenditionLadder.KeyframeInterval(fps));
        Assert.Equal(6, RenditionLadder.SegmentSeconds);
    }

    [Fact]
    public void Copied_codec_strings_follow_the_source_profile_and_level()
    {
        Assert.Equal("avc1.42e01e", CodecStrings.CopiedH264("Constrained Baseline", 30, 640, 360, 30));
        Assert.Equal("avc1.4d401f", CodecStrings.CopiedH264("Main", 31, 1280, 720, 30));
        Assert.Equal("avc1.64001f", CodecStrings.CopiedH264(null, null, 1280, 720, 30));
        Assert.Equal("mp4a.40.5", CodecStrings.CopiedAac("HE-AAC"));
        Assert.Equal("mp4a.40.2", CodecStrings.CopiedAac("LC"));
    }

    [Fact]
    public void A_plan_becomes_a_rendition_with_measured_or_estimated_bandwidth()
    {
        var plan = RenditionLadder.Plan(Source(1280, 720, video: "hevc"))[0];
        Assert.Equal(new Rendition("360p", 640, 360, 3_000_000, 900_000, plan.Codecs, "x/360p/index.m3u8"), plan.ToRendition("x/360p/index.m3u8", 3_000_000, 900_000));
        Assert.Equal(plan.EstimatedBandwidth, plan.ToRendition("b").Bandwidth);
        Assert.Throws<ArgumentException>(() => RenditionLadder.Plan(Source(0, 0)));
    }
}
