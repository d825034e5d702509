using Cooc.Video;

namespace Cooc.Domain.Tests.Video;

public sealed class WebVttTimestampMapTests
{
    [Theory]
    [InlineData(1.4, 126000)]
    [InlineData(1.48, 133200)]
    [InlineData(0, 0)]
    [InlineData(1.456778, 131110)]
    public void Seconds_become_ticks_of_the_90_kHz_clock(double seconds, long ticks) =>
        Assert.Equal(ticks, WebVttTimestampMap.ToMpegTs(seconds));

    [Fact]
    public void The_map_goes_right_after_the_WEBVTT_line()
    {
        var mapped = WebVttTimestampMap.Apply("WEBVTT\n\n00:01.000 --> 00:02.000\nHello\n", 133200);
        Assert.Equal("WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:133200,LOCAL:00:00:00.000\n\n00:01.000 --> 00:02.000\nHello\n", mapped);
        Assert.Empty(WebVttRules.Validate(mapped, 1 << 20));
    }

    [Fact]
    public void A_header_with_a_title_a_bom_and_crlf_keeps_its_title_and_cues()
    {
        var mapped = WebVttTimestampMap.Apply("\uFEFFWEBVTT - Week 1\r\nKind: captions\r\n\r\n1\r\n00:01.000 --> 00:02.000\r\nHi\r\n", 126000);
        Assert.Equal("WEBVTT - Week 1\nX-TIMESTAMP-MAP=MPEGTS:126000,LOCAL:00:00:00.000\nKind: captions\n\n1\n00:01.000 --> 00:02.000\nHi\n", mapped);
    }

    [Fact]
    public void A_map_the_file_already_had_is_replaced_not_repeated()
    {
        var mapped = WebVttTimestampMap.Apply("WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:900000,LOCAL:00:00:00.000\n\n00:01.000 --> 00:02.000\nX-TIMESTAMP-MAP is cue text here\n", 126000);
        Assert.Single(mapped.Split('\n'), l => l.StartsWith("X-TIMESTAMP-MAP=", StringComparison.Ordinal));
        Assert.Contains("X-TIMESTAMP-MAP=MPEGTS:126000,", mapped);
        Assert.EndsWith("X-TIMESTAMP-MAP is cue text here\n", mapped);
    }

    [Fact]
    public void The_mapped_copy_lives_beside_the_caption_it_derives_from() =>
        Assert.Equal("c/l/captions/r1/mpegts-126000/pt-BR.vtt", VideoBlobNames.MappedCaption("c/l/captions/r1/pt-BR.vtt", 126000));
}
