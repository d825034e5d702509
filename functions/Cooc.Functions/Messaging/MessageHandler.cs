using System.Text.Json;
using Cooc.Ports;
using Microsoft.Extensions.DependencyInjection;

namespace Cooc.Functions.Messaging;

/// <summary>
/// Handles the messages of one queue: those with its Subject, or, with a null Subject, every message no other handler
/// of the queue claims. Handlers are idempotent: a message can arrive twice.
/// </summary>
public interface IMessageHandler
{
    string Queue { get; }

    string? Subject => null;

    Task HandleAsync(ReceivedMessage message, CancellationToken ct);
}

/// <summary>The message cannot ever be handled (malformed, or names something that does not exist): dead-letter it now.</summary>
public sealed class PoisonMessageException(string reason) : Exception(reason);

/// <summary>
/// Picks a message's handler: its queue's handler for its Subject, else the queue's handler for any subject. The
/// consumers use it for every message, and tests deliver messages through it.
/// </summary>
public sealed class MessageHandlers(IEnumerable<IMessageHandler> handlers)
{
    private readonly Dictionary<string, IMessageHandler[]> byQueue = handlers.GroupBy(h => h.Queue, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);

    public IEnumerable<string> Queues => byQueue.Keys;

    public IMessageHandler? For(string queue, ReceivedMessage message)
    {
        if (!byQueue.TryGetValue(queue, out var mine)) return null;
        return Array.Find(mine, h => h.Subject is not null && h.Subject == message.Subject) ?? Array.Find(mine, h => h.Subject is null);
    }

    public Task HandleAsync(ReceivedMessage message, CancellationToken ct) =>
        (For(message.Queue, message) ?? throw new PoisonMessageException($"No handler on {message.Queue} takes the subject '{message.Subject}'.")).HandleAsync(message, ct);

    /// <summary>A message body as T; malformed JSON is poison.</summary>
    public static T? Parse<T>(ReceivedMessage message)
    {
        try { return JsonSerializer.Deserialize<T>(message.Body, DocumentJson.Options); }
        catch (JsonException e) { throw new PoisonMessageException($"Malformed body: {e.Message}"); }
    }
}

/// <summary>
/// The handler of one queue and Subject whose body is a T: parsed, checked (a body that is malformed or fails the
/// check is poison, for the reason given), then handed on with the message (for its delivery count).
/// </summary>
public sealed class SubjectHandler<T>(string queue, string subject, Func<T, bool> isValid, string poisonReason,
    Func<T, ReceivedMessage, CancellationToken, Task> handle) : IMessageHandler where T : class
{
    public string Queue => queue;
    public string? Subject => subject;

    public Task HandleAsync(ReceivedMessage message, CancellationToken ct)
    {
        var body = MessageHandlers.Parse<T>(message);
        if (body is null || !isValid(body)) throw new PoisonMessageException(poisonReason);
        return handle(body, message, ct);
    }
}

public static class SubjectHandlers
{
    /// <summary>A <see cref="SubjectHandler{T}"/> whose work is a method of one service, resolved once.</summary>
    public static SubjectHandler<T> For<T, TService>(IServiceProvider services, string queue, string subject, Func<T, bool> isValid, string poisonReason,
        Func<TService, T, ReceivedMessage, CancellationToken, Task> handle) where T : class where TService : notnull
    {
        var service = services.GetRequiredService<TService>();
        return new SubjectHandler<T>(queue, subject, isValid, poisonReason, (m, message, ct) => handle(service, m, message, ct));
    }
}
