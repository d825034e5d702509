using Cooc.Video;

namespace Cooc.Domain.Tests.Video;

public sealed class WebVttRulesTests
{
    private static IReadOnlyList<string> Validate(string text, int maxBytes = 10_000) => WebVttRules.Validate(text.ReplaceLineEndings("\n"), maxBytes);

    [Fact]
    public void A_well_formed_file_with_notes_styles_settings_and_identifiers_is_valid()
    {
        const string vtt = """
            WEBVTT - Lecture 1

            STYLE
            ::cue { color: yellow }

            NOTE written by hand
            with two lines

            intro
            00:00:01.000 --> 00:00:04.000 line:90% align:center
            Welcome to <b>the course</b>.

            00:04.000 --> 00:09.500
            Short timestamps leave out the hours.

            100:00:00.000 --> 100:00:01.000
            Hours may have more than two digits.
            """;
        Assert.Empty(Validate(vtt));
        Assert.Empty(WebVttRules.Validate("\uFEFFWEBVTT\r\n\r\n00:01.000 --> 00:02.000\r\nBOM and CRLF\r\n", 100));
        Assert.Empty(Validate("WEBVTT\tKind: captions\n"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("WEBVTTX\n")]
    [InlineData("webvtt\n")]
    [InlineData(" WEBVTT\n")]
    public void The_header_must_be_webvtt(string text) =>
        Assert.Equal(["Line 1: a WebVTT file starts with the line 'WEBVTT'."], Validate(text));

    [Fact]
    public void A_subrip_file_gets_a_hint()
    {
        var errors = Validate("1\n00:00:01,000 --> 00:00:02,000\nHello\n");
        Assert.Contains("SubRip", Assert.Single(errors));
    }

    [Fact]
    public void Timing_errors_name_their_lines()
    {
        const string vtt = """
            WEBVTT

            00:00:05.000 --> 00:00:03.000
            Ends before it starts.

            00:00:04.000 --> 00:00:06.000
            Starts before the previous cue.

            00:00:07,000 --> 00:00:08.000
            A comma.

            00:00:09.5 --> 00:00:10.000
            Two decimals.

            00:61.000 --> 00:62.000
            Sixty-one seconds.
            """;
        Assert.Equal(
        [
            "Line 3: the cue ends at 00:00:03.000 but starts at 00:00:05.000; it must end after it starts.",
            "Line 6: the cue starts at 00:00:04.000, before the previous cue at 00:00:05.000; cues must be in order of start time.",
            "Line 9: '00:00:07,000 --> 00:00:08.000' is not a cue timing; write 'hh:mm:ss.ttt --> hh:mm:ss.ttt' (or 'mm:ss.ttt'), with a dot before the milliseconds.",
            "Line 12: '00:00:09.5 --> 00:00:10.000' is not a cue timing; write 'hh:mm:ss.ttt --> hh:mm:ss.ttt' (or 'mm:ss.ttt'), with a dot before the milliseconds.",
            "Line 15: '00:61.000 --> 00:62.000' is not a cue timing; write 'hh:mm:ss.ttt --> hh:mm:ss.ttt' (or 'mm:ss.ttt'), with a dot before the milliseconds.",
        ], Validate(vtt));
    }

    [Fact]
    public void Equal_starts_are_in_order_but_a_zero_length_cue_is_not_valid()
    {
        Assert.Empty(Validate("WEBVTT\n\n00:01.000 --> 00:03.000\na\n\n00:01.000 --> 00:02.000\nb\n"));
        Assert.Equal(["Line 3: the cue ends at 00:01.000 but starts at 00:01.000; it must end after it starts."],
            Validate("WEBVTT\n\n00:01.000 --> 00:01.000\na\n"));
    }

    [Fact]
    public void Missing_blank_lines_and_timings_are_reported()
    {
        Assert.Equal(["Line 2: leave a blank line between the header and the first cue."], Validate("WEBVTT\n00:01.000 --> 00:02.000\nx\n"));
        Assert.Equal(["Line 5: cue text may not contain '-->'; leave a blank line before the next cue."],
            Validate("WEBVTT\n\n00:01.000 --> 00:02.000\nfirst\n00:03.000 --> 00:04.000\nsecond\n"));
        Assert.Equal(["Line 3: expected a cue timing such as '00:00:01.000 --> 00:00:04.000'."], Validate("WEBVTT\n\njust some text\nmore text\n"));
        Assert.Equal(["Line 6: STYLE and REGION blocks must come before the first cue."], Validate("WEBVTT\n\n00:01.000 --> 00:02.000\nx\n\nSTYLE\n::cue {}\n"));
    }

    [Fact]
    public void Size_is_counted_in_utf8_bytes()
    {
        var text = "WEBVTT\n\n00:01.000 --> 00:02.000\n" + new string('é', 50) + "\n";
        Assert.Empty(WebVttRules.Validate(text, 133));
        Assert.Equal(["The file is 133 bytes; at most 132 bytes are allowed."], WebVttRules.Validate(text, 132));
    }

    [Fact]
    public void At_most_fifty_errors_are_listed()
    {
        var cues = string.Concat(Enumerable.Range(0, 60).Select(_ => "\n00:02.000 --> 00:01.000\nx\n"));
        var errors = Validate("WEBVTT\n" + cues);
        Assert.Equal(WebVttRules.MaxReportedErrors + 1, errors.Count);
        Assert.Equal("And 10 more errors.", errors[^1]);
    }
}
