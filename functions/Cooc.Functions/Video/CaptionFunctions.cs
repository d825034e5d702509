using System.Security.Cryptography;
using System.Text;
using Cooc.Functions.Http;
using Cooc.Functions.Identity;
using Cooc.Functions.Operations;
using Cooc.Ports;
using Cooc.Video;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Cooc.Functions.Video;

/// <summary>WebVTT captions per language: validated, stored under a content-addressed name, listed in the master playlist.</summary>
public sealed class CaptionFunctions(CallerIdentification callers, LectureAccess lectures, LectureVideos videos, IBlobStore blobs, TimeProvider time)
{
    [Function("PutCaptions")]
    [ApiOperation("Video", "Uploads or replaces a lecture's captions in one language (course staff): the body is the WebVTT file (text/vtt), ?name= names the track.", null, typeof(LectureVideoView))]
    public async Task<IResult> Put([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "courses/{courseId}/lectures/{lectureId}/captions/{language}")] HttpRequest request,
        string courseId, string lectureId, string language, CancellationToken ct)
    {
        var (caller, authProblem) = await callers.IdentifyAsync(request);
        if (caller is null) return Problems.Unauthorized(authProblem);
        var lecture = await lectures.ForManagingAsync(caller, courseId, lectureId, ct);
        if (lecture.Refusal is { } refusal) return Problems.From(refusal);
        if (request.ContentType?.StartsWith("text/vtt", StringComparison.OrdinalIgnoreCase) != true)
            return Problems.Problem(StatusCodes.Status415UnsupportedMediaType, "Send the captions as text/vtt.");
        var bytes = await ReadLimitedAsync(request, CaptionRules.DefaultMaxBytes + 1, ct);
        if (bytes.Length > CaptionRules.DefaultMaxBytes)
            return Problems.Problem(StatusCodes.Status413PayloadTooLarge, $"Captions are at most {CaptionRules.DefaultMaxBytes} bytes.");
        string vtt;
        try { vtt = new UTF8Encoding(false, true).GetString(bytes); }
        catch (DecoderFallbackException) { return Problems.Validation(new Dictionary<string, string[]> { ["file"] = ["WebVTT is UTF-8 text."] }); }
        var name = request.Query["name"].ToString() is { Length: > 0 } given ? given : language;
        if (CaptionRules.RefuseCaption(lecture.Value!.Video, language, name, vtt) is { } invalid) return Problems.From(invalid);

        var revision = Convert.ToHexStringLower(SHA256.HashData(bytes))[..16];
        var blob = VideoBlobNames.Caption(courseId, lectureId, language, revision);
        await blobs.PutAsync(BlobContainers.Video, blob, new MemoryStream(bytes), "text/vtt", ct);
        var track = new CaptionTrack(language, blob, name, time.GetUtcNow());
        var video = await videos.ChangeAsync(courseId, lectureId, lecture.Value.Course.OrganizationId, v => v.WithCaption(track), ct);
        return video.Refusal is { } conflict ? Problems.From(conflict) : TypedResults.Ok(LectureVideoView.Of(video.Value!));
    }

    private static async Task<byte[]> ReadLimitedAsync(HttpRequest request, int limit, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while (buffer.Length < limit && (read = await request.Body.ReadAsync(chunk, ct)) > 0)
            buffer.Write(chunk, 0, read);
        return buffer.ToArray();
    }
}
