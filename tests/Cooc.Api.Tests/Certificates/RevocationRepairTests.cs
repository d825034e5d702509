using Cooc.Certificates;
using Cooc.Completion;
using Cooc.Functions.Certificates;
using Cooc.Identity;
using Cooc.Ports;
using Microsoft.Extensions.DependencyInjection;

namespace Cooc.Api.Tests.Certificates;

/// <summary>
/// A revocation is two writes (the certificate, then its status-list bit). The revoke request schedules a durable
/// check before the first; these tests leave the state a crash would leave and deliver that check as the queue would.
/// </summary>
public sealed class RevocationRepairTests(CertificateApp app) : IClassFixture<CertificateApp>
{
    private static readonly Caller Manager = new("max", CertificateApp.Org, new HashSet<Role> { Role.Manager });

    private async Task<Certificate> IssuedAsync(string learner)
    {
        var course = await app.PublishedCourseAsync();
        await app.WriteEnrollmentAsync(course, learner, learner.ToUpperInvariant(), CompletionState.Passed);
        await app.Handler.HandleAsync(app.Delivery(course, learner, 1), default);
        return await app.StoredAsync(course, learner);
    }

    private async Task<bool> PublishedBitAsync(Certificate certificate)
    {
        var credential = await app.Client.GetStringAsync($"/api/status-lists/{certificate.StatusListId}");
        return CredentialChecks.IsSet(CredentialChecks.Bitstring(CredentialChecks.Payload(credential)), certificate.StatusListIndex);
    }

    private Task DeliverAsync(OutgoingMessage message) => app.Handler.HandleAsync(new ReceivedMessage(Queues.Certificates, message.MessageId, message.Body,
        message.Subject, 1, "lock-check", DateTimeOffset.UtcNow.AddMinutes(1), DateTimeOffset.UtcNow, 1), default);

    [Fact]
    public async Task A_revocation_that_died_after_saving_the_certificate_gets_its_status_bit_from_the_scheduled_check()
    {
        var issued = await IssuedAsync("rex");
        // What the revoke request did before dying: schedule the check, save the certificate as revoked; no bit yet.
        var check = CertificateRepairs.RevocationCheck(issued, DateTimeOffset.UtcNow.AddMinutes(1));
        var store = app.Services.GetRequiredService<CertificateStore>();
        await store.ChangeAsync(issued.CertificateId, c => CertificateRules.Revoke(c, Manager, "Plagiarism.", DateTimeOffset.UtcNow), default);
        Assert.False(await PublishedBitAsync(issued));
        Assert.Equal(CertificateRepairs.RevocationSubject, check.Subject);
        Assert.NotNull(check.ScheduledFor);

        await DeliverAsync(check);

        Assert.True(await PublishedBitAsync(issued));
        var answer = await (await app.SendAsync(HttpMethod.Get, $"/api/certificates/{issued.VerificationCode}", token: null)).ReadAsync<VerificationView>();
        Assert.Equal((VerificationView.Revoked, "Plagiarism."), (answer.Status, answer.RevocationReason));
        var mine = await (await app.SendAsync(HttpMethod.Get, "/api/me/certificates", app.Token("rex", CertificateApp.Org, Role.Learner))).ReadAsync<MyCertificatePage>();
        Assert.Equal(VerificationView.Revoked, Assert.Single(mine.Items).Status);
        await DeliverAsync(check); // a redelivery finds everything done
        Assert.True(await PublishedBitAsync(issued));
    }

    [Fact]
    public async Task A_revocation_that_died_before_saving_leaves_the_certificate_valid_when_its_check_runs()
    {
        var issued = await IssuedAsync("sam");

        await DeliverAsync(CertificateRepairs.RevocationCheck(issued, DateTimeOffset.UtcNow));

        Assert.False(await PublishedBitAsync(issued));
        Assert.False((await app.StoredAsync(issued.CourseId, "sam")).IsRevoked);
    }

    [Fact]
    public async Task A_completed_revocation_sets_the_bit_at_once()
    {
        var issued = await IssuedAsync("tia");

        var revoked = await (await app.SendAsync(HttpMethod.Post, $"/api/certificates/{issued.VerificationCode}/revoke",
            app.Token("max", CertificateApp.Org, Role.Manager), new { reason = "Duplicate." })).ReadAsync<VerificationView>();

        Assert.Equal(VerificationView.Revoked, revoked.Status);
        Assert.True(await PublishedBitAsync(issued));
    }
}
