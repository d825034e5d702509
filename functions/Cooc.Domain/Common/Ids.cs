using System.Security.Cryptography;

namespace Cooc.Common;

/// <summary>Identifiers: user ids come from tokens; ids we mint are short, URL-safe and random.</summary>
public static class Ids
{
    public const int MaxLength = 128;

    /// <summary>Printable, URL-safe ids only, so they are safe in routes, partition keys and logs.</summary>
    public static bool IsValid(string? id) =>
        !string.IsNullOrEmpty(id) && id.Length <= MaxLength && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '@');

    /// <summary>A new id with 96 random bits, e.g. "crs_3kT9xQ0bVw1LzY8c".</summary>
    public static string New(string prefix) => $"{prefix}_{Base64Url(RandomNumberGenerator.GetBytes(12))}";

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
