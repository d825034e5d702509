using Cooc.Common;
using Cooc.Courses;
using Cooc.Enrollments;
using Cooc.Identity;

namespace Cooc.Video;

/// <summary>Who may watch a course's lectures and who may upload, caption and replace them.</summary>
public static class VideoAccessRules
{
    /// <summary>Learners holding a seat in this course (their own enrollment), and the course's staff.</summary>
    public static bool CanWatch(Caller caller, Course course, Enrollment? enrollment) =>
        CanManage(caller, course)
        || (enrollment is { HoldsSeat: true } && enrollment.LearnerId == caller.UserId && enrollment.CourseId == course.CourseId);

    /// <summary>Instructors, managers and admins of the course's organization (<see cref="CourseRules.IsStaffOf"/>).</summary>
    public static bool CanManage(Caller caller, Course course) => CourseRules.IsStaffOf(caller, course);

    /// <summary>
    /// Not found for anyone who may not watch: a course they may not see is "Course not found" (ids of other organizations
    /// are never confirmed); a course they see but hold no seat in is "Lecture not found", so a lecture's video is never
    /// confirmed to anyone outside its course either.
    /// </summary>
    public static Refusal? RefuseWatch(Caller caller, Course course, Enrollment? enrollment) =>
        CanWatch(caller, course, enrollment) ? null
        : !CourseRules.CanSee(caller, course) ? Refusal.NotFound("Course")
        : Refusal.NotFound("Lecture");

    public static Refusal? RefuseManage(Caller caller, Course course) => CourseRules.RefuseEdit(caller, course);

    /// <summary>Whether the course has a lecture with this id.</summary>
    public static bool HasLecture(Course course, string lectureId) =>
        course.Modules.Any(m => m.Lectures.Any(l => l.LectureId == lectureId));

    /// <summary>The course's lectures in order: the lecture ids to summarize progress over.</summary>
    public static IReadOnlyList<string> LectureIds(Course course) =>
        course.Modules.SelectMany(m => m.Lectures).Select(l => l.LectureId).ToList();
}
