using System.Net;
using System.Text;
using Cooc.Functions.Video;

namespace Cooc.Api.Tests.Video;

/// <summary>Captions (validated WebVTT in the master playlist) and progress (merged, completing at 90%; the real-time cap is unit-tested in the domain).</summary>
public sealed class CaptionAndProgressTests(VideoApp app) : IClassFixture<VideoApp>
{
    private static readonly HttpClient Player = new();

    private Task<HttpResponseMessage> PutCaptionsAsync(ReadyLecture lecture, string language, string vtt, string name) =>
        app.Client.SendAsync(new HttpRequestMessage(HttpMethod.Put, $"{lecture.Path}/captions/{language}?name={Uri.EscapeDataString(name)}")
        {
            Headers = { Authorization = new("Bearer", app.Instructor) },
            Content = new StringContent(vtt, Encoding.UTF8, "text/vtt"),
        });

    [Fact]
    public async Task Captions_are_validated_listed_in_the_master_playlist_and_picked_by_accept_language()
    {
        var lecture = await app.ReadyLectureAsync();
        const string english = "WEBVTT\n\n00:00.000 --> 00:04.000\nWelcome.\n\n00:04.000 --> 00:09.500\nWear your helmet.\n";
        Assert.Equal(HttpStatusCode.OK, (await PutCaptionsAsync(lecture, "en", english, "English")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PutCaptionsAsync(lecture, "fr", english.Replace("Welcome.", "Bienvenue."), "Français")).StatusCode);

        var broken = await (await PutCaptionsAsync(lecture, "de", "WEBVTT\n\n00:05.000 --> 00:01.000\nRückwärts\n", "Deutsch")).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(broken.GetProperty("errors").TryGetProperty("file", out _), broken.ToString());
        await (await PutCaptionsAsync(lecture, "not a language", english, "x")).ProblemAsync(HttpStatusCode.BadRequest);
        var learner = await app.EnrolledLearnerAsync(lecture.CourseId, "cara");
        Assert.Equal(HttpStatusCode.Forbidden, (await app.Client.SendAsync(new HttpRequestMessage(HttpMethod.Put, $"{lecture.Path}/captions/en")
        {
            Headers = { Authorization = new("Bearer", learner) }, Content = new StringContent(english, Encoding.UTF8, "text/vtt"),
        })).StatusCode);

        var playback = await (await app.SendAsync(HttpMethod.Get, lecture.Path + "/playback", learner, language: "fr-CA,fr;q=0.9")).ReadAsync<PlaybackView>();
        Assert.Equal(["en", "fr"], playback.Captions.Select(c => c.Language).Where(l => l != "ca").Order()); // "ca": the caption-timing test's
        Assert.Equal("fr", Assert.Single(playback.Captions, c => c.Default).Language);
        Assert.Contains("Bienvenue.", await Player.GetStringAsync(playback.Captions.Single(c => c.Language == "fr").Url));

        var master = await Player.GetStringAsync(playback.MasterPlaylistUrl);
        Assert.Contains("TYPE=SUBTITLES", master);
        Assert.Contains("SUBTITLES=\"subs\"", master);
        var subtitleUri = System.Text.RegularExpressions.Regex.Match(master, "LANGUAGE=\"en\"[^\\n]*URI=\"([^\"]+)\"").Groups[1].Value;
        var subtitles = await Player.GetStringAsync(new Uri(new Uri(playback.MasterPlaylistUrl!), subtitleUri));
        var vttUrl = subtitles.Split('\n').Single(l => l.StartsWith("http"));
        Assert.Contains("Wear your helmet.", await Player.GetStringAsync(vttUrl));
    }

