using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Cooc.ClaimLoad;

/// <summary>
/// HS256 tokens shaped like the standalone issuer's (LocalTokenIssuer: issuer cooc-local, audience cooc, key id
/// "local"), signed with the key the server reads from its data folder (token-signing.key, base64).
/// </summary>
public sealed class LocalTokens(byte[] key, string organization)
{
    private static readonly string Header = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new { alg = "HS256", kid = "local", typ = "JWT" }));

    public static LocalTokens FromKeyFile(string path, string organization) =>
        new(Convert.FromBase64String(File.ReadAllText(path).Trim()), organization);

    public string Mint(string userId, string role)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var claims = new Dictionary<string, object>
        {
            ["sub"] = userId, ["org"] = organization, ["roles"] = new[] { role },
            ["iss"] = "cooc-local", ["aud"] = "cooc", ["nbf"] = now - 5, ["iat"] = now, ["exp"] = now + 12 * 3600,
        };
        var signingInput = Header + "." + Base64Url(JsonSerializer.SerializeToUtf8Bytes(claims));
        return signingInput + "." + Base64Url(HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(signingInput)));
    }

    private static string Base64Url(byte[] bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);
}
