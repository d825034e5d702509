using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cooc.Functions.Certificates;

/// <summary>
/// Compact JWS with ES256 (RFC 7515/7518): base64url(header).base64url(payload).base64url(r||s). Credentials follow
/// W3C VC-JOSE-COSE: the payload is the credential itself, header typ "vc+jwt" and cty "vc".
/// </summary>
public static class Jws
{
    public static string Sign(JsonObject payload, string type, CertificateSigningKeys keys)
    {
        var header = new JsonObject { ["alg"] = "ES256", ["kid"] = keys.KeyId, ["typ"] = type, ["cty"] = "vc" };
        var signingInput = $"{Base64Url(JsonSerializer.SerializeToUtf8Bytes(header))}.{Base64Url(JsonSerializer.SerializeToUtf8Bytes(payload))}";
        var signature = keys.Signing.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return $"{signingInput}.{Base64Url(signature)}";
    }

    /// <summary>The payload when the signature is valid under the key its header names; null otherwise (or when malformed).</summary>
    public static JsonObject? Verify(string compact, CertificateSigningKeys keys)
    {
        var parts = compact.Split('.');
        if (parts.Length != 3) return null;
        try
        {
            var header = JsonNode.Parse(FromBase64Url(parts[0])) as JsonObject;
            if (header?["alg"]?.GetValue<string>() != "ES256") return null;
            var key = keys.VerifyingKey(header["kid"]?.GetValue<string>());
            if (key is null) return null;
            var signed = Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}");
            if (!key.VerifyData(signed, FromBase64Url(parts[2]), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation)) return null;
            return JsonNode.Parse(FromBase64Url(parts[1])) as JsonObject;
        }
        catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException) { return null; }
    }

    public static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static byte[] FromBase64Url(string text)
    {
        var base64 = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '='));
    }
}
