using System.Text.Json.Nodes;
using Cooc.Certificates;

namespace Cooc.Functions.Certificates;

/// <summary>
/// Verifies a stored certificate for the public: the credential's ES256 signature under the published key set, and
/// that it is the credential of this verification code; then the facts come from the credential, the revocation
/// from the certificate document (the source of truth the status list mirrors).
/// </summary>
public sealed class CertificateVerification(CredentialSigner signer, CertificateLinks links)
{
    public VerificationView Verify(Certificate certificate)
    {
        var urls = links.Urls;
        var payload = certificate.Credential is { } jws ? Jws.Verify(jws, signer.Keys) : null;
        var belongs = payload?["id"]?.GetValue<string>() is { } id && id.EndsWith("/certificates/" + certificate.VerificationCode, StringComparison.Ordinal);
        var verified = belongs ? payload : null;
        var subject = verified?["credentialSubject"];
        var status = verified is null ? VerificationView.Invalid : VerificationView.Of(certificate.IsRevoked);
        return new VerificationView(
            status,
            verified is not null,
            certificate.VerificationCode,
            urls.Verification(certificate.VerificationCode),
            Text(subject?["identifier"]?[0]?["identityHash"]),
            Text(subject?["achievement"]?["name"]),
            Text(verified?["issuer"]?["name"]),
            certificate.OrganizationId,
            Date(verified?["awardedDate"]),
            Date(verified?["validFrom"]),
            Text(subject?["result"]?[0]?["value"]),
            certificate.RevokedAt,
            certificate.RevocationReason,
            urls.Issuer(certificate.OrganizationId),
            urls.StatusList(certificate.StatusListId),
            certificate.StatusListIndex);
    }

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static DateTimeOffset? Date(JsonNode? node) => DateTimeOffset.TryParse(Text(node), System.Globalization.CultureInfo.InvariantCulture,
        System.Globalization.DateTimeStyles.AssumeUniversal, out var at) ? at : null;
}
