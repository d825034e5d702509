using System.Net;
using Cooc.Enrollments;
using Cooc.Functions.Enrollments;
using Cooc.Identity;
using Cooc.Ports;

namespace Cooc.Api.Tests;

public sealed class EnrollmentApiTests(CoocApp app) : IClassFixture<CoocApp>
{
    [Fact]
    public async Task Five_hundred_concurrent_self_enrollments_fill_exactly_two_hundred_seats()
    {
        var course = await Courses.CreatePublishedAsync(app, "rush-org", capacity: 200);
        var responses = await Task.WhenAll(Enumerable.Range(0, 500).Select(i =>
            app.SendAsync(HttpMethod.Post, $"/api/courses/{course.CourseId}/enrollments", app.Token($"learner-{i}", "rush-org", Role.Learner))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var views = await Task.WhenAll(responses.Select(r => r.ReadAsync<EnrollmentView>()));
        Assert.Equal(500, views.Select(v => v.LearnerId).Distinct().Count());
        Assert.Equal(200, views.Count(v => v.Status == EnrollmentStatus.Enrolled));
        Assert.Equal(300, views.Count(v => v.Status == EnrollmentStatus.Waitlisted));

        var stored = await AllEnrollmentsAsync(course.CourseId);
        Assert.Equal(500, stored.Count);
        Assert.Equal(200, stored.Count(e => e.Status == EnrollmentStatus.Enrolled));
        var counter = await app.Documents.ReadAsync<SeatCounter>(Containers.Courses, course.CourseId, SeatCounter.DocumentId);
        Assert.Equal((200, 300), (counter!.Value.Taken, counter.Value.Waiting));
    }

    [Fact]
    public async Task A_retried_enrollment_returns_the_same_enrollment_and_takes_no_second_seat()
    {
        var course = await Courses.CreatePublishedAsync(app, "retry-org", capacity: 5);
        var token = app.Token("rita", "retry-org", Role.Learner);
        var attempts = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => app.SendAsync(HttpMethod.Post, $"/api/courses/{course.CourseId}/enrollments", token)));
        var views = await Task.WhenAll(attempts.Select(a => a.ReadAsync<EnrollmentView>()));
        Assert.Contains("\"status\":\"enrolled\"", await attempts[0].Content.ReadAsStringAsync()); // enums travel as names
        Assert.All(views, v => Assert.Equal(EnrollmentStatus.Enrolled, v.Status));
        Assert.Single(views.Select(v => v.RequestedAt).Distinct());
        var counter = await app.Documents.ReadAsync<SeatCounter>(Containers.Courses, course.CourseId, SeatCounter.DocumentId);
        Assert.Equal(1, counter!.Value.Taken);
    }

