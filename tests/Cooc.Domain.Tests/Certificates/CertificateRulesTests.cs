using Cooc.Certificates;
using Cooc.Common;
using Cooc.Identity;
using static Cooc.Domain.Tests.Certificates.CertificateFixtures;

namespace Cooc.Domain.Tests.Certificates;

public sealed class CertificateRulesTests
{
    [Fact]
    public void Issuing_takes_the_facts_from_the_passed_enrollment_and_the_course()
    {
        var certificate = Issued();
        Assert.Equal(Certificate.IdFor("crs_1", "lea"), certificate.CertificateId);
        Assert.Equal(certificate.Id, certificate.CertificateId);
        Assert.Equal(("Léa Ødegård", "Les bases de la sécurité", "acme"), (certificate.LearnerName, certificate.CourseTitle, certificate.OrganizationId));
        Assert.Equal((87.3, PassedAt, 1), (certificate.Grade, certificate.AwardedOn, certificate.Revision));
        Assert.False(certificate.IsIssued);
        Assert.False(certificate.IsRevoked);
    }

    [Fact]
    public void A_learner_without_a_name_is_certified_under_their_id() =>
        Assert.Equal("lea", CertificateRules.Issue(Course(), Passed(name: "  "), "c", "acme-0", 0, Now).LearnerName);

    [Fact]
    public void Only_a_passed_enrollment_is_certified()
    {
        Assert.Null(CertificateRules.WhyNotPassed(Passed()));
        var inProgress = Passed() with { Progress = Passed().Progress! with { State = Cooc.Completion.CompletionState.InProgress } };
        Assert.Contains("InProgress", CertificateRules.WhyNotPassed(inProgress));
        Assert.Contains("not computed", CertificateRules.WhyNotPassed(Passed() with { Progress = null }));
    }

    public static TheoryData<string, Role[], RefusalKind?> Revokers => new()
    {
        { "acme", [Role.Manager], null },
        { "acme", [Role.Admin], null },
        { "acme", [Role.Learner], RefusalKind.Forbidden },
        { "acme", [Role.Instructor], RefusalKind.Forbidden },
        { "other", [Role.Admin], RefusalKind.Forbidden },
    };

    [Theory]
    [MemberData(nameof(Revokers))]
    public void Only_managers_and_admins_of_the_issuing_organization_revoke(string org, Role[] roles, RefusalKind? refusal)
    {
        var outcome = CertificateRules.Revoke(Issued(), Caller(org, roles), "Plagiarism", Now);
        Assert.Equal(refusal, outcome.Refusal?.Kind);
        if (refusal is null) Assert.Equal(("Plagiarism", Now), (outcome.Value!.RevocationReason, outcome.Value.RevokedAt!.Value));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("   ")]
    public void Revoking_needs_a_reason(string? reason) =>
        Assert.Equal(RefusalKind.Invalid, CertificateRules.Revoke(Issued(), Caller("acme", Role.Manager), reason, Now).Refusal?.Kind);

    [Fact]
    public void Revoking_again_keeps_the_first_revocation()
    {
        var revoked = CertificateRules.Revoke(Issued(), Caller("acme", Role.Manager), "First", Now).Value!;
        Assert.Same(revoked, CertificateRules.Revoke(revoked, Caller("acme", Role.Admin), "Second", Now.AddDays(1)).Value);
    }

    [Fact]
    public void Regenerating_keeps_the_code_and_status_entry_and_renders_a_new_revision()
    {
        var issued = Issued();
        var next = CertificateRules.Regenerate(issued, Caller("acme", Role.Manager), " Lea Odegard ", Course(), Now).Value!;
        Assert.Equal((issued.VerificationCode, issued.StatusListId, issued.StatusListIndex), (next.VerificationCode, next.StatusListId, next.StatusListIndex));
        Assert.Equal(("Lea Odegard", 2), (next.LearnerName, next.Revision));
        Assert.False(next.IsIssued);
        Assert.Equal("Léa Ødegård", CertificateRules.Regenerate(issued, Caller("acme", Role.Admin), null, null, Now).Value!.LearnerName);
    }

    [Fact]
    public void Regenerating_refuses_blank_names_learners_and_revoked_certificates()
    {
        Assert.Equal(RefusalKind.Invalid, CertificateRules.Regenerate(Issued(), Caller("acme", Role.Manager), " ", null, Now).Refusal?.Kind);
        Assert.Equal(RefusalKind.Forbidden, CertificateRules.Regenerate(Issued(), Caller("acme", Role.Learner), null, null, Now).Refusal?.Kind);
        var revoked = CertificateRules.Revoke(Issued(), Caller("acme", Role.Manager), "Fraud", Now).Value!;
        Assert.Equal(RefusalKind.Conflict, CertificateRules.Regenerate(revoked, Caller("acme", Role.Manager), null, null, Now).Refusal?.Kind);
    }

    [Fact]
    public void Only_the_learner_themself_owns_the_certificate()
    {
        var certificate = Issued();
        Assert.True(CertificateRules.IsOwner(new Caller("lea", "acme", new HashSet<Role> { Role.Learner }), certificate));
        Assert.False(CertificateRules.IsOwner(new Caller("lea", "other", new HashSet<Role> { Role.Learner }), certificate));
        Assert.False(CertificateRules.IsOwner(new Caller("leo", "acme", new HashSet<Role> { Role.Admin }), certificate));
    }
}
