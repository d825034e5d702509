using Cooc.Video;

namespace Cooc.Domain.Tests.Video;

public sealed class HlsPlaylistTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    private static readonly IReadOnlyList<Rendition> Renditions =
    [
        new("720p", 1280, 720, 3_300_000, 2_900_000, "avc1.64001f,mp4a.40.2", "v/720p/index.m3u8"),
        new("360p", 640, 360, 990_000, null, "avc1.64001e,mp4a.40.2", "v/360p/index.m3u8"),
    ];

    private static string Master(IReadOnlyList<CaptionTrack> captions, string? defaultLanguage) =>
        HlsMasterPlaylist.Build(Renditions, captions, defaultLanguage, name => $"https://api/{name}.m3u8?t=T", lang => $"https://api/captions/{lang}.m3u8?t=T");

    [Fact]
    public void The_master_playlist_lists_variants_by_bandwidth()
    {
        Assert.Equal(
            """
            #EXTM3U
            #EXT-X-VERSION:3
            #EXT-X-INDEPENDENT-SEGMENTS
            #EXT-X-STREAM-INF:BANDWIDTH=990000,RESOLUTION=640x360,CODECS="avc1.64001e,mp4a.40.2"
            https://api/360p.m3u8?t=T
            #EXT-X-STREAM-INF:BANDWIDTH=3300000,AVERAGE-BANDWIDTH=2900000,RESOLUTION=1280x720,CODECS="avc1.64001f,mp4a.40.2"
            https://api/720p.m3u8?t=T

            """.ReplaceLineEndings("\n"), Master([], null));
    }

    [Fact]
    public void Captions_are_a_subtitles_group_with_one_default_track()
    {
        var master = Master([new("en", "en.vtt", "English", Now), new("fr", "fr.vtt", "Fran\"çais", Now), new("en-GB", "gb.vtt", "English", Now)], "fr");
        var lines = master.Split('\n');
        Assert.Contains("#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID=\"subs\",NAME=\"English\",LANGUAGE=\"en\",DEFAULT=NO,AUTOSELECT=YES,URI=\"https://api/captions/en.m3u8?t=T\"", lines);
        Assert.Contains("#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID=\"subs\",NAME=\"Fran'çais\",LANGUAGE=\"fr\",DEFAULT=YES,AUTOSELECT=YES,URI=\"https://api/captions/fr.m3u8?t=T\"", lines);
        Assert.Contains(lines, l => l.Contains("NAME=\"English (en-GB)\""));
        Assert.All(lines.Where(l => l.StartsWith("#EXT-X-STREAM-INF")), l => Assert.EndsWith(",SUBTITLES=\"subs\"", l));
        Assert.Single(lines, l => l.Contains("DEFAULT=YES"));
    }

    [Fact]
    public void A_master_playlist_needs_a_rendition_and_clean_urls()
    {
        Assert.Throws<ArgumentException>(() => HlsMasterPlaylist.Build([], [], null, n => n, l => l));
        Assert.Throws<ArgumentException>(() => HlsMasterPlaylist.Build(Renditions, [], null, n => "a\nb", l => l));
    }

    private const string MediaPlaylist = """
        #EXTM3U
        #EXT-X-VERSION:7
        #EXT-X-TARGETDURATION:6
        #EXT-X-PLAYLIST-TYPE:VOD
        #EXT-X-MAP:URI="init.mp4"
        #EXT-X-KEY:METHOD=AES-128,URI="keys/k1.key",IV=0x1234
        #EXTINF:6.000000,
        seg_000.m4s
        # a comment
        #EXTINF:3.5,
        seg_001.m4s
        #EXT-X-ENDLIST
        """;

    [Fact]
    public void Signing_rewrites_every_uri_and_leaves_the_tags()
    {
        var signed = HlsMediaPlaylist.Sign(MediaPlaylist.ReplaceLineEndings("\r\n"), uri => $"https://blob/v/720p/{uri}?sig=S");
        Assert.Equal(
            """
            #EXTM3U
            #EXT-X-VERSION:7
            #EXT-X-TARGETDURATION:6
            #EXT-X-PLAYLIST-TYPE:VOD
            #EXT-X-MAP:URI="https://blob/v/720p/init.mp4?sig=S"
            #EXT-X-KEY:METHOD=AES-128,URI="https://blob/v/720p/keys/k1.key?sig=S",IV=0x1234
            #EXTINF:6.000000,
            https://blob/v/720p/seg_000.m4s?sig=S
            # a comment
            #EXTINF:3.5,
            https://blob/v/720p/seg_001.m4s?sig=S
            #EXT-X-ENDLIST
            """.ReplaceLineEndings("\n"), signed);
    }

    [Theory]
    [InlineData("https://evil/seg.ts")]
    [InlineData("/other/seg.ts")]
    [InlineData("../v0/seg.ts")]
    [InlineData("a/../../seg.ts")]
    [InlineData("seg.ts?x=1")]
    [InlineData("..\\seg.ts")]
    public void Signing_refuses_uris_outside_the_playlist_folder(string uri)
    {
        var calls = 0;
        Assert.Throws<ArgumentException>(() => HlsMediaPlaylist.Sign($"#EXTM3U\n#EXTINF:6,\n{uri}\n", u => { calls++; return u; }));
        Assert.Throws<ArgumentException>(() => HlsMediaPlaylist.Sign($"#EXTM3U\n#EXT-X-MAP:URI=\"{uri}\"\n", u => { calls++; return u; }));
        Assert.Equal(0, calls);
    }

    [Fact]
    public void Uris_resolve_against_the_playlist_blob_folder()
    {
        Assert.Equal("c1/l1/versions/v1/720p/seg_000.ts", HlsMediaPlaylist.ResolveBlob("c1/l1/versions/v1/720p/index.m3u8", "seg_000.ts"));
        Assert.Equal("c1/l1/versions/v1/720p/keys/k", HlsMediaPlaylist.ResolveBlob("c1/l1/versions/v1/720p/index.m3u8", "keys/k"));
        Assert.Throws<ArgumentException>(() => HlsMediaPlaylist.ResolveBlob("c1/l1/versions/v1/720p/index.m3u8", "../../v0/seg.ts"));
    }

    [Fact]
    public void A_subtitle_playlist_wraps_the_whole_webvtt_file_in_one_segment()
    {
        Assert.Equal(
            """
            #EXTM3U
            #EXT-X-VERSION:3
            #EXT-X-TARGETDURATION:3601
            #EXT-X-MEDIA-SEQUENCE:0
            #EXT-X-PLAYLIST-TYPE:VOD
            #EXTINF:3600.5,
            https://blob/en.vtt?sig=S
            #EXT-X-ENDLIST

            """.ReplaceLineEndings("\n"), HlsSubtitlePlaylist.Build(3600.5, "https://blob/en.vtt?sig=S"));
        Assert.Throws<ArgumentOutOfRangeException>(() => HlsSubtitlePlaylist.Build(0, "u"));
    }
}
