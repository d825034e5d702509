using Cooc.Ports;

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
