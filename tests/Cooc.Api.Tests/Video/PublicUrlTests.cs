using System.Net;
using Cooc.Functions.Video;
using Cooc.Video;
using Microsoft.Extensions.DependencyInjection;

namespace Cooc.Api.Tests.Video;

/// <summary>No Cooc:PublicBaseUrl: URLs for clients come from the request, as a trusted proxy forwarded it.</summary>
public sealed class AppBehindLocalProxy() : CoocApp(["--Cooc:PublicBaseUrl", ""]);

/// <summary>Trusts only a proxy elsewhere: the test's loopback requests are not from it.</summary>
public sealed class AppTrustingAnotherProxy() : CoocApp(["--Cooc:PublicBaseUrl", "", "--Cooc:TrustedProxies", "10.20.30.40, 192.168.0.0/16"]);

/// <summary>A fixed public origin.</summary>
public sealed class AppWithPublicBaseUrl() : CoocApp(["--Cooc:PublicBaseUrl", "https://videos.example.org/"]);

/// <summary>
/// The playback URL behind a TLS-terminating reverse proxy: X-Forwarded-Proto/Host are honoured from trusted proxies
/// only (loopback by default, Cooc:TrustedProxies otherwise), and Cooc:PublicBaseUrl wins over both.
/// </summary>
public sealed class PublicUrlTests(AppBehindLocalProxy proxied, AppTrustingAnotherProxy untrusted, AppWithPublicBaseUrl fixedOrigin)
    : IClassFixture<AppBehindLocalProxy>, IClassFixture<AppTrustingAnotherProxy>, IClassFixture<AppWithPublicBaseUrl>
{
    /// <summary>A lecture with a published version (its files are not needed to build playback URLs).</summary>
    private static async Task<string> PlayableLectureAsync(CoocApp app)
    {
        var (courseId, lectureId) = await new VideoApp.Steps(app).CreateLectureAsync();
        var videos = app.Services.GetRequiredService<LectureVideos>();
        var now = DateTimeOffset.UtcNow;
        var packaged = new PackagedVideo("upl_v1", 10, [new Rendition("360p", 640, 360, 900_000, 800_000, "avc1.64001e,mp4a.40.2",
            VideoBlobNames.MediaPlaylist(courseId, lectureId, "upl_v1", "360p"))], null, Progressive: false, MpegTsStart: 133200);
        await videos.ChangeAsync(courseId, lectureId, VideoApp.Org, v => v.StartProcessing("upl_v1", VideoBlobNames.Source(courseId, lectureId, "upl_v1"), now), default);
        var published = await videos.ChangeAsync(courseId, lectureId, VideoApp.Org, v => v.Publish(packaged, now), default);
        Assert.Equal("upl_v1", published.Value!.CurrentVersion);
        return $"/api/courses/{courseId}/lectures/{lectureId}";
    }

    private static async Task<string> MasterUrlAsync(CoocApp app, string lecture, bool forwarded)
    {
        var request = app.Request(HttpMethod.Get, lecture + "/playback", new VideoApp.Steps(app).Instructor);
        if (forwarded)
        {
            request.Headers.Add("X-Forwarded-Proto", "https");
            request.Headers.Add("X-Forwarded-Host", "cooc.example.org");
            request.Headers.Add("X-Forwarded-For", "203.0.113.7");
        }
        return (await (await app.Client.SendAsync(request)).ReadAsync<PlaybackView>()).MasterPlaylistUrl!;
    }

    [Fact]
    public async Task Behind_a_trusted_proxy_the_playback_url_has_the_public_scheme_and_host()
    {
        var lecture = await PlayableLectureAsync(proxied);

        var master = new Uri(await MasterUrlAsync(proxied, lecture, forwarded: true));

        Assert.Equal(("https", "cooc.example.org"), (master.Scheme, master.Authority));
        Assert.StartsWith(lecture + "/hls/master.m3u8?token=", master.PathAndQuery);
        // The same path and token work (the proxy passes them through as they are).
        var text = await (await proxied.Client.GetAsync(master.PathAndQuery)).Content.ReadAsStringAsync();
        Assert.Contains("#EXT-X-STREAM-INF:BANDWIDTH=900000", text);
        // Without forwarded headers the request's own origin is used.
        Assert.Equal(proxied.Client.BaseAddress!.Authority, new Uri(await MasterUrlAsync(proxied, lecture, forwarded: false)).Authority);
    }

    [Fact]
    public async Task Forwarded_headers_from_a_source_that_is_not_a_trusted_proxy_are_ignored()
    {
        var lecture = await PlayableLectureAsync(untrusted);

        var master = new Uri(await MasterUrlAsync(untrusted, lecture, forwarded: true));

        Assert.Equal(("http", untrusted.Client.BaseAddress!.Authority), (master.Scheme, master.Authority));
    }

    [Fact]
    public async Task A_configured_public_base_url_wins_over_the_request_and_forwarded_headers()
    {
        var lecture = await PlayableLectureAsync(fixedOrigin);

        foreach (var forwarded in new[] { true, false })
            Assert.StartsWith($"https://videos.example.org{lecture}/hls/master.m3u8?token=", await MasterUrlAsync(fixedOrigin, lecture, forwarded));
        Assert.Equal(HttpStatusCode.OK, (await fixedOrigin.Client.GetAsync(new Uri(await MasterUrlAsync(fixedOrigin, lecture, false)).PathAndQuery)).StatusCode);
    }
}
