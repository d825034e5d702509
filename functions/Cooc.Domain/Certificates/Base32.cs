namespace Cooc.Certificates;

/// <summary>RFC 4648 base32 in lowercase without padding: URL-safe, case-insensitive and easy to read aloud.</summary>
public static class Base32
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    public static string Encode(ReadOnlySpan<byte> bytes)
    {
        var chars = new char[(bytes.Length * 8 + 4) / 5];
        int buffer = 0, bits = 0, next = 0;
        foreach (var b in bytes)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                chars[next++] = Alphabet[(buffer >> (bits - 5)) & 31];
                bits -= 5;
            }
        }
        if (bits > 0) chars[next++] = Alphabet[(buffer << (5 - bits)) & 31];
        return new string(chars, 0, next);
    }

    public static bool IsBase32(char c) => c is >= 'a' and <= 'z' or >= '2' and <= '7';
}
