using System.Text.Json;
using Cooc.Enrollments;
using Cooc.Functions.Enrollments;
using Cooc.Identity;
using Cooc.Ports;
using Microsoft.Extensions.DependencyInjection;

namespace Cooc.Api.Tests;

/// <summary>The queue consumers inside the running app: poison goes to the dead-letter queue with a reason; redelivery changes nothing.</summary>
public sealed class MessageHandlingTests(CoocApp app) : IClassFixture<CoocApp>
{
    private IMessageQueue Queue => app.Services.GetRequiredService<IMessageQueue>();

    [Theory]
    [InlineData("not json at all")]
    [InlineData("{\"full\": true}")]
    public async Task A_poison_message_is_dead_lettered_with_a_reason(string body)
    {
        var id = "poison-" + Guid.NewGuid().ToString("N");
        await Queue.SendAsync(Queues.Enrollment, new OutgoingMessage(id, body));
        var dead = await WaitForDeadLetterAsync(id);
        Assert.Equal("PoisonMessage", dead.Reason);
        Assert.False(string.IsNullOrEmpty(dead.Description));
    }

    [Fact]
    public async Task A_reconcile_message_handled_twice_repairs_once_and_then_changes_nothing()
    {
        var view = await Courses.CreatePublishedAsync(app, "twice-org", capacity: 2);
        var course = (await app.Services.GetRequiredService<Cooc.Functions.Courses.CourseStore>().ReadAsync(view.CourseId, default))!.Value;
        foreach (var learner in new[] { "a", "b" })
            await app.SendAsync(HttpMethod.Post, $"/api/courses/{course.CourseId}/enrollments", app.Token(learner, "twice-org", Role.Learner));
        // A crashed request: pending for an hour, its seat never counted.
        await app.Documents.CreateAsync(Containers.Enrollments, course.CourseId, SeatBooking.NewPending(course, "crashed", "twice-org", DateTimeOffset.UtcNow.AddHours(-1)));

        var handler = app.Services.GetServices<Cooc.Functions.Messaging.IMessageHandler>().OfType<ReconcileSeatsHandler>().Single();
        var body = JsonSerializer.Serialize(new ReconcileSeats(course.CourseId, Full: false), DocumentJson.Options);
        var message = new ReceivedMessage(Queues.Enrollment, "m1", body, null, 1, "lock", DateTimeOffset.UtcNow.AddMinutes(1), DateTimeOffset.UtcNow, 1);

        await handler.HandleAsync(message, default);
        var repaired = await SnapshotAsync(course.CourseId);
        Assert.Contains("crashed:Waitlisted", repaired);
        Assert.Contains(" 2/1 ", repaired);

        await handler.HandleAsync(message with { DeliveryCount = 2 }, default);
        Assert.Equal(repaired, await SnapshotAsync(course.CourseId));
    }

    private async Task<string> SnapshotAsync(string courseId)
    {
        var counter = (await app.Documents.ReadAsync<SeatCounter>(Containers.Courses, courseId, SeatCounter.DocumentId))!;
        var enrollments = await app.Documents.QueryAsync<Enrollment>(Containers.Enrollments, courseId, new DocumentQuery([], null, 100));
        return $"{counter.ETag} {counter.Value.Taken}/{counter.Value.Waiting} " + string.Join(",", enrollments.Items.Select(e => $"{e.Value.Id}:{e.Value.Status}:{e.ETag}"));
    }

    private async Task<DeadLetteredMessage> WaitForDeadLetterAsync(string messageId)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(20);
        while (DateTimeOffset.UtcNow < deadline)
        {
            var dead = (await Queue.PeekDeadLettersAsync(Queues.Enrollment, 100)).FirstOrDefault(d => d.MessageId == messageId);
            if (dead is not null) return dead;
            await Task.Delay(100);
        }
        throw new TimeoutException($"{messageId} was not dead-lettered.");
    }
}
