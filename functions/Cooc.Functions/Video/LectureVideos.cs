using Cooc.Common;
using Cooc.Ports;
using Cooc.Video;

namespace Cooc.Functions.Video;

/// <summary>
/// Changes a lecture's video document with optimistic concurrency: read, decide (a pure transition), write with
/// If-Match, and on a concurrent change re-read and decide again. A decision that changes nothing writes nothing.
/// </summary>
public sealed class LectureVideos(IDocumentStore documents, TimeProvider time)
{
    public async Task<Outcome<LectureVideo>> ChangeAsync(string courseId, string lectureId, string organizationId,
        Func<LectureVideo, Outcome<LectureVideo>> decide, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var stored = await documents.ReadAsync<LectureVideo>(Containers.Courses, courseId, LectureVideo.IdFor(lectureId), ct);
            var current = stored?.Value ?? LectureVideo.New(courseId, lectureId, organizationId, time.GetUtcNow());
            var decision = decide(current);
            if (decision.Refusal is not null || decision.Value == current) return decision;
            try
            {
                return stored is null
                    ? (await documents.CreateAsync(Containers.Courses, courseId, decision.Value!, ct)).Value
                    : (await documents.ReplaceAsync(Containers.Courses, courseId, decision.Value!, stored.ETag, ct)).Value;
            }
            catch (Exception e) when (e is DocumentConflictException or DocumentPreconditionFailedException && attempt < 10) { }
        }
    }
}
