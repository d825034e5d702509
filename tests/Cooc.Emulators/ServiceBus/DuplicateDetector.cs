namespace Cooc.Emulators.ServiceBus;

/// <summary>
/// The MessageIds a queue saw inside its duplicate-detection window. A repeat inside the window is a duplicate; the
/// first sighting counts, so the window does not slide on repeats. Not thread-safe: the queue's lock guards it.
/// </summary>
internal sealed class DuplicateDetector(TimeSpan window)
{
    private readonly Dictionary<string, DateTimeOffset> seen = [];
    private readonly Queue<(string MessageId, DateTimeOffset At)> oldestFirst = new();

    /// <summary>True when the message is new (and remembers it); false for a duplicate.</summary>
    public bool TryRecord(string? messageId, DateTimeOffset now)
    {
        while (oldestFirst.TryPeek(out var oldest) && now - oldest.At >= window)
        {
            oldestFirst.Dequeue();
            seen.Remove(oldest.MessageId);
        }
        if (messageId is null || window <= TimeSpan.Zero) return true;
        if (!seen.TryAdd(messageId, now)) return false;
        oldestFirst.Enqueue((messageId, now));
        return true;
    }
}
