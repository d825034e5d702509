using System.Text.Json;
using Cooc.Assessment;
using Cooc.Ports;

namespace Cooc.Functions.Assessment;

/// <summary>The grading-queue message (Subject "ExpireSubmissionUpload") for a submission upload's end of life.</summary>
public sealed record ExpireSubmissionUpload(string AssignmentId, string UploadId);

/// <summary>
/// Uploads that never made it into a submission: opening one (<see cref="SubmissionFileFunctions"/>) schedules a
/// message for CreatedAt + UnsubmittedUploadLifetime (MessageId per upload). When it comes, an upload that the
/// uploader's current submission does not name (never attached, or replaced by a resubmission) is deleted, unless a
/// submission marked it moments ago (<see cref="SubmissionUploads.Expire"/>; the message is sent again for later, as
/// for one delivered early). The document goes first, on the ETag the decision was made from, so a submission that
/// marks the upload meanwhile (<see cref="UploadedFiles.AttachAsync"/>) stops the deletion, and one that comes after it
/// finds no upload and is refused: a submission names a deleted file only if its write lands more than
/// <see cref="SubmissionUploads.AttachGrace"/> after its mark. Then the blob; a message finding no document deletes the
/// blob again, finishing a delivery cut short in between.
/// </summary>
public sealed class UnsubmittedUploads(IDocumentStore documents, AssessmentStore store, IBlobStore blobs, IMessageQueue queue,
    AssessmentOptions options, TimeProvider time)
{
    public const string Subject = nameof(ExpireSubmissionUpload);
    private const int MaxAttempts = 10;

    public Task ScheduleAsync(SubmissionUpload upload, CancellationToken ct) => SendAsync(upload, ExpiresAt(upload), "", ct);

    /// <summary>True when it removed the upload.</summary>
    public async Task<bool> ExpireAsync(ExpireSubmissionUpload request, CancellationToken ct)
    {
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var stored = await store.ReadAsync<SubmissionUpload>(request.AssignmentId, SubmissionUpload.IdFor(request.UploadId), ct);
            if (stored is null)
            {
                await blobs.DeleteAsync(BlobContainers.Submissions, SubmissionRules.BlobName(request.AssignmentId, request.UploadId), ct);
                return false;
            }
            var upload = stored.Value;
            var current = await store.ReadAsync<Submission>(upload.AssignmentId, Submission.IdFor(upload.UploaderId), ct);
            var expiry = SubmissionUploads.Expire(upload, current?.Value, ExpiresAt(upload), time.GetUtcNow());
            if (expiry.LookAgainAt is { } later)
            {
                // Its own id: the message for the first date may be the one being handled, which a duplicate would drop.
                await SendAsync(upload, later, $":again:{time.GetUtcNow().UtcTicks}", ct);
                return false;
            }
            if (!expiry.Delete) return false;
            try
            {
                if (!await documents.DeleteAsync(Containers.Assessment, upload.AssignmentId, upload.Id, stored.ETag, ct)) continue;
            }
            catch (DocumentPreconditionFailedException) { continue; } // marked by a submission meanwhile: decide again
            await blobs.DeleteAsync(BlobContainers.Submissions, upload.BlobName, ct);
            return true;
        }
        throw new InvalidOperationException($"Upload {request.UploadId} changed under each of {MaxAttempts} attempts to expire it.");
    }

    private DateTimeOffset ExpiresAt(SubmissionUpload upload) => upload.CreatedAt + options.UnsubmittedUploadLifetime;

    private Task SendAsync(SubmissionUpload upload, DateTimeOffset at, string suffix, CancellationToken ct) =>
        queue.SendAsync(Queues.Grading, new OutgoingMessage($"expire-submission-upload:{upload.AssignmentId}:{upload.UploadId}{suffix}",
            JsonSerializer.Serialize(new ExpireSubmissionUpload(upload.AssignmentId, upload.UploadId), DocumentJson.Options), at, Subject), ct);
}
