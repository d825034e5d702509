using Cooc.Certificates;
using Cooc.Identity;
using static Cooc.Domain.Tests.Certificates.CertificateFixtures;

namespace Cooc.Domain.Tests.Certificates;

public sealed class LearnerCertificateTests
{
    [Fact]
    public void The_entry_names_the_learners_organization_for_their_reads_and_the_course_in_its_issued_language()
    {
        var entry = LearnerCertificate.From(Issued());

        Assert.Equal(("certificate:crs_1", "lea", "acme", "acme", "Les bases de la sécurité", 87.3, false),
            (entry.Id, entry.LearnerId, entry.OrganizationId, entry.IssuerOrganizationId, entry.CourseTitle, entry.Grade, entry.IsRevoked));
        Assert.Equal("certificate", entry.Kind);
    }

    [Fact]
    public void Deriving_again_from_the_same_certificate_writes_nothing()
    {
        var certificate = Issued();
        var stored = LearnerCertificate.From(certificate) with { }; // an equal copy, as a read returns it

        Assert.Same(stored, LearnerCertificate.Update(stored, certificate));
    }

    [Fact]
    public void A_revocation_replaces_the_entry_and_an_older_state_never_overwrites_it()
    {
        var issued = Issued();
        var revoked = CertificateRules.Revoke(issued, Caller("acme", Role.Manager), "Fraud.", Now.AddDays(1)).Value!;

        var entry = LearnerCertificate.Update(LearnerCertificate.From(issued), revoked);
        Assert.True(entry.IsRevoked);
        Assert.Same(entry, LearnerCertificate.Update(entry, issued)); // a late writer of the state before the revocation
    }

    [Fact]
    public void A_regeneration_updates_name_and_revision()
    {
        var issued = Issued();
        var regenerated = CertificateRules.Regenerate(issued, Caller("acme", Role.Admin), "Lea Odegard", null, Now.AddHours(1)).Value!;

        var entry = LearnerCertificate.Update(LearnerCertificate.From(issued), regenerated);
        Assert.Equal(("Lea Odegard", 2), (entry.LearnerName, entry.Revision));
    }
}
