using Cooc.Common;
using Cooc.Video;

namespace Cooc.Domain.Tests.Video;

public sealed class CaptionTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    private static CaptionTrack Track(string language) => new(language, $"{language}.vtt", language, Now);

    private static readonly IReadOnlyList<CaptionTrack> Tracks = [Track("en"), Track("fr-CA"), Track("pt-BR")];

    [Theory]
    [InlineData("en", true)]
    [InlineData("pt-BR", true)]
    [InlineData("zh-Hant-TW", true)]
    [InlineData("es-419", true)]
    [InlineData("e", false)]
    [InlineData("engl", false)]
    [InlineData("en-", false)]
    [InlineData("en_US", false)]
    [InlineData("en-x", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Language_tags_are_bcp47_like(string? tag, bool valid) => Assert.Equal(valid, CaptionRules.IsValidLanguage(tag));

    [Theory]
    [InlineData("fr-CA,en", "en", "fr-CA")]
    [InlineData("FR-ca", "en", "fr-CA")]
    [InlineData("fr-FR,en", "en", "fr-CA")]
    [InlineData("pt", "en", "pt-BR")]
    [InlineData("de,en-US", "fr", "en")]
    [InlineData("de,it", "fr", "fr-CA")]
    [InlineData("de", "it", null)]
    [InlineData("*", "en", "en")]
    public void The_default_track_follows_accept_language_then_the_course_language(string preferred, string courseDefault, string? chosen) =>
        Assert.Equal(chosen, CaptionChoice.Default(Tracks, preferred.Split(','), courseDefault)?.Language);

    [Fact]
    public void No_tracks_means_no_default() => Assert.Null(CaptionChoice.Default([], ["en"], "en"));

    [Fact]
    public void A_caption_upload_is_refused_field_by_field()
    {
        var video = LectureVideo.New("c1", "l1", "acme", Now);
        var refusal = CaptionRules.RefuseCaption(video, "english", "", "WEBVTT\n\n00:02.000 --> 00:01.000\nx\n")!;
        Assert.Equal(RefusalKind.Invalid, refusal.Kind);
        Assert.Equal(["language", "name", "file"], refusal.Errors!.Keys);
        Assert.StartsWith("Line 3:", refusal.Errors["file"][0]);
        Assert.Null(CaptionRules.RefuseCaption(video, "en", "English", "WEBVTT\n"));
    }

    [Fact]
    public void A_lecture_holds_a_bounded_number_of_languages_but_replacing_one_is_allowed()
    {
        var full = Enumerable.Range(0, CaptionRules.MaxTracks).Aggregate(LectureVideo.New("c1", "l1", "acme", Now),
            (video, i) => video.WithCaption(Track($"x{(char)('a' + i / 26)}{(char)('a' + i % 26)}")));
        Assert.Equal(["language"], CaptionRules.RefuseCaption(full, "en", "English", "WEBVTT\n")!.Errors!.Keys);
        Assert.Null(CaptionRules.RefuseCaption(full, "XAH", "Replacement", "WEBVTT\n"));
    }
}
