using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Cooc.Functions.Hosting;

namespace Cooc.Functions.Certificates;

/// <summary>
/// The ES256 (P-256) key that signs credentials and status lists, and the public keys that verify them (the current
/// one and any retired ones). Key ids are RFC 7638 JWK thumbprints, so the JWS header's kid names its JWKS entry.
/// </summary>
public sealed class CertificateSigningKeys
{
    private readonly Dictionary<string, ECDsa> verifying;

    private CertificateSigningKeys(ECDsa signing, IEnumerable<ECDsa> retired)
    {
        Signing = signing;
        KeyId = Thumbprint(signing);
        verifying = new Dictionary<string, ECDsa>(StringComparer.Ordinal) { [KeyId] = signing };
        foreach (var key in retired) verifying.TryAdd(Thumbprint(key), key);
    }

    public ECDsa Signing { get; }
    public string KeyId { get; }

    public ECDsa? VerifyingKey(string? keyId) => keyId is not null && verifying.TryGetValue(keyId, out var key) ? key : null;

    public static CertificateSigningKeys Load(CertificateOptions options, RunMode mode, string dataPath)
    {
        var pem = options.SigningKey is { Length: > 0 } configured ? configured
            : mode == RunMode.Standalone ? LoadOrCreateFile(Path.Combine(dataPath, "certificate-signing.pem"))
            : throw new InvalidOperationException("Set Cooc:Certificates:SigningKey (app setting Cooc__Certificates__SigningKey: PEM of a P-256 private key, e.g. a Key Vault reference).");
        return new CertificateSigningKeys(FromPem(pem.Replace("\\n", "\n")), options.RetiredPublicKeys.Select(FromPem));
    }

    /// <summary>Created once, owner-only from its first byte (0600), and race-safe: a process that loses the rename uses the winner's key.</summary>
    private static string LoadOrCreateFile(string path)
    {
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var temp = $"{path}.{Guid.NewGuid():N}.tmp";
            var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows()) create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            using (var writer = new StreamWriter(temp, System.Text.Encoding.ASCII, create))
                writer.Write(key.ExportPkcs8PrivateKeyPem());
            try { File.Move(temp, path, overwrite: false); }
            catch (IOException) { File.Delete(temp); }
        }
        return File.ReadAllText(path);
    }

    private static ECDsa FromPem(string pem)
    {
        var key = ECDsa.Create();
        try { key.ImportFromPem(pem); }
        catch (ArgumentException e) { throw new InvalidOperationException("A certificate signing key is not PEM of an EC key.", e); }
        if (key.KeySize != 256) throw new InvalidOperationException("Certificate signing keys must be P-256 (ES256).");
        return key;
    }

    /// <summary>The public JWK set: every verifying key, current first.</summary>
    public JsonObject Jwks() => new()
    {
        ["keys"] = new JsonArray(verifying.Select(k => (JsonNode)Jwk(k.Value, k.Key)).ToArray()),
    };

    private static JsonObject Jwk(ECDsa key, string keyId)
    {
        var p = key.ExportParameters(includePrivateParameters: false);
        return new JsonObject
        {
            ["kty"] = "EC", ["crv"] = "P-256", ["x"] = Jws.Base64Url(p.Q.X!), ["y"] = Jws.Base64Url(p.Q.Y!),
            ["kid"] = keyId, ["use"] = "sig", ["alg"] = "ES256",
        };
    }

    /// <summary>RFC 7638: SHA-256 over the required members in lexicographic order, no whitespace.</summary>
    private static string Thumbprint(ECDsa key)
    {
        var p = key.ExportParameters(includePrivateParameters: false);
        var canonical = $"{{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"{Jws.Base64Url(p.Q.X!)}\",\"y\":\"{Jws.Base64Url(p.Q.Y!)}\"}}";
        return Jws.Base64Url(SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(canonical)));
    }
}
