using System.Net;
using Cooc.Certificates;
using Cooc.Completion;
using Cooc.Functions.Certificates;
using Cooc.Identity;
using Cooc.Ports;
using Microsoft.Extensions.DependencyInjection;

namespace Cooc.Api.Tests.Certificates;

/// <summary>The certificates handler in the running app: exactly one certificate per learner and course, the PDF, and who may fetch it.</summary>
public sealed class CertificateIssuingTests(CertificateApp app) : IClassFixture<CertificateApp>
{
    [Fact]
    public async Task A_message_delivered_three_times_gives_one_certificate()
    {
        var course = await app.PublishedCourseAsync();
        await app.WriteEnrollmentAsync(course, "ana", "Ana Lima", CompletionState.Passed);
        foreach (var delivery in new[] { "", ":again", ":third" }) await app.SendAsync(course, "ana", delivery);

        var first = await app.WaitForCertificateAsync(course, "ana");
        // Redeliveries after the issue, all at once: they find the certificate issued and change nothing.
        await Task.WhenAll(Enumerable.Range(4, 3).Select(n => app.Handler.HandleAsync(app.Delivery(course, "ana", n), default)));

        var again = await app.WaitForCertificateAsync(course, "ana");
        Assert.Equal((first.CertificateId, first.VerificationCode, 1), (again.CertificateId, again.VerificationCode, again.Revision));
        var stored = await app.StoredAsync(course, "ana");
        Assert.Equal((1, 1), (stored.Revision, stored.ArtifactsRevision!.Value));
        await WaitForBlobCountAsync(stored.CertificateId, 2); // one PDF and one credential: a losing render removes its own
    }

    [Fact]
    public async Task Concurrent_first_deliveries_create_one_certificate_and_one_set_of_files()
    {
        var course = await app.PublishedCourseAsync();
        await app.WriteEnrollmentAsync(course, "bo", "Bo Berg", CompletionState.Passed);

        await Task.WhenAll(Enumerable.Range(1, 4).Select(n => Task.Run(() => app.Handler.HandleAsync(app.Delivery(course, "bo", n), default))));

        var stored = await app.StoredAsync(course, "bo");
        Assert.True(stored.IsIssued);
        var blobs = await app.Services.GetRequiredService<IBlobStore>().ListAsync(BlobContainers.Certificates, stored.CertificateId + "/");
        Assert.Equal(new[] { stored.CredentialBlob, stored.PdfBlob }.Order(), blobs.Select(b => b.Name).Order());
        var byCode = await app.Documents.ReadAsync<VerificationCodeEntry>(Containers.Certificates,
            VerificationCodeEntry.PartitionFor(stored.VerificationCode), stored.VerificationCode);
        Assert.Equal(stored.CertificateId, byCode!.Value.TargetCertificateId);
    }

    [Fact]
    public async Task A_redelivery_after_a_crash_between_the_certificate_and_its_files_completes_them_with_the_same_code()
    {
        var course = await app.PublishedCourseAsync();
        await app.WriteEnrollmentAsync(course, "cora", "Cora Crash", CompletionState.Passed);
        // The state a crash right after the certificate's create leaves: no code index, no PDF, no credential.
        var store = app.Services.GetRequiredService<CertificateStore>();
        var (listId, index) = await store.AllocateStatusEntryAsync(CertificateApp.Org, default);
        var courseDoc = (await app.Services.GetRequiredService<Cooc.Functions.Courses.CourseStore>().ReadAsync(course, default))!.Value;
        var enrollment = (await app.Documents.ReadAsync<Cooc.Enrollments.Enrollment>(Containers.Enrollments, course, "cora"))!.Value;
        var crashed = CertificateRules.Issue(courseDoc, enrollment, VerificationCodes.New(), listId, index, DateTimeOffset.UtcNow);
        await app.Documents.CreateAsync(Containers.Certificates, crashed.CertificateId, crashed);
        await (await app.SendAsync(HttpMethod.Get, $"/api/certificates/{crashed.VerificationCode}", token: null)).ProblemAsync(HttpStatusCode.NotFound);

        await app.Handler.HandleAsync(app.Delivery(course, "cora", 2), default);

        var view = await app.WaitForCertificateAsync(course, "cora");
        Assert.Equal(crashed.VerificationCode, view.VerificationCode);
        var answer = await (await app.SendAsync(HttpMethod.Get, $"/api/certificates/{crashed.VerificationCode}", token: null)).ReadAsync<VerificationView>();
        Assert.Equal((VerificationView.Valid, "Cora Crash"), (answer.Status, answer.LearnerName));
    }

    [Fact]
    public async Task The_PDF_is_A4_landscape_with_embedded_fonts_the_learners_name_and_the_verification_url()
    {
        var course = await app.PublishedCourseAsync();
        const string name = "Зоя Αλεξίου-Ødegård";
        await app.WriteEnrollmentAsync(course, "zoya", name, CompletionState.Passed);
        await app.SendAsync(course, "zoya");
        var view = await app.WaitForCertificateAsync(course, "zoya");

        var response = await app.Client.GetAsync(view.PdfUrl);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var pdf = await response.Content.ReadAsByteArrayAsync();
        var text = await CredentialChecks.PdfTextAsync(pdf);
        Assert.Contains(name, text);
        Assert.Contains(view.VerificationUrl, text);
        Assert.Contains("Safety basics", text); // the title in the course's default language (en)

        var info = await CredentialChecks.PopplerAsync("pdfinfo", pdf);
        var size = System.Text.RegularExpressions.Regex.Match(info, @"Page size:\s+([\d.]+) x ([\d.]+) pts");
        Assert.True(size.Success, info);
        Assert.Equal((841.9, 595.3), (Math.Round(double.Parse(size.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), 1),
            Math.Round(double.Parse(size.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture), 1))); // A4, landscape
        var fonts = (await CredentialChecks.PopplerAsync("pdffonts", pdf)).Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(2).ToList();
        Assert.NotEmpty(fonts);
        Assert.All(fonts, line => Assert.Contains("DejaVu Sans", line));
        Assert.All(fonts, line => Assert.Matches(@"\s+yes\s+yes\s+yes\s+", line)); // embedded, subset, with a Unicode map
    }

