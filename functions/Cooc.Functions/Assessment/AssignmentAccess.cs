using Cooc.Assessment;
using Cooc.Common;
using Cooc.Courses;
using Cooc.Enrollments;
using Cooc.Functions.Courses;
using Cooc.Identity;
using Cooc.Ports;

namespace Cooc.Functions.Assessment;

/// <summary>An assignment as one caller reaches it: the stored document, its course, the caller's seat (learners) and whether they run it.</summary>
public sealed record AssignmentContext(StoredDocument<Assignment> Stored, Course Course, Enrollment? Enrollment, bool IsStaff)
{
    public Assignment Assignment => Stored.Value;
}

/// <summary>
/// Routes under /api/assignments/{assignmentId} carry no course: the assignment document (partition and id =
/// assignmentId) names it, and access is checked through the course. Staff of its organization manage; learners holding
/// a seat take part; anyone else gets 404, so assignment ids are never confirmed across courses or organizations.
/// </summary>
public sealed class AssignmentAccess(CourseStore courses, IDocumentStore documents)
{
    /// <summary>Staff and participants.</summary>
    public Task<Outcome<AssignmentContext>> ForViewingAsync(Caller caller, string assignmentId, CancellationToken ct) =>
        LoadAsync(caller, assignmentId, (course, enrollment) =>
            AssessmentAccess.IsStaff(caller, course) ? null : AssessmentAccess.RefuseParticipate(caller, course, enrollment), ct);

    /// <summary>Learners holding a seat; staff are refused (403), they grade.</summary>
    public Task<Outcome<AssignmentContext>> ForParticipatingAsync(Caller caller, string assignmentId, CancellationToken ct) =>
        LoadAsync(caller, assignmentId, (course, enrollment) => AssessmentAccess.RefuseParticipate(caller, course, enrollment), ct);

    /// <summary>The course's staff; learners who see the course are refused (403).</summary>
    public Task<Outcome<AssignmentContext>> ForManagingAsync(Caller caller, string assignmentId, CancellationToken ct) =>
        LoadAsync(caller, assignmentId, (course, _) => AssessmentAccess.RefuseManage(caller, course), ct);

    private async Task<Outcome<AssignmentContext>> LoadAsync(Caller caller, string assignmentId, Func<Course, Enrollment?, Refusal?> refuse, CancellationToken ct)
    {
        if (!Ids.IsValid(assignmentId)) return Refusal.NotFound("Assignment");
        var stored = await documents.ReadAsync<Assignment>(Containers.Assessment, assignmentId, assignmentId, ct);
        if (stored is null) return Refusal.NotFound("Assignment");
        var course = await courses.ReadVisibleAsync(caller, stored.Value.CourseId, ct);
        if (course is null) return Refusal.NotFound("Assignment");
        var staff = AssessmentAccess.IsStaff(caller, course.Value);
        Enrollment? enrollment = null;
        if (!staff)
        {
            var seat = await documents.ReadAsync<Enrollment>(Containers.Enrollments, course.Value.CourseId, caller.UserId, ct);
            enrollment = seat?.Value.LearnerOrganizationId == caller.OrganizationId ? seat.Value : null;
        }
        if (refuse(course.Value, enrollment) is { } refusal)
            return refusal.Kind == RefusalKind.NotFound ? Refusal.NotFound("Assignment") : refusal;
        return new AssignmentContext(stored, course.Value, enrollment, staff);
    }
}
