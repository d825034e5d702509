using System.Net;
using System.Net.Http.Headers;
using Cooc.Functions.Video;
using Cooc.Identity;

namespace Cooc.Api.Tests.Video;

/// <summary>Playback as a standard HLS player does it: no headers, every URL from the playlists, bytes from signed blob URLs.</summary>
public sealed class VideoPlaybackTests(VideoApp app) : IClassFixture<VideoApp>
{
    private static readonly HttpClient Player = new(); // sends no Authorization header, like hls.js or Safari

    [Fact]
    public async Task An_enrolled_learner_plays_the_master_media_playlists_and_segments_which_decode()
    {
        var lecture = await app.ReadyLectureAsync();
        var learner = await app.EnrolledLearnerAsync(lecture.CourseId, "lea");
        var playback = await (await app.SendAsync(HttpMethod.Get, lecture.Path + "/playback", learner)).ReadAsync<PlaybackView>();
        Assert.NotNull(playback.PosterUrl);
        Assert.Equal("image/jpeg", (await Player.GetAsync(playback.PosterUrl)).Content.Headers.ContentType?.MediaType);

        var masterUrl = new Uri(playback.MasterPlaylistUrl!);
        var master = await Player.GetAsync(masterUrl);
        Assert.Equal("application/vnd.apple.mpegurl", master.Content.Headers.ContentType?.MediaType);
        var masterText = await master.Content.ReadAsStringAsync();
        Assert.Contains("RESOLUTION=854x480", masterText);
        Assert.Contains("RESOLUTION=640x360", masterText);
        Assert.Matches("BANDWIDTH=\\d+", masterText);
        Assert.Contains("CODECS=\"avc1.", masterText);

        var variants = masterText.Split('\n').Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        Assert.Equal(2, variants.Count);
        foreach (var variant in variants)
        {
            var mediaUrl = new Uri(masterUrl, variant);
            var media = await Player.GetStringAsync(mediaUrl);
            Assert.Contains("#EXT-X-ENDLIST", media);
            var segments = media.Split('\n').Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
            Assert.InRange(segments.Count, 2, 3); // 10 s in 6 s segments
            var bytes = await Player.GetByteArrayAsync(segments[0]);
            var probed = await TestMedia.ProbeAsync(bytes);
            Assert.StartsWith("h264x", probed);
            Assert.True(probed.EndsWith("x480") || probed.EndsWith("x360"), probed);

            var ranged = new HttpRequestMessage(HttpMethod.Get, segments[0]) { Headers = { Range = new RangeHeaderValue(0, 187) } };
            var partial = await Player.SendAsync(ranged);
            Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
            Assert.Equal(188, (await partial.Content.ReadAsByteArrayAsync()).Length);
        }
    }

    [Fact]
    public async Task Everyone_in_a_signature_bucket_gets_the_same_urls()
    {
        var lecture = await app.ReadyLectureAsync();
        var first = await (await app.SendAsync(HttpMethod.Get, lecture.Path + "/playback", await app.EnrolledLearnerAsync(lecture.CourseId, "ann"))).ReadAsync<PlaybackView>();
        var second = await (await app.SendAsync(HttpMethod.Get, lecture.Path + "/playback", await app.EnrolledLearnerAsync(lecture.CourseId, "bob"))).ReadAsync<PlaybackView>();
        Assert.Equal(first.MasterPlaylistUrl, second.MasterPlaylistUrl);
        var variant = (await Player.GetStringAsync(first.MasterPlaylistUrl)).Split('\n').First(l => l.Length > 0 && !l.StartsWith('#'));
        var mediaUrl = new Uri(new Uri(first.MasterPlaylistUrl!), variant);
        Assert.Equal(await Player.GetStringAsync(mediaUrl), await Player.GetStringAsync(mediaUrl));
    }

    [Fact]
    public async Task Learners_without_a_seat_and_other_organizations_are_refused()
    {
        var lecture = await app.ReadyLectureAsync();
        await (await app.SendAsync(HttpMethod.Get, lecture.Path + "/playback", app.Token("ned", VideoApp.Org, Role.Learner))).ProblemAsync(HttpStatusCode.NotFound);
        await (await app.SendAsync(HttpMethod.Get, lecture.Path, app.Token("ned", VideoApp.Org, Role.Learner))).ProblemAsync(HttpStatusCode.NotFound);
        await (await app.SendAsync(HttpMethod.Get, lecture.Path + "/playback", app.Token("oz", "other-org", Role.Learner))).ProblemAsync(HttpStatusCode.NotFound);
        await (await app.SendAsync(HttpMethod.Get, lecture.Path, app.Token("oz", "other-org", Role.Instructor))).ProblemAsync(HttpStatusCode.NotFound);
        await (await app.SendAsync(HttpMethod.Get, lecture.Path + "/progress", app.Token("ned", VideoApp.Org, Role.Learner))).ProblemAsync(HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task Tampered_or_missing_tokens_and_signatures_are_refused()
    {
        var lecture = await app.ReadyLectureAsync();
        var playback = await (await app.SendAsync(HttpMethod.Get, lecture.Path + "/playback", await app.EnrolledLearnerAsync(lecture.CourseId, "tom"))).ReadAsync<PlaybackView>();
        var master = playback.MasterPlaylistUrl!;
        Assert.Equal(HttpStatusCode.Forbidden, (await Player.GetAsync(master[..^2] + (master[^2] == 'A' ? "B" : "A") + master[^1])).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Player.GetAsync(master.Split('?')[0])).StatusCode);
        var otherLecture = master.Replace(lecture.LectureId, "lec_other");
        Assert.Equal(HttpStatusCode.Forbidden, (await Player.GetAsync(otherLecture)).StatusCode);

        var variant = (await Player.GetStringAsync(master)).Split('\n').First(l => l.Length > 0 && !l.StartsWith('#'));
        var segment = (await Player.GetStringAsync(new Uri(new Uri(master), variant))).Split('\n').First(l => l.Length > 0 && !l.StartsWith('#'));
        Assert.Equal(HttpStatusCode.OK, (await Player.GetAsync(segment)).StatusCode);
        var tampered = segment.Replace("seg_00000", "seg_00001");
        Assert.Equal(HttpStatusCode.Forbidden, (await Player.GetAsync(tampered)).StatusCode);
    }
}
