using Cooc.Common;
using Cooc.Functions.Storage;
using Cooc.Ports;
using Cooc.Video;

namespace Cooc.Functions.Video;

/// <summary>Changes a lecture's video document through the shared change loop (<see cref="DocumentChanges"/>), starting a new one if none exists.</summary>
public sealed class LectureVideos(IDocumentStore documents, TimeProvider time)
{
    public async Task<Outcome<LectureVideo>> ChangeAsync(string courseId, string lectureId, string organizationId,
        Func<LectureVideo, Outcome<LectureVideo>> decide, CancellationToken ct)
    {
        var changed = await documents.ChangeAsync(Containers.Courses, courseId, LectureVideo.IdFor(lectureId),
            () => LectureVideo.New(courseId, lectureId, organizationId, time.GetUtcNow()), decide, ct);
        return changed.Refusal is { } refusal ? refusal : changed.Value!.Value;
    }
}
