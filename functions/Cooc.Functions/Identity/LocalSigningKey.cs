using System.Security.Cryptography;
using Cooc.Embedded;
using Microsoft.IdentityModel.Tokens;

namespace Cooc.Functions.Identity;

/// <summary>The standalone issuer's HMAC key: 256 random bits, created once in the data folder and readable by the owner only.</summary>
public static class LocalSigningKey
{
    public static SymmetricSecurityKey LoadOrCreate(string dataPath)
    {
        var text = SecretFile.ReadOrCreate(Path.Combine(dataPath, "token-signing.key"),
            () => System.Text.Encoding.ASCII.GetBytes(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))));
        return new SymmetricSecurityKey(Convert.FromBase64String(System.Text.Encoding.ASCII.GetString(text).Trim())) { KeyId = "local" };
    }
}
