using System.Buffers.Text;
using System.Text.Json;

namespace Cooc.Emulators.Azurite;

/// <summary>
/// Bearer tokens for Azurite's "--oauth basic" mode, which decodes a JWT without checking its signature and only
/// checks lifetime, issuer (an Entra ID one) and audience (storage). So an unsigned token with those claims works.
/// </summary>
public static class AzuriteAccessToken
{
    public const string TenantId = "00000000-0000-0000-0000-00000000c00c";

    /// <summary>An unsigned JWT for oid (the signed-in principal, which user delegation keys are bound to).</summary>
    public static string Create(string objectId, DateTimeOffset now, TimeSpan lifetime)
    {
        var header = Encode(new { alg = "none", typ = "JWT" });
        var payload = Encode(new
        {
            aud = "https://storage.azure.com",
            iss = $"https://sts.windows.net/{TenantId}/",
            iat = now.AddMinutes(-5).ToUnixTimeSeconds(),
            nbf = now.AddMinutes(-5).ToUnixTimeSeconds(),
            exp = (now + lifetime).ToUnixTimeSeconds(),
            oid = objectId,
            tid = TenantId,
        });
        return $"{header}.{payload}.";
    }

    private static string Encode(object value) => Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(value));
}
