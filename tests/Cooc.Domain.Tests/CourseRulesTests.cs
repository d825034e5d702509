using Cooc.Common;
using Cooc.Courses;
using Cooc.Enrollments;
using Cooc.Identity;

namespace Cooc.Domain.Tests;

public sealed class CourseRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    private static Caller Who(string org, params Role[] roles) => new("u", org, roles.ToHashSet());

    private static Course Course(CourseStatus status, CourseVisibility visibility = CourseVisibility.Organization, DateTimeOffset? opens = null, DateTimeOffset? closes = null) =>
        new("c1", "c1", "acme", "en", new() { ["en"] = "T" }, [], [], null, opens, closes, visibility, status, "i", Now, Now, null);

    [Theory]
    [InlineData("acme", Role.Learner, CourseStatus.Draft, CourseVisibility.Organization, false)]
    [InlineData("acme", Role.Learner, CourseStatus.Published, CourseVisibility.Organization, true)]
    [InlineData("acme", Role.Instructor, CourseStatus.Draft, CourseVisibility.Organization, true)]
    [InlineData("other", Role.Learner, CourseStatus.Published, CourseVisibility.Organization, false)]
    [InlineData("other", Role.Admin, CourseStatus.Published, CourseVisibility.Organization, false)]
    [InlineData("other", Role.Learner, CourseStatus.Published, CourseVisibility.Public, true)]
    [InlineData("other", Role.Instructor, CourseStatus.Draft, CourseVisibility.Public, false)]
    public void Who_sees_a_course(string org, Role role, CourseStatus status, CourseVisibility visibility, bool sees) =>
        Assert.Equal(sees, CourseRules.CanSee(Who(org, role), Course(status, visibility)));

    [Theory]
    [InlineData(-2, -1, RefusalKind.Conflict)]
    [InlineData(1, 2, RefusalKind.Conflict)]
    [InlineData(-1, 1, null)]
    public void Self_enrollment_needs_an_open_window(int opensInDays, int closesInDays, RefusalKind? refused)
    {
        var course = Course(CourseStatus.Published, opens: Now.AddDays(opensInDays), closes: Now.AddDays(closesInDays));
        Assert.Equal(refused, SeatRules.RefuseSelfEnrollment(Who("acme", Role.Learner), course, Now)?.Kind);
    }

    [Fact]
    public void Assignment_validates_every_learner_id_and_the_due_date()
    {
        var refusal = SeatRules.RefuseAssignment(Who("acme", Role.Manager), Course(CourseStatus.Published), ["ok", "bad id", ""], Now.AddDays(-1), Now);
        Assert.Equal(RefusalKind.Invalid, refusal!.Kind);
        Assert.Equal(["learners[1]", "learners[2]", "dueDate"], refusal.Errors!.Keys);
        Assert.Equal(RefusalKind.Forbidden, SeatRules.RefuseAssignment(Who("acme", Role.Instructor), Course(CourseStatus.Published), ["a"], null, Now)!.Kind);
    }

    [Fact]
    public void Creating_a_course_needs_staff_and_a_title_in_the_default_language()
    {
        var input = new CourseInput(new() { ["fr"] = "Titre" }, null, "en", null, null, null, null);
        Assert.Equal(RefusalKind.Forbidden, CourseRules.Create(input, "c", Who("acme", Role.Learner), Now).Refusal!.Kind);
        var refused = CourseRules.Create(input, "c", Who("acme", Role.Instructor), Now).Refusal!;
        Assert.Contains("title", refused.Errors!.Keys);
        var ok = CourseRules.Create(input with { DefaultLanguage = "fr" }, "c", Who("acme", Role.Instructor), Now);
        Assert.Equal("acme", ok.Value!.OrganizationId);
        Assert.Equal(CourseStatus.Draft, ok.Value.Status);
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData(0.5, true)]
    [InlineData(0.9, true)]
    [InlineData(1.0, true)]
    [InlineData(0.49, false)]
    [InlineData(1.01, false)]
    [InlineData(double.NaN, false)]
    public void A_course_may_set_its_own_lecture_completion_threshold_between_half_and_all(double? threshold, bool valid)
    {
        var input = new CourseInput(new() { ["en"] = "Title" }, null, "en", null, null, null, null, threshold);
        var created = CourseRules.Create(input, "c", Who("acme", Role.Instructor), Now);
        Assert.Equal(valid, created.Refusal is null);
        if (valid) Assert.Equal(threshold, created.Value!.LectureCompletionThreshold);
        else Assert.Contains("lectureCompletionThreshold", created.Refusal!.Errors!.Keys);
    }
}
