using System.Collections;
using Amqp;
using Amqp.Listener;
using Amqp.Types;

namespace Cooc.Emulators.ServiceBus;

/// <summary>
/// The $management node of a queue or of its dead-letter queue: renew-lock, update-disposition (the client settles
/// here when the receive link no longer knows the delivery), schedule-message, cancel-scheduled-message and
/// peek-message. Other operations (deferral, sessions, rules) answer 501.
/// </summary>
internal sealed class ManagementProcessor(EmulatedQueue queue, bool deadLetter) : IRequestProcessor
{
    public int Credit => 100;

    public void Process(RequestContext requestContext)
    {
        var operation = requestContext.Message.ApplicationProperties?["operation"] as string;
        var request = requestContext.Message.Body as Map ?? [];
        ManagementResponse response;
        try
        {
            response = operation switch
            {
                "com.microsoft:renew-lock" => RenewLock(request),
                "com.microsoft:update-disposition" => UpdateDisposition(request),
                "com.microsoft:schedule-message" => Schedule(request),
                "com.microsoft:cancel-scheduled-message" => CancelScheduled(request),
                "com.microsoft:peek-message" => Peek(request),
                _ => ManagementResponse.Error(501, "amqp:not-implemented", $"The emulator does not support '{operation}'."),
            };
        }
        catch (Exception exception) when (exception is InvalidCastException or ArgumentException or NullReferenceException or AmqpException)
        {
            // A request without the fields its operation needs (or with fields of other types).
            response = ManagementResponse.Error(400, "amqp:invalid-field", exception.Message);
        }
        requestContext.Complete(response.ToMessage());
    }

    private ManagementResponse RenewLock(Map request) =>
        queue.RenewLocks(Items<Guid>(request["lock-tokens"])) is { } expirations
            ? ManagementResponse.Ok(new Map { ["expirations"] = expirations.Select(e => e.UtcDateTime).ToArray() })
            : ManagementResponse.LockLost();

    private ManagementResponse UpdateDisposition(Map request)
    {
        var kind = request["disposition-status"] switch
        {
            "completed" => SettlementKind.Complete,
            "abandoned" => SettlementKind.Abandon,
            "suspended" => SettlementKind.DeadLetter,
            _ => (SettlementKind?)null,
        };
        if (kind is null) return ManagementResponse.Error(501, "amqp:not-implemented", $"The emulator does not support the disposition '{request["disposition-status"]}'.");
        var settlement = new Settlement(kind.Value, request["deadletter-reason"] as string, request["deadletter-description"] as string);
        var settled = Items<Guid>(request["lock-tokens"]).Select(token => queue.Settle(token, settlement)).ToList();
        return settled.All(ok => ok) ? ManagementResponse.Ok(new Map()) : ManagementResponse.LockLost();
    }

    private ManagementResponse Schedule(Map request)
    {
        var sequenceNumbers = Items<Map>(request["messages"])
            .Select(entry => MessageEncoding.Unpack((byte[])entry["message"]))
            .Select(message => queue.Schedule(message, message.ScheduledEnqueueTime ?? DateTimeOffset.UtcNow))
            .ToArray();
        return ManagementResponse.Ok(new Map { ["sequence-numbers"] = sequenceNumbers });
    }

    private ManagementResponse CancelScheduled(Map request) =>
        queue.CancelScheduled(Items<long>(request["sequence-numbers"]))
            ? ManagementResponse.Ok(new Map())
            : ManagementResponse.Error(404, "com.microsoft:message-not-found", "A scheduled message with that sequence number was not found.");

    private ManagementResponse Peek(Map request)
    {
        var from = Convert.ToInt64(request["from-sequence-number"]);
        var count = Convert.ToInt32(request["message-count"]);
        var peeked = queue.Peek(deadLetter, from, count);
        if (peeked.Count == 0) return ManagementResponse.Empty();
        var messages = new List();
        foreach (var encoded in peeked) messages.Add(new Map { ["message"] = encoded });
        return ManagementResponse.Ok(new Map { ["messages"] = messages });
    }

    /// <summary>The items of an AMQP array or list (the client sends arrays, some clients lists).</summary>
    private static IReadOnlyList<T> Items<T>(object? value) =>
        value is IEnumerable items ? items.Cast<T>().ToList() : throw new ArgumentException($"Expected a list of {typeof(T).Name}.");
}

/// <summary>A management response: statusCode and statusDescription (and errorCondition) properties, a map body.</summary>
internal sealed record ManagementResponse(int StatusCode, string Description, Map? Body, string? ErrorCondition = null)
{
    public static ManagementResponse Ok(Map body) => new(200, "OK", body);

    public static ManagementResponse Empty() => new(204, "No Content", null);

    public static ManagementResponse LockLost() => Error(
        410,
        "com.microsoft:message-lock-lost",
        "The lock supplied is invalid. Either the lock expired, or the message has already been removed from the queue.");

    public static ManagementResponse Error(int statusCode, string condition, string description) => new(statusCode, description, null, condition);

    public Message ToMessage()
    {
        var message = Body is null ? new Message() : new Message(Body);
        message.ApplicationProperties = new();
        message.ApplicationProperties["statusCode"] = StatusCode;
        message.ApplicationProperties["statusDescription"] = Description;
        if (ErrorCondition is not null) message.ApplicationProperties["errorCondition"] = (Symbol)ErrorCondition;
        return message;
    }
}
