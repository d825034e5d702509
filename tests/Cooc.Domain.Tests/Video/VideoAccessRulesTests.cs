using Cooc.Common;
using Cooc.Courses;
using Cooc.Enrollments;
using Cooc.Identity;
using Cooc.Video;

namespace Cooc.Domain.Tests.Video;

public sealed class VideoAccessRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    private static Caller Who(string user, string org, params Role[] roles) => new(user, org, roles.ToHashSet());

    private static readonly Course Course = new("c1", "c1", "acme", "en", new() { ["en"] = "T" }, [],
        [new CourseModule("m1", new() { ["en"] = "M" }, [new Lecture("l1", new() { ["en"] = "L1" }), new Lecture("l2", new() { ["en"] = "L2" })])],
        null, null, null, CourseVisibility.Public, CourseStatus.Published, "i", Now, Now, Now);

    private static Enrollment Seat(string learner, EnrollmentStatus status, string courseId = "c1") =>
        new(learner, courseId, "acme", "other", status, EnrollmentSource.Self, null, null, Now, Now, Now);

    [Theory]
    [InlineData("ann", "other", Role.Learner, EnrollmentStatus.Enrolled, true)]
    [InlineData("ann", "other", Role.Learner, EnrollmentStatus.Waitlisted, false)]
    [InlineData("ann", "other", Role.Learner, EnrollmentStatus.Pending, false)]
    [InlineData("ann", "other", Role.Learner, EnrollmentStatus.Withdrawn, false)]
    [InlineData("bob", "other", Role.Learner, EnrollmentStatus.Enrolled, false)]
    [InlineData("ann", "other", Role.Instructor, EnrollmentStatus.Withdrawn, false)]
    public void Learners_watch_with_their_own_seat(string user, string org, Role role, EnrollmentStatus status, bool watches) =>
        Assert.Equal(watches, VideoAccessRules.CanWatch(Who(user, org, role), Course, Seat("ann", status)));

    [Fact]
    public void An_enrollment_in_another_course_does_not_count()
    {
        Assert.False(VideoAccessRules.CanWatch(Who("ann", "other", Role.Learner), Course, Seat("ann", EnrollmentStatus.Enrolled, "c2")));
        Assert.False(VideoAccessRules.CanWatch(Who("ann", "other", Role.Learner), Course, null));
    }

    [Theory]
    [InlineData(Role.Instructor, true)]
    [InlineData(Role.Manager, true)]
    [InlineData(Role.Admin, true)]
    [InlineData(Role.Learner, false)]
    public void Staff_of_the_course_organization_watch_and_manage_without_a_seat(Role role, bool staff)
    {
        Assert.Equal(staff, VideoAccessRules.CanWatch(Who("t", "acme", role), Course, null));
        Assert.Equal(staff, VideoAccessRules.CanManage(Who("t", "acme", role), Course));
        Assert.False(VideoAccessRules.CanManage(Who("t", "other", role), Course));
    }

    [Fact]
    public void Refusals_hide_invisible_courses_and_lectures_of_courses_without_a_seat()
    {
        var draft = Course with { Status = CourseStatus.Draft };
        Assert.Equal(RefusalKind.NotFound, VideoAccessRules.RefuseWatch(Who("ann", "other", Role.Learner), draft, null)!.Kind);
        Assert.Equal(RefusalKind.NotFound, VideoAccessRules.RefuseWatch(Who("ann", "other", Role.Learner), Course, null)!.Kind);
        Assert.Equal("Lecture not found.", VideoAccessRules.RefuseWatch(Who("ann", "other", Role.Learner), Course, Seat("ann", EnrollmentStatus.Waitlisted))!.Title);
        Assert.Null(VideoAccessRules.RefuseWatch(Who("ann", "other", Role.Learner), Course, Seat("ann", EnrollmentStatus.Enrolled)));
        Assert.Equal(RefusalKind.Forbidden, VideoAccessRules.RefuseManage(Who("ann", "acme", Role.Learner), Course)!.Kind);
        Assert.Null(VideoAccessRules.RefuseManage(Who("t", "acme", Role.Instructor), Course));
    }

    [Fact]
    public void Lectures_are_found_in_the_course_modules()
    {
        Assert.True(VideoAccessRules.HasLecture(Course, "l2"));
        Assert.False(VideoAccessRules.HasLecture(Course, "l3"));
        Assert.Equal(["l1", "l2"], VideoAccessRules.LectureIds(Course));
    }
}
