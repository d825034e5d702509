using Cooc.Assessment;
using Cooc.Common;
using Cooc.Functions.Http;
using Cooc.Functions.Identity;
using Cooc.Functions.Operations;
using Cooc.Ports;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Cooc.Functions.Assessment;

/// <summary>
/// POST .../submissions/files answers this: PUT the bytes to UploadUrl (Azure's Put Blob, header
/// "x-ms-blob-type: BlockBlob"; or Put Block / Put Block List for large files) before ExpiresAt, then submit with
/// files [{fileName, contentType, size, blobName}]. The submission checks the bytes (size and content).
/// </summary>
public sealed record SubmissionUploadView(string UploadId, string BlobName, string FileName, long Size, string UploadUrl, DateTimeOffset ExpiresAt);

/// <summary>Submission files: a signed URL to upload one straight to blob storage, and a signed link to read one.</summary>
public sealed class SubmissionFileFunctions(CallerIdentification callers, JsonBody body, AssignmentAccess access, AssessmentStore store,
    IDocumentStore documents, IBlobStore blobs, UnsubmittedUploads unsubmitted, TimeProvider time)
{
    private static readonly TimeSpan ReadLinkLifetime = TimeSpan.FromMinutes(10);

    [Function("OpenSubmissionUpload")]
    [ApiOperation("Assessment", "A signed URL to upload one file of your submission (seat holders), checked against the assignment's allowed types and size; the bytes go straight to blob storage. Attach it when you submit; its content is checked then.",
        typeof(SubmissionUploadInput), typeof(SubmissionUploadView), StatusCodes.Status201Created)]
    public async Task<IResult> Open([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "assignments/{assignmentId}/submissions/files")] HttpRequest request,
        string assignmentId, CancellationToken ct)
    {
        var (caller, authProblem) = await callers.IdentifyAsync(request);
        if (caller is null) return Problems.Unauthorized(authProblem);
        var context = await access.ForParticipatingAsync(caller, assignmentId, ct);
        if (context.Refusal is { } refusal) return Problems.From(refusal);
        var (input, bodyProblem) = await body.ReadAsync<SubmissionUploadInput>(request);
        if (input is null) return bodyProblem!;
        var opened = SubmissionUploads.Open(context.Value!.Assignment, input, caller, Ids.New("upl"), time.GetUtcNow());
        if (opened.Refusal is { } invalid) return Problems.From(invalid);
        var upload = (await documents.CreateAsync(Containers.Assessment, assignmentId, opened.Value!, ct)).Value;
        await unsubmitted.ScheduleAsync(upload, ct);
        var url = await blobs.GetSignedUrlAsync(BlobContainers.Submissions, upload.BlobName, BlobPermissions.Write, upload.ExpiresAt, ct);
        return TypedResults.Created($"/api/assignments/{assignmentId}/files/{upload.UploadId}",
            new SubmissionUploadView(upload.UploadId, upload.BlobName, upload.FileName, upload.Size, url.AbsoluteUri, upload.ExpiresAt));
    }

    [Function("GetSubmissionFile")]
    [ApiOperation("Assessment", "Redirects (302) to a short-lived signed URL of a submitted file: for its author, the reviewers it was handed to, and course staff; anyone else gets 404.", null, null, StatusCodes.Status302Found)]
    public async Task<IResult> Read([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "assignments/{assignmentId}/files/{uploadId}")] HttpRequest request,
        string assignmentId, string uploadId, CancellationToken ct)
    {
        var (caller, authProblem) = await callers.IdentifyAsync(request);
        if (caller is null) return Problems.Unauthorized(authProblem);
        var context = await access.ForViewingAsync(caller, assignmentId, ct);
        if (context.Refusal is { } refusal) return Problems.From(refusal);
        var upload = Ids.IsValid(uploadId) ? await store.ReadAsync<SubmissionUpload>(assignmentId, SubmissionUpload.IdFor(uploadId), ct) : null;
        if (upload is null) return Problems.NotFound("File");
        if (!context.Value!.IsStaff)
        {
            // Only files a submission holds, and only to its author and the reviewers it was handed to.
            var submission = await store.ReadAsync<Submission>(assignmentId, Submission.IdFor(upload.Value.UploaderId), ct);
            var holds = submission?.Value.Files.Any(f => f.BlobName == upload.Value.BlobName) == true;
            if (!holds || (submission!.Value.AuthorId != caller.UserId && !submission.Value.ReviewerIds.Contains(caller.UserId)))
                return Problems.NotFound("File");
        }
        var url = await blobs.GetSignedUrlAsync(BlobContainers.Submissions, upload.Value.BlobName, BlobPermissions.Read,
            Cooc.Video.SignatureBuckets.ExpiryFor(time.GetUtcNow(), ReadLinkLifetime, ReadLinkLifetime), ct);
        return TypedResults.Redirect(url.AbsoluteUri);
    }
}
