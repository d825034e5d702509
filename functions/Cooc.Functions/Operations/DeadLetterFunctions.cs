using Cooc.Functions.Hosting;
using Cooc.Functions.Http;
using Cooc.Functions.Identity;
using Cooc.Identity;
using Cooc.Operations;
using Cooc.Ports;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Cooc.Functions.Operations;

/// <summary>Dead letters per queue, for operators: list (peek, nothing is taken), replay chosen ones, or drop one for good.</summary>
public sealed class DeadLetterFunctions(CallerIdentification callers, JsonBody body, IMessageQueue queues, CoocSettings settings)
{
    [Function("ListDeadLetters")]
    [ApiOperation("Operations", "A queue's dead letters, oldest first, with reason and body (admins of the operating organization; ?max=1..500, default 100).", null, typeof(DeadLetterList))]
    public async Task<IResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/queues/{queue}/dead-letters")] HttpRequest request, string queue, CancellationToken ct)
    {
        var (caller, problem) = await AuthorizeAsync(request, queue);
        if (caller is null) return problem!;
        var max = request.PageSize(100, 500);
        var dead = await queues.PeekDeadLettersAsync(queue, max, ct);
        return TypedResults.Ok(new DeadLetterList(queue, dead.Select(DeadLetterView.Of).ToList()));
    }

    [Function("ReplayDeadLetters")]
    [ApiOperation("Operations", "Sends chosen dead letters back into their queue with a fresh delivery count and removes them; reports which were not found.", typeof(ReplayDeadLetters), typeof(ReplayOutcome))]
    public async Task<IResult> Replay([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admin/queues/{queue}/dead-letters/replay")] HttpRequest request, string queue, CancellationToken ct)
    {
        var (caller, problem) = await AuthorizeAsync(request, queue);
        if (caller is null) return problem!;
        var (input, bodyProblem) = await body.ReadAsync<ReplayDeadLetters>(request);
        if (input is null) return bodyProblem!;
        if (OperationsRules.ValidateReplay(input.SequenceNumbers) is { } invalid) return Problems.From(invalid);
        var (replayed, notFound) = (new List<long>(), new List<long>());
        foreach (var sequenceNumber in input.SequenceNumbers!.Distinct())
            (await queues.ReplayDeadLetterAsync(queue, sequenceNumber, ct) ? replayed : notFound).Add(sequenceNumber);
        return TypedResults.Ok(new ReplayOutcome(replayed, notFound));
    }

    [Function("DeleteDeadLetter")]
    [ApiOperation("Operations", "Removes one dead letter for good.", null, null, StatusCodes.Status204NoContent)]
    public async Task<IResult> Delete([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "admin/queues/{queue}/dead-letters/{sequenceNumber}")] HttpRequest request,
        string queue, string sequenceNumber, CancellationToken ct)
    {
        var (caller, problem) = await AuthorizeAsync(request, queue);
        if (caller is null) return problem!;
        if (!long.TryParse(sequenceNumber, out var number) || number < 0) return Problems.NotFound("Dead letter");
        return await queues.RemoveDeadLetterAsync(queue, number, ct) ? TypedResults.NoContent() : Problems.NotFound("Dead letter");
    }

    private async Task<(Caller? Caller, IResult? Problem)> AuthorizeAsync(HttpRequest request, string queue)
    {
        var (caller, authProblem) = await callers.IdentifyAsync(request);
        if (caller is null) return (null, Problems.Unauthorized(authProblem));
        if (OperationsRules.RefuseDeadLetterAccess(caller, settings.OperatorOrganization) is { } refusal) return (null, Problems.From(refusal));
        if (!OperationsRules.IsKnownQueue(queue)) return (null, Problems.NotFound("Queue"));
        return (caller, null);
    }
}

public sealed record ReplayDeadLetters(IReadOnlyList<long>? SequenceNumbers);

public sealed record ReplayOutcome(IReadOnlyList<long> Replayed, IReadOnlyList<long> NotFound);

public sealed record DeadLetterList(string Queue, IReadOnlyList<DeadLetterView> Items);

public sealed record DeadLetterView(long SequenceNumber, string MessageId, string? Subject, string Reason, string? Description,
    int DeliveryCount, DateTimeOffset EnqueuedAt, string Body)
{
    public static DeadLetterView Of(DeadLetteredMessage m) =>
        new(m.SequenceNumber, m.MessageId, m.Subject, m.Reason, m.Description, m.DeliveryCount, m.EnqueuedAt, m.Body);
}
