using Cooc.Common;
using Cooc.Functions.Http;
using Cooc.Functions.Identity;
using Cooc.Functions.Operations;
using Cooc.Ports;
using Cooc.Video;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Cooc.Functions.Video;

/// <summary>
/// Resumable lecture uploads: the instructor opens a session and gets a signed upload URL and a block size, puts blocks
/// straight into blob storage (the function never sees the bytes), asks which blocks are still missing after an
/// interruption, and completes: the block list is committed and a video-ingest message (MessageId from lecture and
/// upload) starts packaging. Completing twice is one job.
/// </summary>
public sealed class UploadFunctions(CallerIdentification callers, JsonBody body, LectureAccess lectures, LectureVideos videos, UploadExpiry expiry,
    IDocumentStore documents, IBlobStore blobs, IMessageQueue queue, VideoOptions options, TimeProvider time)
{
    [Function("OpenUpload")]
    [ApiOperation("Video", "Opens a resumable upload of a lecture's video (course staff): block size, block count and a signed URL to put blocks to (Azure Put Block / Put Block List).", typeof(OpenUpload), typeof(UploadView), StatusCodes.Status201Created)]
    public async Task<IResult> Open([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "courses/{courseId}/lectures/{lectureId}/uploads")] HttpRequest request,
        string courseId, string lectureId, CancellationToken ct)
    {
        var (caller, authProblem) = await callers.IdentifyAsync(request);
        if (caller is null) return Problems.Unauthorized(authProblem);
        var lecture = await lectures.ForManagingAsync(caller, courseId, lectureId, ct);
        if (lecture.Refusal is { } refusal) return Problems.From(refusal);
        var (input, bodyProblem) = await body.ReadAsync<OpenUpload>(request);
        if (input is null) return bodyProblem!;
        var now = time.GetUtcNow();
        var plan = UploadRules.Plan(new UploadRequest(input.FileName, input.Size, input.ContentType), options.UploadLimits, now);
        if (plan.Refusal is { } invalid) return Problems.From(invalid);
        var session = UploadRules.Open(plan.Value!, Ids.New("upl"), courseId, lectureId, lecture.Value!.Course.OrganizationId, caller.UserId, now);
        await expiry.ScheduleAsync(session, ct); // first: a session never outlives its cleanup
        await documents.CreateAsync(Containers.Courses, courseId, session, ct);
        var view = await ViewAsync(session, [], ct);
        return TypedResults.Created($"{request.Path}/{session.UploadId}", view);
    }

    [Function("GetUpload")]
    [ApiOperation("Video", "An upload session with the blocks still missing, to resume after an interruption.", null, typeof(UploadView))]
    public async Task<IResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "courses/{courseId}/lectures/{lectureId}/uploads/{uploadId}")] HttpRequest request,
        string courseId, string lectureId, string uploadId, CancellationToken ct)
    {
        var (session, problem) = await ReadSessionAsync(request, courseId, lectureId, uploadId, ct);
        if (session is null) return problem!;
        var staged = session.Status == UploadStatus.Open ? await blobs.ListStagedBlocksAsync(BlobContainers.Video, session.BlobName, ct) : [];
        return TypedResults.Ok(await ViewAsync(session, staged, ct));
    }

    [Function("CompleteUpload")]
    [ApiOperation("Video", "Commits the uploaded blocks and starts packaging (202); repeating it is harmless.", null, typeof(LectureVideoView), StatusCodes.Status202Accepted)]
    public async Task<IResult> Complete([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "courses/{courseId}/lectures/{lectureId}/uploads/{uploadId}/complete")] HttpRequest request,
        string courseId, string lectureId, string uploadId, CancellationToken ct)
    {
        var (stored, problem) = await ReadStoredSessionAsync(request, courseId, lectureId, uploadId, ct);
        if (stored is null) return problem!;
        var session = stored.Value;
        if (session.Status == UploadStatus.Open)
        {
            var staged = await blobs.ListStagedBlocksAsync(BlobContainers.Video, session.BlobName, ct);
            var committed = staged.Count == 0 && (await blobs.GetInfoAsync(BlobContainers.Video, session.BlobName, ct))?.Length == session.Size;
            if (!committed)
            {
                if (UploadRules.RefuseCompletion(session, staged, time.GetUtcNow()) is { } refusal) return Problems.From(refusal);
                await blobs.CommitBlocksAsync(BlobContainers.Video, session.BlobName, session.BlockIds(), session.ContentType, ct);
            }
        }
        else if (session.Status == UploadStatus.Expired)
        {
            return Problems.Problem(StatusCodes.Status409Conflict, "The upload session expired.", "Open a new upload.");
        }
        else if ((await lectures.ReadVideoAsync(courseId, lectureId, ct))?.Value is { } current && current.MayRemove(session.UploadId))
        {
            // Completed before, and since replaced by a newer upload (or failed): never bring an old version back.
            return TypedResults.Accepted($"/api/courses/{courseId}/lectures/{lectureId}", LectureVideoView.Of(current));
        }
        // Each step is safe to repeat: the transition is idempotent per version, and the message id dedups the job.
        var video = await videos.ChangeAsync(courseId, lectureId, session.OrganizationId,
            v => v.StartProcessing(session.UploadId, session.BlobName, time.GetUtcNow()), ct);
        await queue.SendAsync(Queues.VideoIngest, UploadRules.IngestMessageFor(session), ct);
        if (session.Status == UploadStatus.Open)
            await documents.UpsertAsync(Containers.Courses, courseId, session.Complete(), null, ct);
        return TypedResults.Accepted($"/api/courses/{courseId}/lectures/{lectureId}", LectureVideoView.Of(video.Value!));
    }

    private async Task<UploadView> ViewAsync(UploadSession session, IReadOnlyList<StagedBlock> staged, CancellationToken ct)
    {
        var url = await blobs.GetSignedUrlAsync(BlobContainers.Video, session.BlobName, BlobPermissions.Write, session.ExpiresAt, ct);
        var missing = session.Status == UploadStatus.Open ? UploadRules.MissingBlocks(session, staged) : [];
        var status = session.IsExpired(time.GetUtcNow()) ? UploadStatus.Expired : session.Status;
        return new UploadView(session.UploadId, status.ToString().ToLowerInvariant(), session.FileName, session.Size, session.BlockSize,
            session.BlockCount, url.AbsoluteUri, missing, session.ExpiresAt);
    }

    private async Task<(UploadSession? Session, IResult? Problem)> ReadSessionAsync(HttpRequest request, string courseId, string lectureId, string uploadId, CancellationToken ct)
    {
        var (stored, problem) = await ReadStoredSessionAsync(request, courseId, lectureId, uploadId, ct);
        return (stored?.Value, problem);
    }

    private async Task<(StoredDocument<UploadSession>? Session, IResult? Problem)> ReadStoredSessionAsync(HttpRequest request, string courseId, string lectureId, string uploadId, CancellationToken ct)
    {
        var (caller, authProblem) = await callers.IdentifyAsync(request);
        if (caller is null) return (null, Problems.Unauthorized(authProblem));
        var lecture = await lectures.ForManagingAsync(caller, courseId, lectureId, ct);
        if (lecture.Refusal is { } refusal) return (null, Problems.From(refusal));
        var session = await documents.ReadAsync<UploadSession>(Containers.Courses, courseId, UploadSession.IdFor(uploadId), ct);
        return session is null || session.Value.LectureId != lectureId ? (null, Problems.NotFound("Upload")) : (session, null);
    }
}
