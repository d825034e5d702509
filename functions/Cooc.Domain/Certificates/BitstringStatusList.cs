using System.IO.Compression;

namespace Cooc.Certificates;

/// <summary>
/// W3C Bitstring Status List v1.0: a bitstring of at least 131,072 entries (so one entry hides among many), where
/// index 0 is the most significant bit of the first byte; encodedList is the multibase base64url ('u' prefix, no
/// padding) of the GZIP-compressed bitstring. A set bit with statusPurpose "revocation" means revoked.
/// </summary>
public static class BitstringStatusList
{
    public const int MinimumLength = 131_072;
    public const char MultibaseBase64Url = 'u';

    public static string Encode(IEnumerable<int> setIndexes, int length = MinimumLength)
    {
        if (length < MinimumLength || length % 8 != 0) throw new ArgumentOutOfRangeException(nameof(length));
        var bits = new byte[length / 8];
        foreach (var index in setIndexes)
        {
            if (index < 0 || index >= length) throw new ArgumentOutOfRangeException(nameof(setIndexes), index, "Outside the list.");
            bits[index / 8] |= (byte)(0x80 >> (index % 8));
        }
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
            gzip.Write(bits);
        return MultibaseBase64Url + Convert.ToBase64String(compressed.ToArray()).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>The raw bitstring of an encodedList.</summary>
    /// <exception cref="FormatException">not multibase base64url of GZIP data.</exception>
    public static byte[] Decode(string encodedList)
    {
        if (string.IsNullOrEmpty(encodedList) || encodedList[0] != MultibaseBase64Url)
            throw new FormatException("An encodedList starts with the multibase prefix 'u' (base64url).");
        var text = encodedList[1..].Replace('-', '+').Replace('_', '/');
        var compressed = Convert.FromBase64String(text.PadRight(text.Length + (4 - text.Length % 4) % 4, '='));
        using var gzip = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress);
        using var bits = new MemoryStream();
        try { gzip.CopyTo(bits); }
        catch (InvalidDataException e) { throw new FormatException("The encodedList is not GZIP data.", e); }
        return bits.ToArray();
    }

    public static bool IsSet(ReadOnlySpan<byte> bits, int index) => (bits[index / 8] & (0x80 >> (index % 8))) != 0;
}
