namespace Cooc.Functions.Certificates;

/// <summary>The learner's own certificate, with short-lived signed download URLs for the PDF and the signed credential (a vc+jwt).</summary>
public sealed record MyCertificateView(
    string CertificateId,
    string VerificationCode,
    string VerificationUrl,
    string LearnerName,
    string CourseTitle,
    string OrganizationId,
    string Organization,
    DateTimeOffset AwardedOn,
    double Grade,
    string Status,
    int Revision,
    string PdfUrl,
    string CredentialUrl,
    DateTimeOffset UrlsExpireAt);

/// <summary>
/// The public answer for a verification code. Status is "valid", "revoked", or "invalid" when the stored credential's
/// signature does not verify under the published keys (then no facts are vouched for). The facts are read from the
/// verified credential itself.
/// </summary>
public sealed record VerificationView(
    string Status,
    bool SignatureValid,
    string VerificationCode,
    string VerificationUrl,
    string? LearnerName,
    string? Course,
    string? Organization,
    string OrganizationId,
    DateTimeOffset? AwardedOn,
    DateTimeOffset? IssuedAt,
    string? Grade,
    DateTimeOffset? RevokedAt,
    string? RevocationReason,
    string IssuerUrl,
    string StatusListCredential,
    int StatusListIndex)
{
    public const string Valid = "valid";
    public const string Revoked = "revoked";
    public const string Invalid = "invalid";

    /// <summary>The status of a certificate whose credential checks out: valid, or revoked.</summary>
    public static string Of(bool isRevoked) => isRevoked ? Revoked : Valid;
}

public sealed record RevokeCertificateRequest(string? Reason);

public sealed record RegenerateCertificateRequest(string? LearnerName);

/// <summary>One of your certificates in the list across courses: status is "valid" or "revoked".</summary>
public sealed record MyCertificateListItem(
    string CertificateId,
    string CourseId,
    string CourseTitle,
    string OrganizationId,
    string Organization,
    DateTimeOffset AwardedOn,
    double Grade,
    string Status,
    DateTimeOffset? RevokedAt,
    string VerificationUrl);

public sealed record MyCertificatePage(IReadOnlyList<MyCertificateListItem> Items, string? ContinuationToken);