    [Fact]
    public async Task A_name_in_a_script_the_PDF_font_lacks_still_issues_and_the_credential_keeps_it_exactly()
    {
        var course = await app.PublishedCourseAsync();
        const string name = "山田 花子";
        await app.WriteEnrollmentAsync(course, "hanako", name, CompletionState.Passed);
        await app.SendAsync(course, "hanako");
        var view = await app.WaitForCertificateAsync(course, "hanako");

        // DejaVu Sans has no CJK glyphs: the name is drawn as missing-glyph boxes (README "Certificates"); the rest of the page is intact.
        var text = await CredentialChecks.PdfTextAsync(await app.Client.GetByteArrayAsync(view.PdfUrl));
        Assert.Contains(view.VerificationUrl, text);
        var answer = await (await app.SendAsync(HttpMethod.Get, $"/api/certificates/{view.VerificationCode}", token: null)).ReadAsync<VerificationView>();
        Assert.Equal(name, answer.LearnerName);
    }

    [Fact]
    public async Task Only_the_learner_themself_gets_their_certificate_and_only_once_issued()
    {
        var course = await app.PublishedCourseAsync();
        var mine = $"/api/courses/{course}/certificate/me";
        await app.WriteEnrollmentAsync(course, "cy", "Cy Young", CompletionState.Passed);
        await (await app.SendAsync(HttpMethod.Get, mine, app.Token("cy", CertificateApp.Org, Role.Learner))).ProblemAsync(HttpStatusCode.NotFound);

        await app.SendAsync(course, "cy");
        await app.WaitForCertificateAsync(course, "cy");
        await (await app.SendAsync(HttpMethod.Get, mine, app.Token("dee", CertificateApp.Org, Role.Learner))).ProblemAsync(HttpStatusCode.NotFound);
        await (await app.SendAsync(HttpMethod.Get, mine, app.Token("cy", "other-org", Role.Learner))).ProblemAsync(HttpStatusCode.NotFound);
        await (await app.SendAsync(HttpMethod.Get, mine, app.Token("boss", CertificateApp.Org, Role.Admin))).ProblemAsync(HttpStatusCode.NotFound);
        await (await app.SendAsync(HttpMethod.Get, mine, token: null)).ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_message_that_arrives_before_the_pass_is_stored_is_checked_again()
    {
        var course = await app.PublishedCourseAsync();
        await app.WriteEnrollmentAsync(course, "eli", "Eli Early", CompletionState.InProgress);
        await app.SendAsync(course, "eli");
        await app.WriteEnrollmentAsync(course, "eli", "Eli Early", CompletionState.Passed);

        Assert.Equal("Eli Early", (await app.WaitForCertificateAsync(course, "eli")).LearnerName);
    }

    [Fact]
    public async Task A_learner_who_has_not_passed_gets_no_certificate_and_the_message_is_dead_lettered_with_the_reason()
    {
        var course = await app.PublishedCourseAsync();
        await app.WriteEnrollmentAsync(course, "fay", "Fay Fail", CompletionState.Failed);
        await app.SendAsync(course, "fay");

        var dead = await WaitForDeadLetterAsync(m => m.Body.Contains("\"fay\"", StringComparison.Ordinal));
        Assert.Equal("PoisonMessage", dead.Reason);
        Assert.Contains("Failed, not Passed", dead.Description);
        Assert.Null(await app.Documents.ReadAsync<Certificate>(Containers.Certificates,
            Certificate.IdFor(course, "fay"), Certificate.IdFor(course, "fay")));
    }

    [Fact]
    public async Task A_message_for_a_learner_without_an_enrollment_is_poison()
    {
        var course = await app.PublishedCourseAsync();
        var failure = await Assert.ThrowsAsync<Cooc.Functions.Messaging.PoisonMessageException>(() => app.Handler.HandleAsync(app.Delivery(course, "ghost", 1), default));
        Assert.Contains("no enrollment", failure.Message);
    }

    private async Task<DeadLetteredMessage> WaitForDeadLetterAsync(Func<DeadLetteredMessage, bool> match)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
        while (DateTimeOffset.UtcNow < deadline)
        {
            if ((await app.Queue.PeekDeadLettersAsync(Queues.Certificates, 100)).FirstOrDefault(match) is { } dead) return dead;
            await Task.Delay(100);
        }
        throw new TimeoutException("The message was not dead-lettered.");
    }

    private async Task WaitForBlobCountAsync(string certificateId, int expected)
    {
        var blobs = app.Services.GetRequiredService<IBlobStore>();
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        int count;
        while ((count = (await blobs.ListAsync(BlobContainers.Certificates, certificateId + "/")).Count) != expected && DateTimeOffset.UtcNow < deadline)
            await Task.Delay(100);
        Assert.Equal(expected, count);
    }
}
