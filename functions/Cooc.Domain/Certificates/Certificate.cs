using System.Security.Cryptography;
using System.Text;
using Cooc.Ports;

namespace Cooc.Certificates;

/// <summary>
/// One learner's certificate for one course: certificates container, partition /certificateId, id = certificateId,
/// which is derived from (courseId, learnerId) so that every delivery of the issue message finds the same document
/// and a second certificate cannot exist. The facts are as issued (name, title, grade, date); Revision grows when
/// staff regenerate it; the PDF and signed credential of the current revision are stored once ArtifactsRevision
/// equals Revision (the blob names carry a per-render suffix, so a losing concurrent render never overwrites them).
/// </summary>
public sealed record Certificate(
    string Id,
    string CertificateId,
    string OrganizationId,
    string CourseId,
    string LearnerId,
    string LearnerOrganizationId,
    string LearnerName,
    string CourseTitle,
    string CourseLanguage,
    string? CourseDescription,
    double Grade,
    double PassingPercent,
    DateTimeOffset AwardedOn,
    DateTimeOffset IssuedAt,
    string VerificationCode,
    string StatusListId,
    int StatusListIndex,
    int Revision,
    int? ArtifactsRevision,
    string? PdfBlob,
    string? CredentialBlob,
    string? Credential,
    DateTimeOffset? RevokedAt,
    string? RevokedBy,
    string? RevocationReason,
    DateTimeOffset UpdatedAt) : IDocument
{
    public bool IsRevoked => RevokedAt is not null;

    /// <summary>A PDF and a signed credential are stored (maybe of an earlier revision while a regeneration completes): the certificate is issued.</summary>
    public bool HasArtifacts => Credential is not null && PdfBlob is not null && CredentialBlob is not null;

    /// <summary>The PDF and the signed credential of the current revision are stored: nothing left to render.</summary>
    public bool IsIssued => HasArtifacts && ArtifactsRevision == Revision;

    /// <summary>"crt_" and 130 bits of SHA-256 over the course and learner (length-prefixed, so no two pairs share an input): deterministic, fixed length, URL-safe.</summary>
    public static string IdFor(string courseId, string learnerId) =>
        "crt_" + Base32.Encode(SHA256.HashData(Encoding.UTF8.GetBytes($"{courseId.Length}:{courseId}{learnerId}")))[..26];

    /// <summary>Blob names of one render of one revision: the suffix keeps concurrent renders apart.</summary>
    public (string Pdf, string Credential) BlobNamesFor(int revision, string renderId) =>
        ($"{CertificateId}/r{revision}-{renderId}/certificate.pdf", $"{CertificateId}/r{revision}-{renderId}/credential.jwt");

    public Certificate WithArtifacts(int revision, string pdfBlob, string credentialBlob, string credential, DateTimeOffset now) =>
        this with { ArtifactsRevision = revision, PdfBlob = pdfBlob, CredentialBlob = credentialBlob, Credential = credential, UpdatedAt = now };
}

/// <summary>
/// The point-read index from a verification code to its certificate: certificates container, partition "code:{code}"
/// (held in CertificateId, as the container's partition key path is /certificateId), id = the code.
/// </summary>
public sealed record VerificationCodeEntry(string Id, string CertificateId, string TargetCertificateId, string OrganizationId) : IDocument
{
    public static string PartitionFor(string code) => $"code:{code}";

    public static VerificationCodeEntry For(Certificate certificate) =>
        new(certificate.VerificationCode, PartitionFor(certificate.VerificationCode), certificate.CertificateId, certificate.OrganizationId);
}
