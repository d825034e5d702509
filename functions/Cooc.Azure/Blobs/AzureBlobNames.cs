using System.Buffers;
using System.Text;

namespace Cooc.Azure.Blobs;

/// <summary>
/// The same shape rules as the local store's (Cooc.Embedded BlobNames), checked before any request: a name that works
/// in development works in production and the reverse. They are stricter than Azure in places on purpose: no empty,
/// '.' or '..' segments (a URL would resolve them to another blob), no backslash or control characters, parts of at
/// most 255 UTF-8 bytes.
/// </summary>
internal static class AzureBlobNames
{
    public const int MaxNameLength = 1024;
    public const int MaxBlockIdBytes = 64;
    public const int MaxContentTypeLength = 256;
    public const string DefaultContentType = "application/octet-stream";

    private const int MaxSegmentBytes = 255;
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // The local store also forbids what Windows forbids in file names; here only what no platform can store or serve.
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
        foreach (var range in name.AsSpan().Split('/'))
            ValidateSegment(name.AsSpan()[range], name, nameof(name));
    }

    /// <summary>A prefix is a name cut anywhere: its folders must be valid segments, its last part may be partial or empty.</summary>
    public static void ValidatePrefix(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        if (prefix.Length > MaxNameLength)
            throw new ArgumentException($"A prefix must be at most {MaxNameLength} characters long.", nameof(prefix));
        var lastSlash = prefix.LastIndexOf('/');
        if (lastSlash >= 0)
            foreach (var range in prefix.AsSpan(0, lastSlash).Split('/'))
                ValidateSegment(prefix.AsSpan(0, lastSlash)[range], prefix, nameof(prefix));
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

    /// <summary>Content types become a response header: printable ASCII only; empty means octet-stream.</summary>
    public static string NormalizeContentType(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
            return DefaultContentType;
        if (contentType.Length > MaxContentTypeLength || contentType.Any(c => c is < ' ' or > '~'))
            throw new ArgumentException($"Invalid content type '{contentType}'.", nameof(contentType));
        return contentType;
    }

    private static void ValidateSegment(ReadOnlySpan<char> segment, string whole, string parameter)
    {
        if (segment.IsEmpty || segment is "." or "..")
            throw new ArgumentException($"Invalid blob name '{whole}': no leading '/', empty, '.' or '..' segments.", parameter);
        if (segment.ContainsAny(ForbiddenChars))
            throw new ArgumentException($"Invalid blob name '{whole}': no backslash or control characters.", parameter);
        var printableAscii = !segment.ContainsAnyExceptInRange(' ', '~');
        if ((printableAscii ? segment.Length : Utf8ByteCount(segment)) is < 0 or > MaxSegmentBytes)
            throw new ArgumentException(
                $"Invalid blob name '{whole}': each '/'-separated part must be valid text of at most {MaxSegmentBytes} bytes in UTF-8.", parameter);
    }

    /// <summary>-1 for text that is not valid UTF-16 (a lone surrogate cannot be sent).</summary>
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
