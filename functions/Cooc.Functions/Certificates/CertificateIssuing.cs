using Cooc.Certificates;
using Cooc.Courses;
using Cooc.Enrollments;
using Cooc.Functions.Courses;
using Cooc.Functions.Messaging;
using Cooc.Ports;

namespace Cooc.Functions.Certificates;

/// <summary>What one issue attempt found: the certificate (issued now or before), or that the learner has not passed (yet).</summary>
public sealed record IssueResult(StoredDocument<Certificate>? Certificate, string? NotPassedBecause);

/// <summary>
/// Issues a learner's certificate for a course, exactly once however often (and however concurrently) it is asked:
/// the certificate id is derived from (course, learner), so the first create wins and everyone else reads the
/// winner; every later step (code index, status list, PDF, credential) is create-if-absent or completes what the
/// stored document still lacks, so a redelivery after a crash finishes the job. The passed check happens only before
/// the first create: an existing certificate is completed whatever the enrollment says now. Completing also sets a
/// revoked certificate's status-list bit and records it in the learner's view (both idempotent), which is how the
/// repair messages (<see cref="CertificateRepairs"/>) heal a revocation or regeneration that died half-way.
/// </summary>
public sealed class CertificateIssuing(IDocumentStore documents, CourseStore courses, CertificateStore store, CertificateArtifacts artifacts,
    LearnerCertificates learners, TimeProvider time)
{
    public async Task<IssueResult> IssueAsync(IssueCertificate request, CancellationToken ct)
    {
        var stored = await store.ReadAsync(Certificate.IdFor(request.CourseId, request.LearnerId), ct);
        if (stored is null)
        {
            var enrollment = (await documents.ReadAsync<Enrollment>(Containers.Enrollments, request.CourseId, request.LearnerId, ct))?.Value
                ?? throw new PoisonMessageException($"Learner {request.LearnerId} has no enrollment in course {request.CourseId}.");
            if (CertificateRules.WhyNotPassed(enrollment) is { } why) return new IssueResult(null, why);
            var course = (await courses.ReadAsync(request.CourseId, ct))?.Value
                ?? throw new PoisonMessageException($"Course {request.CourseId} does not exist.");
            stored = await CreateAsync(course, enrollment, ct);
        }
        var issued = await artifacts.CompleteAsync(stored, ct);
        if (issued.Value.IsRevoked) await store.SetRevokedAsync(issued.Value, ct);
        await learners.RecordAsync(issued.Value, ct);
        return new IssueResult(issued, null);
    }

    private async Task<StoredDocument<Certificate>> CreateAsync(Course course, Enrollment enrollment, CancellationToken ct)
    {
        var (listId, index) = await store.AllocateStatusEntryAsync(course.OrganizationId, ct);
        var certificate = CertificateRules.Issue(course, enrollment, VerificationCodes.New(), listId, index, time.GetUtcNow());
        return await store.CreateOrReadAsync(certificate, ct);
    }
}
