using System.Text;

namespace Cooc.Assessment;

/// <summary>
/// What a file is by its first bytes (its "magic number"), not by the name or media type a client claims. Submission
/// files are checked with it after upload, and stored with the media type found here, so a file named .pdf that is
/// really HTML or an executable is refused and nothing is ever served as HTML.
/// </summary>
public static class FileSignatures
{
    /// <summary>How many leading bytes <see cref="Identify"/> looks at.</summary>
    public const int HeadLength = 512;

    private sealed record Signature(int Offset, byte[] Bytes);

    private sealed record Kind(string MediaType, string[] Extensions, Signature[] AllOf);

    private static readonly string[] TextExtensions =
        ["txt", "md", "csv", "tsv", "json", "xml", "yaml", "yml", "tex", "py", "r", "java", "c", "h", "cpp", "cs", "js", "ts", "sql", "ipynb", "rmd"];

    private static Signature At(int offset, string ascii) => new(offset, Encoding.ASCII.GetBytes(ascii));
    private static Signature At(int offset, params byte[] bytes) => new(offset, bytes);

    // Container formats (zip, OLE, RIFF, ISO media) cover several extensions: the content says which family, the name which member.
    private static readonly Kind[] Kinds =
    [
        new("application/pdf", ["pdf"], [At(0, "%PDF-")]),
        new("image/png", ["png"], [At(0, 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A)]),
        new("image/jpeg", ["jpg", "jpeg"], [At(0, 0xFF, 0xD8, 0xFF)]),
        new("image/gif", ["gif"], [At(0, "GIF8")]),
        new("image/webp", ["webp"], [At(0, "RIFF"), At(8, "WEBP")]),
        new("audio/wav", ["wav"], [At(0, "RIFF"), At(8, "WAVE")]),
        new("audio/mpeg", ["mp3"], [At(0, "ID3")]),
        new("video/mp4", ["mp4", "m4a", "m4v", "mov"], [At(4, "ftyp")]),
        new("application/zip", ["zip", "docx", "xlsx", "pptx", "odt", "ods", "odp", "epub", "jar"], [At(0, 0x50, 0x4B, 0x03, 0x04)]),
        new("application/x-ole-storage", ["doc", "xls", "ppt"], [At(0, 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1)]),
    ];

    /// <summary>The media type the content shows (null: no known binary signature and not text).</summary>
    public static string? Identify(ReadOnlySpan<byte> head)
    {
        foreach (var kind in Kinds)
            if (Matches(kind, head)) return kind.MediaType;
        return IsText(head) ? "text/plain; charset=utf-8" : null;
    }

    /// <summary>
    /// The media type to store for a file of this extension and content, or null when the content is not what the
    /// extension says. Known binary extensions need their signature; text extensions need text (UTF-8, no control
    /// bytes but tab, CR, LF); any other extension (allowed only when the assignment allows any type) is accepted
    /// unless its content is a known binary of another kind, and stored as application/octet-stream or text.
    /// </summary>
    public static string? MediaTypeFor(string extension, ReadOnlySpan<byte> head)
    {
        extension = extension.ToLowerInvariant();
        var claimed = Kinds.FirstOrDefault(k => k.Extensions.Contains(extension));
        if (claimed is not null) return Matches(claimed, head) ? OfficeType(extension) ?? claimed.MediaType : null;
        if (TextExtensions.Contains(extension)) return IsText(head) ? "text/plain; charset=utf-8" : null;
        if (head.Length == 0) return null;
        return Identify(head) switch
        {
            "text/plain; charset=utf-8" => "text/plain; charset=utf-8",
            null => "application/octet-stream",
            _ => null,
        };
    }

    private static string? OfficeType(string extension) => extension switch
    {
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "pptx" => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "doc" => "application/msword",
        "xls" => "application/vnd.ms-excel",
        "ppt" => "application/vnd.ms-powerpoint",
        _ => null,
    };

    private static bool Matches(Kind kind, ReadOnlySpan<byte> head)
    {
        foreach (var signature in kind.AllOf)
            if (head.Length < signature.Offset + signature.Bytes.Length || !head.Slice(signature.Offset, signature.Bytes.Length).SequenceEqual(signature.Bytes))
                return false;
        return true;
    }

    /// <summary>Non-empty, valid UTF-8 (a sequence cut at the end of the head is fine), no control bytes but tab, CR, LF, FF.</summary>
    private static bool IsText(ReadOnlySpan<byte> head)
    {
        if (head.Length == 0) return false;
        foreach (var b in head)
            if (b < 0x20 && b is not (0x09 or 0x0A or 0x0C or 0x0D)) return false;
        var decoder = new UTF8Encoding(false, throwOnInvalidBytes: true).GetDecoder();
        try
        {
            var chars = new char[head.Length];
            decoder.GetChars(head, chars, flush: false);
            return true;
        }
        catch (DecoderFallbackException) { return false; }
    }
}
