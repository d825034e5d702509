using System.Net;
using Cooc.Completion;
using Cooc.Functions.Certificates;
using Cooc.Identity;

namespace Cooc.Api.Tests.Certificates;

/// <summary>GET /api/me/certificates: the caller's certificates across courses, from their partition of the learners container.</summary>
public sealed class MyCertificatesTests(CertificateApp app) : IClassFixture<CertificateApp>
{
    private async Task<string> IssueAsync(string learner, double percent = 91.5)
    {
        var course = await app.PublishedCourseAsync();
        await app.WriteEnrollmentAsync(course, learner, learner.ToUpperInvariant(), CompletionState.Passed, percent);
        await app.Handler.HandleAsync(app.Delivery(course, learner, 1), default); // issues and records, awaited
        return course;
    }

    private async Task<MyCertificatePage> MineAsync(string learner, string org = CertificateApp.Org, string query = "") =>
        await (await app.SendAsync(HttpMethod.Get, "/api/me/certificates" + query, app.Token(learner, org, Role.Learner))).ReadAsync<MyCertificatePage>();

    [Fact]
    public async Task A_learner_sees_their_own_certificates_across_courses_and_no_one_elses()
    {
        var first = await IssueAsync("uma", percent: 80);
        var second = await IssueAsync("uma", percent: 95);
        await IssueAsync("vic");

        var mine = await MineAsync("uma");

        Assert.Equal([second, first], mine.Items.Select(i => i.CourseId)); // newest award first (awarded a minute before each write)
        var item = mine.Items.Single(i => i.CourseId == first);
        var stored = await app.StoredAsync(first, "uma");
        Assert.Equal(("Safety basics", 80.0, VerificationView.Valid, "Acme Training", CertificateApp.Org),
            (item.CourseTitle, item.Grade, item.Status, item.Organization, item.OrganizationId));
        Assert.Equal(stored.AwardedOn, item.AwardedOn);
        Assert.EndsWith($"/api/certificates/{stored.VerificationCode}", item.VerificationUrl);
        Assert.Equal(VerificationView.Valid, (await (await app.SendAsync(HttpMethod.Get, new Uri(item.VerificationUrl).AbsolutePath, token: null))
            .ReadAsync<VerificationView>()).Status);
        Assert.DoesNotContain(mine.Items, i => i.CertificateId == Cooc.Certificates.Certificate.IdFor(first, "vic"));
        // The entries share the partition with course memberships, which GET /api/me/courses lists: it must not list these.
        var courses = await (await app.SendAsync(HttpMethod.Get, "/api/me/courses", app.Token("uma", CertificateApp.Org, Role.Learner)))
            .ReadAsync<Cooc.Functions.Enrollments.MyCoursePage>();
        Assert.Empty(courses.Items);
    }

    [Fact]
    public async Task Another_organizations_learner_with_the_same_id_sees_nothing()
    {
        await IssueAsync("wyn");

        Assert.Single((await MineAsync("wyn")).Items);
        Assert.Empty((await MineAsync("wyn", org: "other-org")).Items);
        await (await app.SendAsync(HttpMethod.Get, "/api/me/certificates", token: null)).ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_revoked_certificate_shows_as_revoked_and_a_regenerated_one_with_its_new_title()
    {
        var revokedCourse = await IssueAsync("xia");
        await IssueAsync("xia");
        var code = (await app.StoredAsync(revokedCourse, "xia")).VerificationCode;

        await (await app.SendAsync(HttpMethod.Post, $"/api/certificates/{code}/revoke", app.Token("max", CertificateApp.Org, Role.Manager),
            new { reason = "Issued in error." })).ReadAsync<VerificationView>();

        var mine = await MineAsync("xia");
        Assert.Equal(2, mine.Items.Count);
        var revoked = mine.Items.Single(i => i.CourseId == revokedCourse);
        Assert.Equal(VerificationView.Revoked, revoked.Status);
        Assert.NotNull(revoked.RevokedAt);
        Assert.Equal(VerificationView.Valid, mine.Items.Single(i => i.CourseId != revokedCourse).Status);
    }

    [Fact]
    public async Task The_list_is_paged()
    {
        var courses = new[] { await IssueAsync("yul"), await IssueAsync("yul"), await IssueAsync("yul") };

        var first = await MineAsync("yul", query: "?pageSize=2");
        Assert.Equal(2, first.Items.Count);
        Assert.NotNull(first.ContinuationToken);
        var rest = await MineAsync("yul", query: $"?pageSize=2&continuationToken={Uri.EscapeDataString(first.ContinuationToken!)}");

        Assert.Equal(courses.Order(), first.Items.Concat(rest.Items).Select(i => i.CourseId).Order());
    }
}
