using System.Buffers;
using System.Text;

namespace Cooc.Ports;

/// <summary>
/// Shape rules for container names, blob names, prefixes, block ids and content types, checked by both blob adapters
/// before any request, so a name that works in development works in production and the reverse. They are stricter
/// than Azure in places on purpose: no empty, '.' or '..' segments (a URL would resolve them to another blob), no
/// backslash or control characters, parts of at most 255 UTF-8 bytes (a file name's limit on Linux and macOS).
/// The local-file store adds its platform's file-name rules and a full-path check against escaping its root.
/// </summary>
public static class BlobNameRules
{
    public const int MaxNameLength = 1024;
    public const int MaxBlockIdBytes = 64;
    public const int MaxContentTypeLength = 256;
    public const string DefaultContentType = "application/octet-stream";

    // A file name on Linux and macOS is at most 255 bytes; Azure has no per-segment limit, the local store has to.
    private const int MaxSegmentBytes = 255;
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // Control characters would end up in file names and in HTTP-facing names; backslash is a separator on Windows.
    private static readonly SearchValues<char> ForbiddenChars = SearchValues.Create(
        Enumerable.Range(0, 32).Select(c => (char)c).Concat(['\u007f', '\\']).ToArray());

    /// <summary>Azure's rules: 3-63 of lowercase letters, digits and '-', starting and ending with a letter or digit, no "--".</summary>
    public static void ValidateContainer(string container)
    {
        ArgumentNullException.ThrowIfNull(container);
        var valid = container.Length is >= 3 and <= 63
            && IsLowerLetterOrDigit(container[0]) && IsLowerLetterOrDigit(container[^1])
            && !container.Contains("--", StringComparison.Ordinal)
            && container.All(c => IsLowerLetterOrDigit(c) || c == '-');
        if (!valid)
            throw new ArgumentException(
                $"Invalid container name '{container}': use 3-63 lowercase letters, digits and single dashes.", nameof(container));
    }

    public static void ValidateName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length is 0 or > MaxNameLength)
            throw new ArgumentException($"A blob name must be 1-{MaxNameLength} characters long.", nameof(name));
        ValidateSegments(name, name, nameof(name));
    }

    /// <summary>A prefix is a name cut anywhere: its folders must be valid segments, its last part may be partial or empty.</summary>
    public static void ValidatePrefix(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        if (prefix.Length > MaxNameLength)
            throw new ArgumentException($"A prefix must be at most {MaxNameLength} characters long.", nameof(prefix));
        var lastSlash = prefix.LastIndexOf('/');
        if (lastSlash >= 0)
            ValidateSegments(prefix.AsSpan(0, lastSlash), prefix, nameof(prefix));
        if (prefix.AsSpan(lastSlash + 1).ContainsAny(ForbiddenChars))
            throw new ArgumentException($"Invalid prefix '{prefix}'.", nameof(prefix));
    }

    /// <summary>As in Azure: a base64 string that decodes to 1-64 bytes.</summary>
    public static void ValidateBlockId(string blockId)
    {
        ArgumentNullException.ThrowIfNull(blockId);
        Span<byte> decoded = stackalloc byte[MaxBlockIdBytes];
        if (blockId.Length == 0 || !Convert.TryFromBase64String(blockId, decoded, out var length) || length == 0)
            throw new ArgumentException(
                $"Invalid block id '{blockId}': it must be a base64 string of 1-{MaxBlockIdBytes} bytes.", nameof(blockId));
    }

    /// <summary>Content types become a response header: printable ASCII only, so no header injection.</summary>
    public static string NormalizeContentType(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
            return DefaultContentType;
        if (contentType.Length > MaxContentTypeLength || contentType.Any(c => c is < ' ' or > '~'))
            throw new ArgumentException($"Invalid content type '{contentType}'.", nameof(contentType));
        return contentType;
    }

    // Allocation-free: signing ~600 playlist URLs validates ~600 names.
    private static void ValidateSegments(ReadOnlySpan<char> path, string whole, string parameter)
    {
        foreach (var range in path.Split('/'))
            ValidateSegment(path[range], whole, parameter);
    }

    private static void ValidateSegment(ReadOnlySpan<char> segment, string whole, string parameter)
    {
        if (segment.IsEmpty || segment is "." or "..")
            throw new ArgumentException(
                $"Invalid blob name '{whole}': no leading '/', empty, '.' or '..' segments.", parameter);
        if (segment.ContainsAny(ForbiddenChars))
            throw new ArgumentException(
                $"Invalid blob name '{whole}': no backslash or control characters.", parameter);
        var printableAscii = !segment.ContainsAnyExceptInRange(' ', '~');
        if ((printableAscii ? segment.Length : Utf8ByteCount(segment)) is < 0 or > MaxSegmentBytes)
            throw new ArgumentException(
                $"Invalid blob name '{whole}': each '/'-separated part must be valid text of at most {MaxSegmentBytes} bytes in UTF-8.", parameter);
    }

    /// <summary>-1 for text that is not valid UTF-16 (a lone surrogate would be signed and stored as '?').</summary>
    private static int Utf8ByteCount(ReadOnlySpan<char> segment)
    {
        try
        {
            return StrictUtf8.GetByteCount(segment);
        }
        catch (EncoderFallbackException)
        {
            return -1;
        }
    }

    private static bool IsLowerLetterOrDigit(char c) => c is >= 'a' and <= 'z' or >= '0' and <= '9';
}
