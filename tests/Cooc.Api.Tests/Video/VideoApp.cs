using System.Net;
using System.Net.Http.Json;
using Cooc.Functions.Courses;
using Cooc.Functions.Video;
using Cooc.Identity;

namespace Cooc.Api.Tests.Video;

/// <summary>The app with small upload blocks (so a test file has several), and helpers to get a lecture to Ready.</summary>
public sealed class VideoApp() : CoocApp(["--Cooc:Video:BlockSize", "65536"])
{
    private Task<ReadyLecture>? ready;

    public const string Org = "video-org";
    private Steps Do => new(this);
    public string Instructor => Do.Instructor;

    /// <summary>One packaged 854x480 lecture shared by the tests that only watch it.</summary>
    public Task<ReadyLecture> ReadyLectureAsync() => ready ??= CreateReadyAsync();

    public Task<(string CourseId, string LectureId)> CreateLectureAsync() => Do.CreateLectureAsync();
    public Task<UploadView> OpenUploadAsync(string courseId, string lectureId, byte[] file, string name = "intro.mp4") => Do.OpenUploadAsync(courseId, lectureId, file, name);
    public Task PutBlocksAsync(UploadView upload, byte[] file, IEnumerable<int> indexes) => Do.PutBlocksAsync(upload, file, indexes);
    public Task<LectureVideoView> WaitForAsync(string courseId, string lectureId, Func<LectureVideoView, bool> done) => Do.WaitForAsync(courseId, lectureId, done);
    public Task<string> EnrolledLearnerAsync(string courseId, string learner) => Do.EnrolledLearnerAsync(courseId, learner);

    private async Task<ReadyLecture> CreateReadyAsync()
    {
        var (courseId, lectureId) = await CreateLectureAsync();
        var file = await TestMedia.Mp4Async(854, 480, 10);
        var upload = await OpenUploadAsync(courseId, lectureId, file);
        await PutBlocksAsync(upload, file, Enumerable.Range(0, upload.BlockCount));
        Assert.Equal(HttpStatusCode.Accepted, (await SendAsync(HttpMethod.Post, $"/api/courses/{courseId}/lectures/{lectureId}/uploads/{upload.UploadId}/complete", Instructor)).StatusCode);
        var view = await WaitForAsync(courseId, lectureId, v => v.Status is Cooc.Video.VideoStatus.Ready or Cooc.Video.VideoStatus.Failed);
        Assert.True(view.Status == Cooc.Video.VideoStatus.Ready, view.FailureReason);
        return new ReadyLecture(courseId, lectureId, view);
    }

    /// <summary>The API calls of the video tests, on any app fixture.</summary>
    public sealed class Steps(CoocApp app)
    {
        public string Instructor => app.Token("ines", Org, Role.Instructor);

        public async Task<(string CourseId, string LectureId)> CreateLectureAsync()
        {
            var course = await Courses.CreatePublishedAsync(app, Org);
            var withModule = await (await app.SendAsync(HttpMethod.Post, $"/api/courses/{course.CourseId}/modules", Instructor,
                new { title = new Dictionary<string, string> { ["en"] = "Week 1" } })).ReadAsync<CourseView>(HttpStatusCode.Created);
            var withLecture = await (await app.SendAsync(HttpMethod.Post, $"/api/courses/{course.CourseId}/lectures", Instructor,
                new { moduleId = withModule.Modules[0].ModuleId, title = new Dictionary<string, string> { ["en"] = "Intro" } })).ReadAsync<CourseView>(HttpStatusCode.Created);
            return (course.CourseId, withLecture.Modules[0].Lectures[0].LectureId);
        }

        public async Task<UploadView> OpenUploadAsync(string courseId, string lectureId, byte[] file, string name = "intro.mp4") =>
            await (await app.SendAsync(HttpMethod.Post, $"/api/courses/{courseId}/lectures/{lectureId}/uploads", Instructor,
                new { fileName = name, size = file.Length, contentType = "video/mp4" })).ReadAsync<UploadView>(HttpStatusCode.Created);

        /// <summary>Puts blocks straight to the signed upload URL, as a browser or the upload command does (Azure's Put Block).</summary>
        public async Task PutBlocksAsync(UploadView upload, byte[] file, IEnumerable<int> indexes)
        {
            using var plain = new HttpClient();
            foreach (var index in indexes)
            {
                var blockId = Uri.EscapeDataString(Cooc.Video.UploadRules.BlockId(index));
                var offset = index * upload.BlockSize;
                var content = new ByteArrayContent(file, offset, Math.Min(upload.BlockSize, file.Length - offset));
                var response = await plain.PutAsync($"{upload.UploadUrl}&comp=block&blockid={blockId}", content);
                Assert.True(response.IsSuccessStatusCode, $"Put Block {index}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
        }

        public async Task<LectureVideoView> WaitForAsync(string courseId, string lectureId, Func<LectureVideoView, bool> done)
        {
            var deadline = DateTime.UtcNow.AddSeconds(90);
            while (true)
            {
                var view = await (await app.SendAsync(HttpMethod.Get, $"/api/courses/{courseId}/lectures/{lectureId}", Instructor)).ReadAsync<LectureVideoView>();
                if (done(view)) return view;
                Assert.True(DateTime.UtcNow < deadline, $"lecture stuck in {view.Status} {view.FailureReason}");
                await Task.Delay(200);
            }
        }

        /// <summary>A learner of the org with a seat in the course.</summary>
        public async Task<string> EnrolledLearnerAsync(string courseId, string learner)
        {
            var token = app.Token(learner, Org, Role.Learner);
            var response = await app.SendAsync(HttpMethod.Post, $"/api/courses/{courseId}/enrollments", token);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return token;
        }
    }
}

public sealed record ReadyLecture(string CourseId, string LectureId, LectureVideoView View)
{
    public string Path => $"/api/courses/{CourseId}/lectures/{LectureId}";
}
