using Cooc.Certificates;
using Cooc.Completion;
using Cooc.Courses;
using Cooc.Enrollments;
using Cooc.Identity;

namespace Cooc.Domain.Tests.Certificates;

public static class CertificateFixtures
{
    public static readonly DateTimeOffset PassedAt = new(2026, 3, 12, 9, 30, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset Now = new(2026, 3, 12, 9, 31, 5, TimeSpan.Zero);
    public static readonly CredentialUrls Urls = new("https://verify.example.com/api");

    public static Course Course(string org = "acme") => new(
        "crs_1", "crs_1", org, "fr",
        new Dictionary<string, string> { ["en"] = "Safety basics", ["fr"] = "Les bases de la sécurité" },
        new Dictionary<string, string> { ["fr"] = "Rester en sécurité." },
        [], null, null, null, CourseVisibility.Organization, CourseStatus.Published, "ines", Now, Now, Now);

    public static Enrollment Passed(string learner = "lea", string? name = "Léa Ødegård", double percent = 87.25) => new(
        learner, "crs_1", "acme", "acme", EnrollmentStatus.Enrolled, EnrollmentSource.Self, null, null, Now, Now, Now, name,
        new CourseProgress(CompletionState.Passed, percent, 70, 3, 3, [], 1, null, PassedAt, Now));

    public static Certificate Issued(string code = "abcdefghijklmnopqrstuvwxyz234567") =>
        CertificateRules.Issue(Course(), Passed(), code, "acme-0", 41, Now);

    public static Caller Caller(string org, params Role[] roles) => new("someone", org, roles.ToHashSet());
}
