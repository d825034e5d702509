using System.Text.Json;
using Cooc.Certificates;
using Cooc.Ports;

namespace Cooc.Functions.Certificates;

/// <summary>
/// Durable follow-ups on the `certificates` queue for changes that take more than one write. Each is an
/// IssueCertificate for the certificate's course and learner (rules version 0), which the handler answers by
/// completing whatever the stored certificate still lacks: its files, its status-list bit when revoked, and its entry
/// in the learner's view. The MessageIds differ from the completion's, so duplicate detection never drops them.
/// </summary>
public static class CertificateRepairs
{
    public const string RevocationSubject = "revocation-check";
    public const string RegenerationSubject = "regenerate";

    /// <summary>
    /// Sent, scheduled for later, before a revocation is saved: should the request die between saving the certificate
    /// as revoked and setting its status-list bit, this message sets the bit (and finds nothing to do otherwise).
    /// </summary>
    public static OutgoingMessage RevocationCheck(Certificate certificate, DateTimeOffset at) =>
        For(certificate, $"revoke:{Guid.NewGuid():N}", at, RevocationSubject);

    /// <summary>Sent before a regeneration's render: the new revision is completed should the request die first.</summary>
    public static OutgoingMessage Regeneration(Certificate certificate, int revision) =>
        For(certificate, $"regenerate:{revision}", null, RegenerationSubject);

    private static OutgoingMessage For(Certificate certificate, string suffix, DateTimeOffset? at, string subject)
    {
        var request = new IssueCertificate(certificate.CourseId, certificate.LearnerId, 0);
        return new OutgoingMessage($"{request.MessageId}:{suffix}", JsonSerializer.Serialize(request, DocumentJson.Options), at, subject);
    }
}