    [Fact]
    public async Task The_hls_caption_file_maps_cue_time_zero_to_the_first_video_frame_of_the_segments()
    {
        var lecture = await app.ReadyLectureAsync();
        const string vtt = "WEBVTT\n\n00:00.000 --> 00:02.000\nSalut.\n";
        Assert.Equal(HttpStatusCode.OK, (await PutCaptionsAsync(lecture, "ca", vtt, "Català")).StatusCode);
        var learner = await app.EnrolledLearnerAsync(lecture.CourseId, "quim");
        var playback = await (await app.SendAsync(HttpMethod.Get, lecture.Path + "/playback", learner)).ReadAsync<PlaybackView>();
        var masterUrl = new Uri(playback.MasterPlaylistUrl!);
        var master = await Player.GetStringAsync(masterUrl);

        var subtitleUri = System.Text.RegularExpressions.Regex.Match(master, "LANGUAGE=\"ca\"[^\\n]*URI=\"([^\"]+)\"").Groups[1].Value;
        var vttUrl = (await Player.GetStringAsync(new Uri(masterUrl, subtitleUri))).Split('\n').Single(l => l.StartsWith("http"));
        var served = await Player.GetStringAsync(vttUrl);
        var map = System.Text.RegularExpressions.Regex.Match(served, "^WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:(\\d+),LOCAL:00:00:00.000\n\n");
        Assert.True(map.Success, served);
        Assert.Contains("Salut.", served);

        // Every rendition's first segment starts its video there (within a frame, 3600 ticks at 25 fps).
        foreach (var variant in master.Split('\n').Where(l => l.Length > 0 && !l.StartsWith('#')))
        {
            var firstSegment = (await Player.GetStringAsync(new Uri(masterUrl, variant))).Split('\n').First(l => l.StartsWith("http"));
            var start = await TestMedia.VideoStartSecondsAsync(await Player.GetByteArrayAsync(firstSegment));
            Assert.InRange(long.Parse(map.Groups[1].Value) - Math.Round(start * 90000), -3600, 3600);
        }
        // The direct caption URL stays the file as uploaded.
        Assert.Equal(vtt, await Player.GetStringAsync(Assert.Single(playback.Captions, c => c.Language == "ca").Url));
    }

    [Fact]
    public async Task Progress_merges_intervals_refuses_impossible_ones_and_completes_the_lecture()
    {
        var lecture = await app.ReadyLectureAsync();
        var learner = await app.EnrolledLearnerAsync(lecture.CourseId, "pia");
        var path = lecture.Path + "/progress";

        var first = await (await app.SendAsync(HttpMethod.Post, path, learner, new { intervals = new[] { new { start = 0.0, end = 3.0 } }, position = 3.0 })).ReadAsync<ProgressView>();
        Assert.Equal((3.0, 3.0, false), (first.WatchedSeconds, first.ResumePosition, first.Completed));
        var overlapping = await (await app.SendAsync(HttpMethod.Post, path, learner, new { intervals = new[] { new { start = 2.0, end = 6.0 } }, position = 6.0 })).ReadAsync<ProgressView>();
        Assert.Equal(6.0, overlapping.WatchedSeconds, 3);
        Assert.Equal([new Cooc.Video.WatchedInterval(0, 6)], overlapping.Watched);

        await (await app.SendAsync(HttpMethod.Post, path, learner, new { intervals = new[] { new { start = 5.0, end = 400.0 } } })).ProblemAsync(HttpStatusCode.BadRequest);
        var done = await (await app.SendAsync(HttpMethod.Post, path, learner, new { intervals = new[] { new { start = 6.0, end = 10.0 } }, position = 10.0 })).ReadAsync<ProgressView>();
        Assert.True(done.Completed, $"watched {done.WatchedSeconds} of {done.DurationSeconds}");
        Assert.Equal((1, 1), (done.CompletedLectures, done.TotalLectures));

        var stranger = app.Token("ned", VideoApp.Org, Cooc.Identity.Role.Learner);
        await (await app.SendAsync(HttpMethod.Post, path, stranger, new { intervals = new[] { new { start = 0.0, end = 1.0 } } })).ProblemAsync(HttpStatusCode.NotFound);
    }
}
