using Cooc.Common;
using Cooc.Courses;
using Cooc.Enrollments;
using Cooc.Functions.Courses;
using Cooc.Identity;
using Cooc.Ports;
using Cooc.Video;

namespace Cooc.Functions.Video;

/// <summary>A lecture as one caller may reach it: the course, and the lecture's video document (new if none yet).</summary>
public sealed record LectureContext(Course Course, StoredDocument<LectureVideo>? Stored, LectureVideo Video);

/// <summary>Loads a lecture and applies the video access rules: staff manage, seat holders and staff watch; others get 404/403.</summary>
public sealed class LectureAccess(CourseStore courses, IDocumentStore documents, TimeProvider time)
{
    public Task<Outcome<LectureContext>> ForManagingAsync(Caller caller, string courseId, string lectureId, CancellationToken ct) =>
        LoadAsync(caller, courseId, lectureId, (course, _) => VideoAccessRules.RefuseManage(caller, course), needsEnrollment: false, ct);

    public Task<Outcome<LectureContext>> ForWatchingAsync(Caller caller, string courseId, string lectureId, CancellationToken ct) =>
        LoadAsync(caller, courseId, lectureId, (course, enrollment) => VideoAccessRules.RefuseWatch(caller, course, enrollment), needsEnrollment: true, ct);

    public Task<StoredDocument<LectureVideo>?> ReadVideoAsync(string courseId, string lectureId, CancellationToken ct) =>
        documents.ReadAsync<LectureVideo>(Containers.Courses, courseId, LectureVideo.IdFor(lectureId), ct);

    private async Task<Outcome<LectureContext>> LoadAsync(Caller caller, string courseId, string lectureId,
        Func<Course, Enrollment?, Refusal?> refuse, bool needsEnrollment, CancellationToken ct)
    {
        var course = await courses.ReadVisibleAsync(caller, courseId, ct);
        if (course is null) return Refusal.NotFound("Course");
        if (!VideoAccessRules.HasLecture(course.Value, lectureId)) return Refusal.NotFound("Lecture");
        Enrollment? enrollment = null;
        if (needsEnrollment && !VideoAccessRules.CanManage(caller, course.Value))
        {
            var stored = await documents.ReadAsync<Enrollment>(Containers.Enrollments, courseId, caller.UserId, ct);
            enrollment = stored?.Value.LearnerOrganizationId == caller.OrganizationId ? stored.Value : null;
        }
        if (refuse(course.Value, enrollment) is { } refusal) return refusal;
        var video = await ReadVideoAsync(courseId, lectureId, ct);
        return new LectureContext(course.Value, video, video?.Value ?? LectureVideo.New(courseId, lectureId, course.Value.OrganizationId, time.GetUtcNow()));
    }
}
