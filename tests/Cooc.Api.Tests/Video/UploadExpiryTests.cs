using System.Net;
using Cooc.Functions.Video;
using Cooc.Ports;
using Cooc.Video;
using Microsoft.Extensions.DependencyInjection;

namespace Cooc.Api.Tests.Video;

/// <summary>Upload sessions that live two seconds, so abandoning one can be watched.</summary>
public sealed class ShortUploadsApp() : CoocApp(["--Cooc:Video:BlockSize", "65536", "--Cooc:Video:UploadLifetime", "00:00:02"]);

public sealed class UploadExpiryTests(ShortUploadsApp app) : IClassFixture<ShortUploadsApp>
{
    [Fact]
    public async Task An_abandoned_upload_expires_and_its_staged_blocks_are_deleted()
    {
        var steps = new VideoApp.Steps(app);
        var (courseId, lectureId) = await steps.CreateLectureAsync();
        var file = new byte[200_000];
        Random.Shared.NextBytes(file);
        var upload = await steps.OpenUploadAsync(courseId, lectureId, file);
        await steps.PutBlocksAsync(upload, file, [0]);
        var blobs = app.Services.GetRequiredService<IBlobStore>();
        var blob = VideoBlobNames.Source(courseId, lectureId, upload.UploadId);
        Assert.Single(await blobs.ListStagedBlocksAsync(BlobContainers.Video, blob));

        var path = $"/api/courses/{courseId}/lectures/{lectureId}/uploads/{upload.UploadId}";
        var deadline = DateTime.UtcNow.AddSeconds(30);
        UploadView view;
        do
        {
            await Task.Delay(250);
            view = await (await app.SendAsync(HttpMethod.Get, path, steps.Instructor)).ReadAsync<UploadView>();
        } while ((view.Status != "expired" || (await blobs.ListStagedBlocksAsync(BlobContainers.Video, blob)).Count > 0) && DateTime.UtcNow < deadline);

        Assert.Equal("expired", view.Status);
        Assert.Empty(await blobs.ListStagedBlocksAsync(BlobContainers.Video, blob));
        await (await app.SendAsync(HttpMethod.Post, path + "/complete", steps.Instructor)).ProblemAsync(HttpStatusCode.Conflict);
    }
}
