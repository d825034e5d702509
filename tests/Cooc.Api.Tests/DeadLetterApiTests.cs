using System.Net;
using Cooc.Functions.Operations;
using Cooc.Identity;
using Cooc.Ports;
using Microsoft.Extensions.DependencyInjection;

namespace Cooc.Api.Tests;

/// <summary>
/// The app with an operating organization: only its admins manage dead letters. Its queue consumers are off, so the
/// tests' messages stay where the tests put them.
/// </summary>
public sealed class OperatedApp() : CoocApp(["--Cooc:OperatorOrganization", "ops", "--Cooc:RunConsumers", "false"]);

/// <summary>
/// The admin dead-letter endpoint on the grading queue, with no consumer running, so the tests control every message:
/// they dead-letter through the port and then list, replay and remove over HTTP.
/// </summary>
public sealed class DeadLetterApiTests(OperatedApp app) : IClassFixture<OperatedApp>
{
    private const string Path = "/api/admin/queues/grading/dead-letters";
    private IMessageQueue Queue => app.Services.GetRequiredService<IMessageQueue>();
    private string Operator => app.Token("op", "ops", Role.Admin);

    [Fact]
    public async Task Operator_lists_replays_and_removes_dead_letters()
    {
        var replayMe = await DeadLetterAsync("{\"review\":\"r1\"}", "InvalidReview", "criterion c2 has no option");
        var dropMe = await DeadLetterAsync("{\"review\":\"r2\"}", "Unprocessable", null);

        var listed = await (await app.SendAsync(HttpMethod.Get, Path, Operator)).ReadAsync<DeadLetterList>();
        var mine = listed.Items.Where(i => i.SequenceNumber == replayMe || i.SequenceNumber == dropMe).ToList();
        Assert.Equal([("{\"review\":\"r1\"}", "InvalidReview", "criterion c2 has no option"), ("{\"review\":\"r2\"}", "Unprocessable", null)],
            mine.Select(i => (i.Body, i.Reason, i.Description)));

        var replay = await app.SendAsync(HttpMethod.Post, Path + "/replay", Operator, new { sequenceNumbers = new[] { replayMe, 987654321L } });
        var outcome = await replay.ReadAsync<ReplayOutcome>();
        Assert.Equal([replayMe], outcome.Replayed);
        Assert.Equal([987654321L], outcome.NotFound);
        var again = Assert.Single(await Queue.ReceiveAsync(Queues.Grading, 1, TimeSpan.FromSeconds(5)));
        Assert.Equal(("{\"review\":\"r1\"}", 1), (again.Body, again.DeliveryCount));
        await Queue.CompleteAsync(again);

        Assert.Equal(HttpStatusCode.NoContent, (await app.SendAsync(HttpMethod.Delete, $"{Path}/{dropMe}", Operator)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.SendAsync(HttpMethod.Delete, $"{Path}/{dropMe}", Operator)).StatusCode);
        var left = await (await app.SendAsync(HttpMethod.Get, Path, Operator)).ReadAsync<DeadLetterList>();
        Assert.DoesNotContain(left.Items, i => i.SequenceNumber == replayMe || i.SequenceNumber == dropMe);
    }

    [Theory]
    [InlineData("acme", Role.Admin)]
    [InlineData("ops", Role.Manager)]
    [InlineData("ops", Role.Learner)]
    public async Task Anyone_but_an_operator_admin_is_refused(string org, Role role)
    {
        var token = app.Token("someone", org, role);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.SendAsync(HttpMethod.Get, Path, token)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.SendAsync(HttpMethod.Post, Path + "/replay", token, new { sequenceNumbers = new[] { 1 } })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.SendAsync(HttpMethod.Delete, Path + "/1", token)).StatusCode);
    }

    [Fact]
    public async Task Unknown_queue_is_404_and_bad_replay_requests_are_400_with_the_field()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await app.SendAsync(HttpMethod.Get, "/api/admin/queues/nope/dead-letters", Operator)).StatusCode);
        foreach (var numbers in new[] { Array.Empty<long>(), Enumerable.Range(1, 101).Select(n => (long)n).ToArray(), [-1L] })
        {
            var response = await app.SendAsync(HttpMethod.Post, Path + "/replay", Operator, new { sequenceNumbers = numbers });
            var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").TryGetProperty("sequenceNumbers", out _), problem.ToString());
        }
        await (await app.SendAsync(HttpMethod.Post, Path + "/replay", Operator, new { })).ProblemAsync(HttpStatusCode.BadRequest);
    }

    /// <summary>Sends a message to the grading queue, receives it and dead-letters it; returns its sequence number.</summary>
    private async Task<long> DeadLetterAsync(string body, string reason, string? description)
    {
        var id = "dl-" + Guid.NewGuid().ToString("N");
        await Queue.SendAsync(Queues.Grading, new OutgoingMessage(id, body));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            foreach (var message in await Queue.ReceiveAsync(Queues.Grading, 10, TimeSpan.FromSeconds(1)))
            {
                if (message.MessageId != id)
                {
                    await Queue.AbandonAsync(message);
                    continue;
                }
                await Queue.DeadLetterAsync(message, reason, description);
                return message.SequenceNumber;
            }
        }
        throw new TimeoutException($"{id} never arrived");
    }
}
