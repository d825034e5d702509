using System.Net;
using Cooc.Functions.Video;
using Cooc.Ports;
using Cooc.Video;
using Microsoft.Extensions.DependencyInjection;

namespace Cooc.Api.Tests.Video;

/// <summary>Uploads end to end: blocks straight to blob storage, resumed after an interruption, committed, packaged.</summary>
public sealed class VideoUploadTests(VideoApp app) : IClassFixture<VideoApp>
{
    [Fact]
    public async Task An_interrupted_upload_resumes_with_the_missing_blocks_and_is_packaged_into_hls()
    {
        var (courseId, lectureId) = await app.CreateLectureAsync();
        var file = await TestMedia.Mp4Async(854, 480, 10);
        var upload = await app.OpenUploadAsync(courseId, lectureId, file);
        Assert.True(upload.BlockCount >= 3, $"only {upload.BlockCount} blocks of {upload.BlockSize} bytes");
        var half = upload.BlockCount / 2;
        await app.PutBlocksAsync(upload, file, Enumerable.Range(0, half)); // then the connection drops

        var resumed = await (await app.SendAsync(HttpMethod.Get, $"/api/courses/{courseId}/lectures/{lectureId}/uploads/{upload.UploadId}", app.Instructor)).ReadAsync<UploadView>();
        Assert.Equal(Enumerable.Range(half, upload.BlockCount - half).Select(UploadRules.BlockId), resumed.MissingBlocks);
        var early = await app.SendAsync(HttpMethod.Post, $"/api/courses/{courseId}/lectures/{lectureId}/uploads/{upload.UploadId}/complete", app.Instructor);
        Assert.True(early.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Conflict, $"completing with missing blocks gave {early.StatusCode}");

        await app.PutBlocksAsync(resumed, file, Enumerable.Range(half, upload.BlockCount - half));
        var complete = $"/api/courses/{courseId}/lectures/{lectureId}/uploads/{upload.UploadId}/complete";
        Assert.Equal(HttpStatusCode.Accepted, (await app.SendAsync(HttpMethod.Post, complete, app.Instructor)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await app.SendAsync(HttpMethod.Post, complete, app.Instructor)).StatusCode); // a double completion is one job

        var ready = await app.WaitForAsync(courseId, lectureId, v => v.Status is VideoStatus.Ready or VideoStatus.Failed);
        Assert.True(ready.Status == VideoStatus.Ready, ready.FailureReason);
        Assert.Equal(["360p", "480p"], ready.Renditions.Order());
        Assert.InRange(ready.DurationSeconds ?? 0, 9.5, 10.5);
        var source = await app.Services.GetRequiredService<IBlobStore>().GetInfoAsync(BlobContainers.Video, VideoBlobNames.Source(courseId, lectureId, upload.UploadId));
        Assert.Equal(file.Length, source?.Length);
    }

    [Fact]
    public async Task A_file_that_is_not_a_video_fails_with_a_readable_reason()
    {
        var (courseId, lectureId) = await app.CreateLectureAsync();
        var file = System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("These are my slides, not a video.\n", 4000)));
        var upload = await app.OpenUploadAsync(courseId, lectureId, file, "lecture.mp4");
        await app.PutBlocksAsync(upload, file, Enumerable.Range(0, upload.BlockCount));
        Assert.Equal(HttpStatusCode.Accepted, (await app.SendAsync(HttpMethod.Post, $"/api/courses/{courseId}/lectures/{lectureId}/uploads/{upload.UploadId}/complete", app.Instructor)).StatusCode);

        var failed = await app.WaitForAsync(courseId, lectureId, v => v.Status is VideoStatus.Ready or VideoStatus.Failed);
        Assert.Equal(VideoStatus.Failed, failed.Status);
        Assert.Contains("not a video", failed.FailureReason);
    }

    [Fact]
    public async Task A_redelivered_ingest_message_leaves_one_published_version()
    {
        var lecture = await app.ReadyLectureAsync();
        var blobs = app.Services.GetRequiredService<IBlobStore>();
        var before = await blobs.ListAsync(BlobContainers.Video, $"{lecture.CourseId}/{lecture.LectureId}/versions/");
        var stored = await app.Services.GetRequiredService<LectureAccess>().ReadVideoAsync(lecture.CourseId, lecture.LectureId, default);
        var job = new VideoIngestMessage(lecture.CourseId, lecture.LectureId, VideoApp.Org, stored!.Value.CurrentVersion!, stored.Value.SourceBlob!, stored.Value.CurrentVersion!);
        var handler = app.Services.GetServices<Cooc.Functions.Messaging.IMessageHandler>().OfType<VideoIngestHandler>().Single();
        var message = new ReceivedMessage(Queues.VideoIngest, "again", System.Text.Json.JsonSerializer.Serialize(job, DocumentJson.Options), null, 2, "lock", DateTimeOffset.UtcNow.AddMinutes(1), DateTimeOffset.UtcNow, 1);

        await handler.HandleAsync(message, default);
        await handler.HandleAsync(message, default);

        var after = await app.Services.GetRequiredService<LectureAccess>().ReadVideoAsync(lecture.CourseId, lecture.LectureId, default);
        Assert.Equal(stored.ETag, after!.ETag);
        Assert.Equal(before.Select(b => (b.Name, b.ETag)), (await blobs.ListAsync(BlobContainers.Video, $"{lecture.CourseId}/{lecture.LectureId}/versions/")).Select(b => (b.Name, b.ETag)));
        Assert.Single(before.Select(b => b.Name.Split('/')[3]).Distinct());
    }

    [Fact]
    public async Task Only_the_courses_staff_open_uploads_and_bad_requests_are_refused_with_the_field()
    {
        var (courseId, lectureId) = await app.CreateLectureAsync();
        var path = $"/api/courses/{courseId}/lectures/{lectureId}/uploads";
        var body = new { fileName = "a.mp4", size = 1000, contentType = "video/mp4" };
        await (await app.SendAsync(HttpMethod.Post, path, app.Token("lea", VideoApp.Org, Cooc.Identity.Role.Learner), body)).ProblemAsync(HttpStatusCode.Forbidden);
        await (await app.SendAsync(HttpMethod.Post, path, app.Token("eve", "other-org", Cooc.Identity.Role.Instructor), body)).ProblemAsync(HttpStatusCode.NotFound);
        await (await app.SendAsync(HttpMethod.Post, $"/api/courses/{courseId}/lectures/nope/uploads", app.Instructor, body)).ProblemAsync(HttpStatusCode.NotFound);
        var tooBig = await (await app.SendAsync(HttpMethod.Post, path, app.Instructor, new { fileName = "a.mp4", size = 20L << 30, contentType = "video/mp4" })).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(tooBig.GetProperty("errors").TryGetProperty("size", out _), tooBig.ToString());
        var pathName = await (await app.SendAsync(HttpMethod.Post, path, app.Instructor, new { fileName = "../a.mp4", size = 10, contentType = "video/mp4" })).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(pathName.GetProperty("errors").TryGetProperty("fileName", out _), pathName.ToString());
    }
}
