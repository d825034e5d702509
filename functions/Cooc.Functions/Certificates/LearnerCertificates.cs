using Cooc.Certificates;
using Cooc.Functions.Storage;
using Cooc.Ports;

namespace Cooc.Functions.Certificates;

/// <summary>
/// The learners container's certificate entries (<see cref="LearnerCertificate"/>): one per learner and course, written
/// create-if-absent and replaced only when the certificate changed since, so every step that may repeat (redelivery,
/// repair message, a retried request) can record it again.
/// </summary>
public sealed class LearnerCertificates(IDocumentStore documents)
{
    /// <summary>Records the certificate in its learner's view once its PDF and credential are stored.</summary>
    public async Task RecordAsync(Certificate certificate, CancellationToken ct)
    {
        if (!certificate.HasArtifacts) return;
        var result = await documents.ChangeAsync(Containers.Learners, certificate.LearnerId, LearnerCertificate.IdFor(certificate.CourseId),
            () => LearnerCertificate.From(certificate), current => LearnerCertificate.Update(current, certificate), ct);
        if (result.Refusal is { } refusal) throw new InvalidOperationException($"Recording the learner's certificate failed: {refusal.Title}");
    }

    /// <summary>One page of the learner's certificates held as a member of the organization, newest award first (one partition).</summary>
    public Task<DocumentPage<LearnerCertificate>> ListAsync(string learnerId, string organizationId, int pageSize, string? continuationToken, CancellationToken ct) =>
        documents.QueryAsync<LearnerCertificate>(Containers.Learners, learnerId, new DocumentQuery(
            [Condition.Eq("kind", LearnerCertificate.DocumentKind), Condition.Eq("organizationId", organizationId)],
            [new SortKey("awardedOn", Descending: true)], pageSize, continuationToken), ct);
}
