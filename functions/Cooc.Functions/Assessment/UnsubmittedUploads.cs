using System.Text.Json;
using Cooc.Assessment;
using Cooc.Ports;

namespace Cooc.Functions.Assessment;

/// <summary>The grading-queue message (Subject "ExpireSubmissionUpload") for a submission upload's end of life.</summary>
public sealed record ExpireSubmissionUpload(string AssignmentId, string UploadId);

/// <summary>
/// Uploads that never made it into a submission: opening one (<see cref="SubmissionFileFunctions"/>) schedules a
/// message for CreatedAt + UnsubmittedUploadLifetime (MessageId per upload). When it comes, an upload that the
/// uploader's current submission does not name (never attached, or replaced by a resubmission) loses its blob, then
/// its document; one still named stays. The blob goes first, so a crash in between is finished by the redelivery; a
/// message finding no document did its work before. A message delivered early (a clock ran ahead) is sent again.
/// A submission racing the deletion in its last moment may name a file that is gone: the lifetime (default 7 days)
/// keeps that to learners who attach a week-old upload at the very instant it expires.
/// </summary>
public sealed class UnsubmittedUploads(IDocumentStore documents, AssessmentStore store, IBlobStore blobs, IMessageQueue queue,
    AssessmentOptions options, TimeProvider time)
{
    public const string Subject = nameof(ExpireSubmissionUpload);

    public Task ScheduleAsync(SubmissionUpload upload, CancellationToken ct) => SendAsync(upload, "", ct);

    /// <summary>True when it removed the upload.</summary>
    public async Task<bool> ExpireAsync(ExpireSubmissionUpload request, CancellationToken ct)
    {
        var stored = await store.ReadAsync<SubmissionUpload>(request.AssignmentId, SubmissionUpload.IdFor(request.UploadId), ct);
        if (stored is null) return false;
        var upload = stored.Value;
        if (time.GetUtcNow() < ExpiresAt(upload))
        {
            await SendAsync(upload, $":early:{time.GetUtcNow().UtcTicks}", ct);
            return false;
        }
        var submission = await store.ReadAsync<Submission>(upload.AssignmentId, Submission.IdFor(upload.UploaderId), ct);
        if (submission?.Value.Files.Any(f => f.BlobName == upload.BlobName) == true) return false;
        await blobs.DeleteAsync(BlobContainers.Submissions, upload.BlobName, ct);
        return await documents.DeleteAsync(Containers.Assessment, upload.AssignmentId, upload.Id, stored.ETag, ct);
    }

    private DateTimeOffset ExpiresAt(SubmissionUpload upload) => upload.CreatedAt + options.UnsubmittedUploadLifetime;

    private Task SendAsync(SubmissionUpload upload, string suffix, CancellationToken ct) =>
        queue.SendAsync(Queues.Grading, new OutgoingMessage($"expire-submission-upload:{upload.AssignmentId}:{upload.UploadId}{suffix}",
            JsonSerializer.Serialize(new ExpireSubmissionUpload(upload.AssignmentId, upload.UploadId), DocumentJson.Options), ExpiresAt(upload), Subject), ct);
}
