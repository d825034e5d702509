using System.Net;
using Cooc.Functions.Video;
using Cooc.Ports;
using Cooc.Video;
using Microsoft.Extensions.DependencyInjection;

namespace Cooc.Api.Tests.Video;

/// <summary>Old versions are kept 8 s here (by default: as long as a signed URL can be valid, plus 10 minutes).</summary>
public sealed class ShortRetentionApp() : CoocApp(["--Cooc:Video:BlockSize", "65536", "--Cooc:Video:OldVersionRetention", "00:00:08"]);

/// <summary>A re-upload replaces the playing version; the old one's files and source go after the grace period, never the new one's.</summary>
public sealed class OldVersionCleanupTests(ShortRetentionApp app) : IClassFixture<ShortRetentionApp>
{
    private static readonly HttpClient Player = new();
    private VideoApp.Steps Do => new(app);
    private IBlobStore Blobs => app.Services.GetRequiredService<IBlobStore>();

    private async Task<string> UploadAndWaitAsync(string courseId, string lectureId, int seconds)
    {
        var file = await TestMedia.Mp4Async(640, 360, seconds);
        var upload = await Do.OpenUploadAsync(courseId, lectureId, file);
        await Do.PutBlocksAsync(upload, file, Enumerable.Range(0, upload.BlockCount));
        var completed = await (await app.SendAsync(HttpMethod.Post, $"/api/courses/{courseId}/lectures/{lectureId}/uploads/{upload.UploadId}/complete", Do.Instructor))
            .ReadAsync<LectureVideoView>(HttpStatusCode.Accepted);
        Assert.True(completed.Processing);
        var view = await Do.WaitForAsync(courseId, lectureId, v => !v.Processing);
        Assert.True(view.Status == VideoStatus.Ready, view.FailureReason);
        return upload.UploadId;
    }

    /// <summary>The signed URL of the first segment of the lecture's (only) rendition, as a player gets it.</summary>
    private async Task<string> FirstSegmentUrlAsync(string courseId, string lectureId)
    {
        var playback = await (await app.SendAsync(HttpMethod.Get, $"/api/courses/{courseId}/lectures/{lectureId}/playback", Do.Instructor)).ReadAsync<PlaybackView>();
        var master = new Uri(playback.MasterPlaylistUrl!);
        var variant = (await Player.GetStringAsync(master)).Split('\n').First(l => l.Length > 0 && !l.StartsWith('#'));
        return (await Player.GetStringAsync(new Uri(master, variant))).Split('\n').First(l => l.StartsWith("http"));
    }

    private async Task<int> FilesAsync(string courseId, string lectureId, string version) =>
        (await Blobs.ListAsync(BlobContainers.Video, VideoBlobNames.VersionPrefix(courseId, lectureId, version))).Count
        + ((await Blobs.GetInfoAsync(BlobContainers.Video, VideoBlobNames.Source(courseId, lectureId, version))) is null ? 0 : 1);

    [Fact]
    public async Task After_a_re_upload_the_old_version_plays_on_for_the_grace_period_then_its_files_are_deleted()
    {
        var (courseId, lectureId) = await Do.CreateLectureAsync();
        var v1 = await UploadAndWaitAsync(courseId, lectureId, 4);
        var oldSegment = await FirstSegmentUrlAsync(courseId, lectureId);
        var v1Files = await FilesAsync(courseId, lectureId, v1);
        Assert.True(v1Files >= 4, $"{v1Files} files"); // playlist, segment, poster, source

        var v2 = await UploadAndWaitAsync(courseId, lectureId, 7);

        // Right after the switch a player mid-lecture still gets the old segments (the grace period is 8 s here).
        Assert.Equal(HttpStatusCode.OK, (await Player.GetAsync(oldSegment)).StatusCode);
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (await FilesAsync(courseId, lectureId, v1) > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the old version's files were never deleted");
            await Task.Delay(250);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await Player.GetAsync(oldSegment)).StatusCode);
        var v2Files = await FilesAsync(courseId, lectureId, v2);
        Assert.True(v2Files >= 5, $"{v2Files} files"); // two segments, playlist, poster, source
        Assert.Equal(HttpStatusCode.OK, (await Player.GetAsync(await FirstSegmentUrlAsync(courseId, lectureId))).StatusCode);

        // Removal looks at the lecture when it runs: the playing version is never deleted, and removing twice is harmless.
        var cleanup = app.Services.GetRequiredService<VersionCleanup>();
        var video = (await app.Services.GetRequiredService<LectureAccess>().ReadVideoAsync(courseId, lectureId, default))!.Value;
        Assert.Equal((v2, v1), (video.CurrentVersion, video.PreviousVersion));
        await cleanup.RemoveAsync(new RemoveVersion(courseId, lectureId, v2), video, default);
        await cleanup.RemoveAsync(new RemoveVersion(courseId, lectureId, v1), video, default);
        Assert.Equal(v2Files, await FilesAsync(courseId, lectureId, v2));
        Assert.Equal(0, await FilesAsync(courseId, lectureId, v1));

        // Completing the old upload again does not bring it back.
        var again = await (await app.SendAsync(HttpMethod.Post, $"/api/courses/{courseId}/lectures/{lectureId}/uploads/{v1}/complete", Do.Instructor))
            .ReadAsync<LectureVideoView>(HttpStatusCode.Accepted);
        Assert.False(again.Processing);
        Assert.Equal(VideoStatus.Ready, again.Status);
    }
}
