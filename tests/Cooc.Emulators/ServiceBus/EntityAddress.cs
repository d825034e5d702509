namespace Cooc.Emulators.ServiceBus;

/// <summary>
/// What an attach address names: a queue or its dead-letter queue, or the management node of either. Addresses come
/// as "/queue", "queue", "queue/$DeadLetterQueue", "queue/$management" or an absolute URI with such a path.
/// </summary>
internal sealed record EntityAddress(string Queue, bool DeadLetter, bool Management)
{
    public const string DeadLetterSegment = "$DeadLetterQueue";
    public const string ManagementSegment = "$management";

    /// <summary>The address parsed, or null when it cannot name a queue entity (empty, or an unknown shape).</summary>
    public static EntityAddress? Parse(string? address)
    {
        if (string.IsNullOrWhiteSpace(address)) return null;
        var path = address.Contains("://", StringComparison.Ordinal) && Uri.TryCreate(address, UriKind.Absolute, out var uri)
            ? uri.AbsolutePath
            : address;
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length == 0 || segments[0].StartsWith('$')) return null;

        var rest = segments.AsSpan(1);
        var management = rest.Length > 0 && Is(rest[^1], ManagementSegment);
        if (management) rest = rest[..^1];
        var deadLetter = rest.Length > 0 && Is(rest[0], DeadLetterSegment);
        if (deadLetter) rest = rest[1..];
        return rest.Length == 0 ? new EntityAddress(segments[0], deadLetter, management) : null;
    }

    private static bool Is(string segment, string expected) => segment.Equals(expected, StringComparison.OrdinalIgnoreCase);
}
