using Cooc.Common;
using Cooc.Courses;
using Cooc.Enrollments;
using Cooc.Identity;

namespace Cooc.Assessment;

/// <summary>Who runs an assignment (the course's staff) and who takes part in it (learners holding a seat).</summary>
public static class AssessmentAccess
{
    /// <summary>Instructors, managers and admins of the course's organization (<see cref="CourseRules.IsStaffOf"/>).</summary>
    public static bool IsStaff(Caller caller, Course course) => CourseRules.IsStaffOf(caller, course);

    /// <summary>The caller's own enrollment in this course holds a seat.</summary>
    public static bool IsParticipant(Caller caller, Course course, Enrollment? enrollment) =>
        enrollment is { HoldsSeat: true } && enrollment.LearnerId == caller.UserId && enrollment.CourseId == course.CourseId;

    public static Refusal? RefuseManage(Caller caller, Course course) => CourseRules.RefuseEdit(caller, course);

    /// <summary>
    /// Participants pass; staff are refused as Forbidden (they grade, they do not submit or review); anyone else gets
    /// "not found", so assignments are never confirmed outside their course.
    /// </summary>
    public static Refusal? RefuseParticipate(Caller caller, Course course, Enrollment? enrollment) =>
        IsParticipant(caller, course, enrollment) ? null
        : IsStaff(caller, course) ? Refusal.Forbidden("Staff grade submissions; only learners holding a seat submit and review.")
        : !CourseRules.CanSee(caller, course) ? Refusal.NotFound("Course")
        : Refusal.NotFound("Assignment");
}
