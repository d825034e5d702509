using Cooc.Courses;
using Cooc.Enrollments;
using Cooc.Functions.Courses;
using Cooc.Functions.Enrollments;
using Cooc.Identity;
using Cooc.Ports;
using Microsoft.Extensions.DependencyInjection;

namespace Cooc.Api.Tests;

/// <summary>Crashes are simulated by writing exactly what a request leaves behind when the process dies between two steps.</summary>
public sealed class ReconciliationApiTests(CoocApp app) : IClassFixture<CoocApp>
{
    [Fact]
    public async Task A_crash_between_enrollment_write_and_seat_increment_is_repaired_deterministically()
    {
        var course = (await app.Services.GetRequiredService<CourseStore>().ReadAsync(
            (await Courses.CreatePublishedAsync(app, "crash-org", capacity: 3)).CourseId, default))!.Value;
        var manager = app.Token("maya", "crash-org", Role.Manager);
        await app.SendAsync(HttpMethod.Post, $"/api/courses/{course.CourseId}/enrollments", app.Token("alive", "crash-org", Role.Learner));

        var longAgo = DateTimeOffset.UtcNow.AddHours(-1);
        // Crashed before its increment: pending, seat not counted.
        await app.Documents.CreateAsync(Containers.Enrollments, course.CourseId, SeatBooking.NewPending(course, "crashed-early", "crash-org", longAgo));
        // Crashed after its increment: pending, seat counted.
        await app.Documents.CreateAsync(Containers.Enrollments, course.CourseId, SeatBooking.NewPending(course, "crashed-late", "crash-org", longAgo.AddSeconds(1)));
        await app.Documents.IncrementAsync<SeatCounter>(Containers.Courses, course.CourseId, SeatCounter.DocumentId, [new Increment("taken", 1)]);
        // Crashed mid-withdrawal after the decrement never happened: seat still counted.
        var leaving = SeatBooking.NewPending(course, "leaving", "crash-org", longAgo) with { Status = EnrollmentStatus.Withdrawing };
        await app.Documents.CreateAsync(Containers.Enrollments, course.CourseId, leaving);
        await app.Documents.IncrementAsync<SeatCounter>(Containers.Courses, course.CourseId, SeatCounter.DocumentId, [new Increment("taken", 1)]);

        var report = await (await app.SendAsync(HttpMethod.Post, $"/api/courses/{course.CourseId}/enrollments/reconcile", manager)).ReadAsync<ReconcileReport>();
        Assert.Equal(ReconcileResult.Repaired, report.Result);

        async Task<EnrollmentStatus> StatusOf(string id) => (await app.Documents.ReadAsync<Enrollment>(Containers.Enrollments, course.CourseId, id))!.Value.Status;
        Assert.Equal(EnrollmentStatus.Enrolled, await StatusOf("alive"));
        Assert.Equal(EnrollmentStatus.Enrolled, await StatusOf("crashed-early"));
        Assert.Equal(EnrollmentStatus.Enrolled, await StatusOf("crashed-late"));
        Assert.Equal(EnrollmentStatus.Withdrawn, await StatusOf("leaving"));
        var counter = (await app.Documents.ReadAsync<SeatCounter>(Containers.Courses, course.CourseId, SeatCounter.DocumentId))!.Value;
        Assert.Equal((3, 0), (counter.Taken, counter.Waiting));

        // The course is now full: the next learner waits, and a second pass changes nothing.
        var next = await (await app.SendAsync(HttpMethod.Post, $"/api/courses/{course.CourseId}/enrollments", app.Token("next", "crash-org", Role.Learner))).ReadAsync<EnrollmentView>();
        Assert.Equal(EnrollmentStatus.Waitlisted, next.Status);
        await app.SendAsync(HttpMethod.Post, $"/api/courses/{course.CourseId}/enrollments/reconcile", manager);
        var again = (await app.Documents.ReadAsync<SeatCounter>(Containers.Courses, course.CourseId, SeatCounter.DocumentId))!.Value;
        Assert.Equal((3, 1), (again.Taken, again.Waiting));
    }

    [Fact]
    public async Task Seat_changes_in_flight_are_left_alone()
    {
        var view = await Courses.CreatePublishedAsync(app, "inflight-org", capacity: 3);
        var course = (await app.Services.GetRequiredService<CourseStore>().ReadAsync(view.CourseId, default))!.Value;
        await app.Documents.CreateAsync(Containers.Enrollments, course.CourseId, SeatBooking.NewPending(course, "busy", "inflight-org", DateTimeOffset.UtcNow));
        var report = await (await app.SendAsync(HttpMethod.Post, $"/api/courses/{course.CourseId}/enrollments/reconcile", app.Token("m", "inflight-org", Role.Manager)))
            .ReadAsync<ReconcileReport>();
        Assert.Equal(ReconcileResult.Busy, report.Result);
        Assert.Equal(EnrollmentStatus.Pending, (await app.Documents.ReadAsync<Enrollment>(Containers.Enrollments, course.CourseId, "busy"))!.Value.Status);
    }

    [Fact]
    public async Task A_learner_stuck_mid_change_gets_a_clear_answer_until_repair_and_then_proceeds()
    {
        var view = await Courses.CreatePublishedAsync(app, "stuck-org", capacity: 5);
        var course = (await app.Services.GetRequiredService<CourseStore>().ReadAsync(view.CourseId, default))!.Value;
        await app.Documents.CreateAsync(Containers.Enrollments, course.CourseId, SeatBooking.NewPending(course, "stuck", "stuck-org", DateTimeOffset.UtcNow.AddHours(-1)));
        var learner = app.Token("stuck", "stuck-org", Role.Learner);
        var manager = app.Token("m", "stuck-org", Role.Manager);

        await (await app.SendAsync(HttpMethod.Delete, $"/api/courses/{course.CourseId}/enrollments/me", learner)).ProblemAsync(System.Net.HttpStatusCode.Conflict);
        var report = await (await app.SendAsync(HttpMethod.Post, $"/api/courses/{course.CourseId}/enrollments", manager, new { learners = new[] { "stuck", "fresh" } }))
            .ReadAsync<AssignmentReport>();
        Assert.Equal([AssignmentResult.InProgress, AssignmentResult.Enrolled], report.Learners.Select(l => l.Result));

        await app.SendAsync(HttpMethod.Post, $"/api/courses/{course.CourseId}/enrollments/reconcile", manager);
        var left = await (await app.SendAsync(HttpMethod.Delete, $"/api/courses/{course.CourseId}/enrollments/me", learner)).ReadAsync<EnrollmentView>();
        Assert.Equal(EnrollmentStatus.Withdrawn, left.Status);
    }
}
