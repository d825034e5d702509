using Cooc.Ports;

namespace Cooc.Certificates;

/// <summary>
/// A learner's certificate as their view across courses lists it: learners container, partition learnerId, id
/// "certificate:{courseId}" (<see cref="IdFor"/>), kind "certificate". It is derived from the certificate document once
/// its PDF and credential are stored, and derived again after a regeneration or a revocation. OrganizationId is the
/// learner's organization (what the learner's own reads filter on), IssuerOrganizationId the course's.
/// SourceUpdatedAt is the certificate's UpdatedAt it was derived from, so a late writer of an older state never
/// overwrites a newer one. It deliberately has no courseOrganizationId: the course memberships in the same
/// partition are selected by that property.
/// </summary>
public sealed record LearnerCertificate(
    string Id,
    string LearnerId,
    string OrganizationId,
    string CourseId,
    string CertificateId,
    string IssuerOrganizationId,
    string CourseTitle,
    string LearnerName,
    DateTimeOffset AwardedOn,
    double Grade,
    string VerificationCode,
    int Revision,
    DateTimeOffset? RevokedAt,
    DateTimeOffset SourceUpdatedAt) : IDocument
{
    public const string DocumentKind = "certificate";

    public string Kind => DocumentKind;

    public bool IsRevoked => RevokedAt is not null;

    public static string IdFor(string courseId) => $"certificate:{courseId}";

    public static LearnerCertificate From(Certificate c) =>
        new(IdFor(c.CourseId), c.LearnerId, c.LearnerOrganizationId, c.CourseId, c.CertificateId, c.OrganizationId, c.CourseTitle, c.LearnerName,
            c.AwardedOn, c.Grade, c.VerificationCode, c.Revision, c.RevokedAt, c.UpdatedAt);

    /// <summary>
    /// The entry for the certificate as it is now; the same instance (nothing to write) when the stored entry already
    /// says this, or was derived from a newer state of the certificate.
    /// </summary>
    public static LearnerCertificate Update(LearnerCertificate current, Certificate certificate)
    {
        if (current.SourceUpdatedAt > certificate.UpdatedAt) return current;
        var next = From(certificate);
        return next == current ? current : next;
    }
}
