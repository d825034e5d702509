using System.Text.Json.Nodes;
using Cooc.Certificates;

namespace Cooc.Functions.Certificates;

/// <summary>
/// Signs the Open Badges credentials and status lists as VC-JOSE-COSE JWTs (typ "vc+jwt", ES256): the payload is the
/// credential, plus the JWT claims that mirror it (iss = issuer id, jti = credential id, nbf = validFrom, iat).
/// </summary>
public sealed class CredentialSigner(CertificateSigningKeys keys, CertificateLinks links, CertificateOptions options, TimeProvider time)
{
    public const string MediaType = "application/vc+jwt";
    private const string Type = "vc+jwt";

    public CertificateSigningKeys Keys => keys;

    public string SignCredential(Certificate certificate)
    {
        var credential = OpenBadgeCredential.For(certificate, links.Urls, options.OrganizationName(certificate.OrganizationId));
        return Jws.Sign(WithClaims(credential, links.Urls.Issuer(certificate.OrganizationId), certificate.IssuedAt), Type, keys);
    }

    public string SignStatusList(StatusList list) =>
        Jws.Sign(WithClaims(OpenBadgeCredential.StatusListCredential(list, links.Urls), links.Urls.Issuer(list.OrganizationId), list.UpdatedAt), Type, keys);

    private JsonObject WithClaims(JsonObject credential, string issuer, DateTimeOffset validFrom)
    {
        credential["iss"] = issuer;
        credential["jti"] = credential["id"]!.GetValue<string>();
        credential["nbf"] = validFrom.ToUnixTimeSeconds();
        credential["iat"] = time.GetUtcNow().ToUnixTimeSeconds();
        return credential;
    }
}
