using System.Net;
using System.Net.Http.Headers;
using Cooc.Functions.Video;
using Cooc.Video;

namespace Cooc.Api.Tests.Video;

/// <summary>The app where ffmpeg cannot be found: an MP4 still becomes playable, served as it is.</summary>
public sealed class NoFfmpegApp() : CoocApp(["--Cooc:Video:BlockSize", "65536", "--Cooc:Video:FfmpegPath", "/nonexistent/ffmpeg", "--Cooc:Video:FfprobePath", "/nonexistent/ffprobe"]);

public sealed class ProgressiveFallbackTests(NoFfmpegApp app) : IClassFixture<NoFfmpegApp>
{
    [Fact]
    public async Task Without_ffmpeg_an_mp4_plays_progressively_with_range_requests()
    {
        var video = new VideoApp.Steps(app);
        var (courseId, lectureId) = await video.CreateLectureAsync();
        var file = await TestMedia.Mp4Async(320, 240, 4);
        var upload = await video.OpenUploadAsync(courseId, lectureId, file);
        await video.PutBlocksAsync(upload, file, Enumerable.Range(0, upload.BlockCount));
        Assert.Equal(HttpStatusCode.Accepted, (await app.SendAsync(HttpMethod.Post, $"/api/courses/{courseId}/lectures/{lectureId}/uploads/{upload.UploadId}/complete", video.Instructor)).StatusCode);

        var ready = await video.WaitForAsync(courseId, lectureId, v => v.Status is VideoStatus.Ready or VideoStatus.Failed);
        Assert.True(ready.Status == VideoStatus.Ready, ready.FailureReason);
        Assert.True(ready.Progressive);
        Assert.InRange(ready.DurationSeconds ?? 0, 3.9, 4.2);

        var learner = await video.EnrolledLearnerAsync(courseId, "lea");
        var playback = await (await app.SendAsync(HttpMethod.Get, $"/api/courses/{courseId}/lectures/{lectureId}/playback", learner)).ReadAsync<PlaybackView>();
        Assert.Null(playback.MasterPlaylistUrl);
        using var player = new HttpClient();
        var ranged = new HttpRequestMessage(HttpMethod.Get, playback.ProgressiveUrl) { Headers = { Range = new RangeHeaderValue(100, 199) } };
        var part = await player.SendAsync(ranged);
        Assert.Equal(HttpStatusCode.PartialContent, part.StatusCode);
        Assert.Equal(file.AsSpan(100, 100).ToArray(), await part.Content.ReadAsByteArrayAsync());
    }
}
