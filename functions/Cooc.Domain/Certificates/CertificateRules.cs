using Cooc.Common;
using Cooc.Completion;
using Cooc.Courses;
using Cooc.Enrollments;
using Cooc.Identity;

namespace Cooc.Certificates;

/// <summary>The certificate decisions: whether to issue, what is issued, who may revoke or regenerate, and how.</summary>
public static class CertificateRules
{
    public const int MaxReasonLength = 500;
    public const int MaxLearnerNameLength = 200;

    /// <summary>Null when the enrollment says Passed; otherwise why not (yet).</summary>
    public static string? WhyNotPassed(Enrollment enrollment) =>
        enrollment.Progress is { State: CompletionState.Passed } ? null
        : $"the enrollment's progress is {enrollment.Progress?.State.ToString() ?? "not computed"}, not Passed";

    /// <summary>
    /// A new certificate from the course and the passed enrollment: the learner's name as the enrollment holds it (the
    /// learner id when it has none), the title in the course's default language, the overall grade and the pass date.
    /// </summary>
    public static Certificate Issue(Course course, Enrollment enrollment, string verificationCode, string statusListId, int statusListIndex, DateTimeOffset now)
    {
        var progress = enrollment.Progress ?? throw new ArgumentException("The enrollment has no progress.", nameof(enrollment));
        var (language, title) = LocalizedText.Pick(course.Title, [], course.DefaultLanguage);
        var description = course.Description.Count > 0 ? LocalizedText.Pick(course.Description, [language], course.DefaultLanguage).Text : null;
        var id = Certificate.IdFor(course.CourseId, enrollment.LearnerId);
        return new Certificate(id, id, course.OrganizationId, course.CourseId, enrollment.LearnerId, enrollment.LearnerOrganizationId,
            NameOf(enrollment), title, language, description, Math.Round(progress.Percent, 1, MidpointRounding.AwayFromZero), progress.PassingPercent,
            progress.PassedAt ?? progress.UpdatedAt, now, verificationCode, statusListId, statusListIndex,
            Revision: 1, ArtifactsRevision: null, PdfBlob: null, CredentialBlob: null, Credential: null,
            RevokedAt: null, RevokedBy: null, RevocationReason: null, UpdatedAt: now);
    }

    private static string NameOf(Enrollment enrollment) =>
        string.IsNullOrWhiteSpace(enrollment.LearnerName) ? enrollment.LearnerId : enrollment.LearnerName.Trim();

    /// <summary>Managers and admins of the issuing organization revoke and regenerate its certificates.</summary>
    public static Refusal? RefuseStaffAction(Caller caller, Certificate certificate) =>
        caller.IsManager && caller.OrganizationId == certificate.OrganizationId ? null
        : Refusal.Forbidden("Only managers and admins of the issuing organization may do this.");

    /// <summary>Only the learner themself sees their certificate; anyone else gets the same 404 as for none.</summary>
    public static bool IsOwner(Caller caller, Certificate certificate) =>
        caller.UserId == certificate.LearnerId && caller.OrganizationId == certificate.LearnerOrganizationId;

    /// <summary>Revokes with a reason; revoking again keeps the first revocation (the same instance: nothing to write).</summary>
    public static Outcome<Certificate> Revoke(Certificate certificate, Caller caller, string? reason, DateTimeOffset now)
    {
        if (RefuseStaffAction(caller, certificate) is { } refusal) return refusal;
        var errors = new FieldErrors();
        errors.Require(!string.IsNullOrWhiteSpace(reason), "reason", "Say why the certificate is revoked.");
        errors.Require((reason?.Length ?? 0) <= MaxReasonLength, "reason", $"At most {MaxReasonLength} characters.");
        if (errors.Any) return errors.ToRefusal();
        if (certificate.IsRevoked) return certificate;
        return certificate with { RevokedAt = now, RevokedBy = caller.UserId, RevocationReason = reason!.Trim(), UpdatedAt = now };
    }

    /// <summary>
    /// A new revision to render (same id, verification code and status entry), with the learner's name corrected when
    /// given and the course title as the course now has it. A revoked certificate stays as it is.
    /// </summary>
    public static Outcome<Certificate> Regenerate(Certificate certificate, Caller caller, string? learnerName, Course? course, DateTimeOffset now)
    {
        if (RefuseStaffAction(caller, certificate) is { } refusal) return refusal;
        if (learnerName is not null && (string.IsNullOrWhiteSpace(learnerName) || learnerName.Trim().Length > MaxLearnerNameLength))
            return new FieldErrors().Add("learnerName", $"Give a name of 1 to {MaxLearnerNameLength} characters, or leave it out.").ToRefusal();
        if (certificate.IsRevoked) return Refusal.Conflict("The certificate is revoked.", "A revoked certificate cannot be regenerated.");
        var title = course is null ? certificate.CourseTitle : LocalizedText.Pick(course.Title, [certificate.CourseLanguage], course.DefaultLanguage).Text;
        return certificate with
        {
            LearnerName = learnerName?.Trim() ?? certificate.LearnerName,
            CourseTitle = title,
            Revision = certificate.Revision + 1,
            UpdatedAt = now,
        };
    }
}
