using System.Security.Cryptography;

namespace Cooc.Certificates;

/// <summary>
/// The code printed on a certificate and in its public verification URL: 160 random bits as 32 lowercase base32
/// characters (a-z, 2-7), so it is URL-safe, cannot be guessed, and reads without ambiguity between cases.
/// </summary>
public static class VerificationCodes
{
    public const int RandomBits = 160;
    public const int Length = RandomBits / 5;

    public static string New() => Base32.Encode(RandomNumberGenerator.GetBytes(RandomBits / 8));

    /// <summary>Anything else cannot be a code we issued: answer 404 without a read.</summary>
    public static bool IsWellFormed(string? code) => code is { Length: Length } && code.All(Base32.IsBase32);
}