    [Fact]
    public async Task Unenrolling_frees_the_seat_for_the_first_learner_on_the_waitlist()
    {
        var course = await Courses.CreatePublishedAsync(app, "wait-org", capacity: 1);
        string Learner(string name) => app.Token(name, "wait-org", Role.Learner);
        foreach (var name in new[] { "first", "second", "third" })
            await app.SendAsync(HttpMethod.Post, $"/api/courses/{course.CourseId}/enrollments", Learner(name));

        async Task<EnrollmentView> Mine(string name) =>
            await (await app.SendAsync(HttpMethod.Get, $"/api/courses/{course.CourseId}/enrollments/me", Learner(name))).ReadAsync<EnrollmentView>();
        Assert.Equal((null, 1, 2), ((await Mine("first")).WaitlistPosition, (await Mine("second")).WaitlistPosition, (await Mine("third")).WaitlistPosition));

        var left = await (await app.SendAsync(HttpMethod.Delete, $"/api/courses/{course.CourseId}/enrollments/me", Learner("first"))).ReadAsync<EnrollmentView>();
        Assert.Equal(EnrollmentStatus.Withdrawn, left.Status);
        var second = await (await app.SendAsync(HttpMethod.Get, $"/api/courses/{course.CourseId}/enrollments/me", Learner("second"))).ReadAsync<EnrollmentView>();
        var third = await (await app.SendAsync(HttpMethod.Get, $"/api/courses/{course.CourseId}/enrollments/me", Learner("third"))).ReadAsync<EnrollmentView>();
        Assert.Equal(EnrollmentStatus.Enrolled, second.Status);
        Assert.Equal(EnrollmentStatus.Waitlisted, third.Status);
        Assert.Equal(1, third.WaitlistPosition);

        var mine = await (await app.SendAsync(HttpMethod.Get, "/api/me/courses", Learner("second"))).ReadAsync<MyCoursePage>();
        Assert.Equal(EnrollmentStatus.Enrolled, Assert.Single(mine.Items, c => c.CourseId == course.CourseId).Status);
        await (await app.SendAsync(HttpMethod.Delete, $"/api/courses/{course.CourseId}/enrollments/me", Learner("nobody"))).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Enrollment_outside_the_window_is_refused_and_writes_nothing()
    {
        var now = DateTimeOffset.UtcNow;
        var notYet = await Courses.CreatePublishedAsync(app, "window-org", opens: now.AddDays(1), closes: now.AddDays(2));
        var closed = await Courses.CreatePublishedAsync(app, "window-org", opens: now.AddDays(-2), closes: now.AddDays(-1));
        var token = app.Token("late", "window-org", Role.Learner);
        foreach (var course in new[] { notYet, closed })
        {
            await (await app.SendAsync(HttpMethod.Post, $"/api/courses/{course.CourseId}/enrollments", token)).ProblemAsync(HttpStatusCode.Conflict);
            Assert.Null(await app.Documents.ReadAsync<Enrollment>(Containers.Enrollments, course.CourseId, "late"));
        }
    }

    [Fact]
    public async Task A_manager_assigns_thousands_of_learners_in_list_order_with_an_outcome_each()
    {
        var course = await Courses.CreatePublishedAsync(app, "assign-org", capacity: 1000);
        var early = app.Token("learner-0", "assign-org", Role.Learner);
        await app.SendAsync(HttpMethod.Post, $"/api/courses/{course.CourseId}/enrollments", early); // already enrolled before the assignment
        var learners = Enumerable.Range(0, 3000).Select(i => $"learner-{i}").Append("learner-5").ToList();
        var manager = app.Token("maya", "assign-org", Role.Manager);
        var due = DateTimeOffset.UtcNow.AddDays(30);

        var report = await (await app.SendAsync(HttpMethod.Post, $"/api/courses/{course.CourseId}/enrollments", manager, new { learners, dueDate = due }))
            .ReadAsync<AssignmentReport>();

        Assert.Equal(3001, report.Learners.Count);
        Assert.Equal(AssignmentResult.AlreadyEnrolled, report.Learners[0].Result);
        Assert.Equal(AssignmentResult.Duplicate, report.Learners[3000].Result);
        Assert.Equal(999, report.Enrolled);
        Assert.Equal(2000, report.Waitlisted);
        Assert.All(report.Learners.Skip(1).Take(999), o => Assert.Equal(AssignmentResult.Enrolled, o.Result));
        Assert.All(report.Learners.Skip(1000).Take(2000), o => Assert.Equal(AssignmentResult.Waitlisted, o.Result));

        var stored = await AllEnrollmentsAsync(course.CourseId);
        Assert.Equal(1000, stored.Count(e => e.Status == EnrollmentStatus.Enrolled));
        Assert.All(stored, e => Assert.Equal(due.ToUnixTimeSeconds(), e.DueDate!.Value.ToUnixTimeSeconds()));
        await (await app.SendAsync(HttpMethod.Post, $"/api/courses/{course.CourseId}/enrollments", early, new { learners = new[] { "x" } }))
            .ProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Staff_page_through_enrollments_and_learners_cannot()
    {
        var course = await Courses.CreatePublishedAsync(app, "page-org", capacity: 3);
        for (var i = 0; i < 7; i++)
            await app.SendAsync(HttpMethod.Post, $"/api/courses/{course.CourseId}/enrollments", app.Token($"p{i}", "page-org", Role.Learner));
        var instructor = app.Token("instructor-page-org", "page-org", Role.Instructor);
        var seen = new List<EnrollmentView>();
        string? token = null;
        do
        {
            var page = await (await app.SendAsync(HttpMethod.Get,
                $"/api/courses/{course.CourseId}/enrollments?pageSize=2{(token is null ? "" : "&continuationToken=" + Uri.EscapeDataString(token))}", instructor))
                .ReadAsync<EnrollmentPage>();
            seen.AddRange(page.Items);
            token = page.ContinuationToken;
        } while (token is not null);
        Assert.Equal(7, seen.Select(s => s.LearnerId).Distinct().Count());
        Assert.Equal(seen.OrderBy(s => s.RequestedAt).Select(s => s.LearnerId), seen.Select(s => s.LearnerId));
        var waitlisted = await (await app.SendAsync(HttpMethod.Get, $"/api/courses/{course.CourseId}/enrollments?status=waitlisted", instructor)).ReadAsync<EnrollmentPage>();
        Assert.Equal(4, waitlisted.Items.Count);
        await (await app.SendAsync(HttpMethod.Get, $"/api/courses/{course.CourseId}/enrollments", app.Token("p0", "page-org", Role.Learner)))
            .ProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_same_user_id_in_another_organization_never_sees_or_takes_over_an_enrollment()
    {
        var course = await Courses.CreatePublishedAsync(app, "mooc-org", capacity: 10, visibility: "public");
        var home = app.Token("alice", "mooc-org", Role.Learner);
        var stranger = app.Token("alice", "other-org", Role.Learner);
        await (await app.SendAsync(HttpMethod.Post, $"/api/courses/{course.CourseId}/enrollments", home)).ReadAsync<EnrollmentView>();

        await (await app.SendAsync(HttpMethod.Post, $"/api/courses/{course.CourseId}/enrollments", stranger)).ProblemAsync(HttpStatusCode.Conflict);
        await (await app.SendAsync(HttpMethod.Get, $"/api/courses/{course.CourseId}/enrollments/me", stranger)).ProblemAsync(HttpStatusCode.NotFound);
        await (await app.SendAsync(HttpMethod.Delete, $"/api/courses/{course.CourseId}/enrollments/me", stranger)).ProblemAsync(HttpStatusCode.NotFound);
        var mine = await (await app.SendAsync(HttpMethod.Get, "/api/me/courses", stranger)).ReadAsync<MyCoursePage>();
        Assert.Empty(mine.Items);
        var still = await (await app.SendAsync(HttpMethod.Get, $"/api/courses/{course.CourseId}/enrollments/me", home)).ReadAsync<EnrollmentView>();
        Assert.Equal(EnrollmentStatus.Enrolled, still.Status);
    }

    [Fact]
    public async Task Raising_the_capacity_promotes_the_waitlist_in_order_and_assigned_training_stays()
    {
        var course = await Courses.CreatePublishedAsync(app, "grow-org", capacity: 1);
        foreach (var name in new[] { "g1", "g2", "g3", "g4" })
            await app.SendAsync(HttpMethod.Post, $"/api/courses/{course.CourseId}/enrollments", app.Token(name, "grow-org", Role.Learner));
        var instructor = app.Token("instructor-grow-org", "grow-org", Role.Instructor);
        await (await app.SendAsync(HttpMethod.Put, $"/api/courses/{course.CourseId}", instructor, Courses.Input(capacity: 3))).ReadAsync<Functions.Courses.CourseView>();

        var statuses = (await AllEnrollmentsAsync(course.CourseId)).OrderBy(e => e.RequestedAt).Select(e => e.Status).ToList();
        Assert.Equal([EnrollmentStatus.Enrolled, EnrollmentStatus.Enrolled, EnrollmentStatus.Enrolled, EnrollmentStatus.Waitlisted], statuses);

        var manager = app.Token("m", "grow-org", Role.Manager);
        await app.SendAsync(HttpMethod.Post, $"/api/courses/{course.CourseId}/enrollments", manager, new { learners = new[] { "g1" } });
        await (await app.SendAsync(HttpMethod.Delete, $"/api/courses/{course.CourseId}/enrollments/me", app.Token("g1", "grow-org", Role.Learner)))
            .ProblemAsync(HttpStatusCode.Conflict);
    }

    private async Task<List<Enrollment>> AllEnrollmentsAsync(string courseId)
    {
        var all = new List<Enrollment>();
        string? token = null;
        do
        {
            var page = await app.Documents.QueryAsync<Enrollment>(Containers.Enrollments, courseId, new DocumentQuery([], null, 1000, token));
            all.AddRange(page.Items.Select(i => i.Value));
            token = page.ContinuationToken;
        } while (token is not null);
        return all;
    }
}
