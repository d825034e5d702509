using Cooc.Enrollments;
using Cooc.Functions.Courses;
using Cooc.Functions.Enrollments;
using Cooc.Identity;
using Cooc.Ports;
using Microsoft.Extensions.DependencyInjection;

namespace Cooc.Api.Tests;

/// <summary>The app with a one-second grace period, so the scheduled reconciliation comes due during the test.</summary>
public sealed class FastReconciliationApp() : CoocApp(["--Cooc:Enrollment:ReconcileGrace", "00:00:01"]);

public sealed class AutomaticReconciliationTests(FastReconciliationApp app) : IClassFixture<FastReconciliationApp>
{
    [Fact]
    public async Task A_crashed_enrollment_is_repaired_by_the_scheduled_pass_without_anyone_asking()
    {
        var view = await Courses.CreatePublishedAsync(app, "auto-org", capacity: 2);
        var course = (await app.Services.GetRequiredService<CourseStore>().ReadAsync(view.CourseId, default))!.Value;
        // A learner enrolls normally: this schedules the course's check on the enrollment queue.
        await app.SendAsync(HttpMethod.Post, $"/api/courses/{course.CourseId}/enrollments", app.Token("first", "auto-org", Role.Learner));
        // Then a request dies after taking its seat but before settling its enrollment.
        await app.Services.GetRequiredService<SeatBooking>().CreatePendingAsync(SeatBooking.NewPending(course, "crashed", "auto-org", DateTimeOffset.UtcNow), default);
        await app.Documents.IncrementAsync<SeatCounter>(Containers.Courses, course.CourseId, SeatCounter.DocumentId, [new Increment("taken", 1)]);

        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        Enrollment? crashed;
        do
        {
            await Task.Delay(250);
            crashed = (await app.Documents.ReadAsync<Enrollment>(Containers.Enrollments, course.CourseId, "crashed"))!.Value;
        } while (!crashed.Settled && DateTimeOffset.UtcNow < deadline);

        Assert.Equal(EnrollmentStatus.Enrolled, crashed.Status);
        var counter = (await app.Documents.ReadAsync<SeatCounter>(Containers.Courses, course.CourseId, SeatCounter.DocumentId))!.Value;
        Assert.Equal((2, 0), (counter.Taken, counter.Waiting));
        var mine = await (await app.SendAsync(HttpMethod.Get, "/api/me/courses", app.Token("crashed", "auto-org", Role.Learner))).ReadAsync<MyCoursePage>();
        Assert.Equal(EnrollmentStatus.Enrolled, Assert.Single(mine.Items).Status);
    }
}
