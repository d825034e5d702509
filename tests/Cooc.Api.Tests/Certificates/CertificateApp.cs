using System.Diagnostics;
using System.Text.Json;
using Cooc.Certificates;
using Cooc.Completion;
using Cooc.Enrollments;
using Cooc.Functions.Certificates;
using Cooc.Functions.Messaging;
using Cooc.Identity;
using Cooc.Ports;
using Microsoft.Extensions.DependencyInjection;

namespace Cooc.Api.Tests.Certificates;

/// <summary>
/// The real app, with a display name for the test organization and a short re-check budget for messages that arrive
/// before the learner has passed. The steps here work at the level of the certificates handler: the enrollment's
/// Passed progress is written through the app's document store (course completion is tested on its own), and the
/// IssueCertificate message goes through the app's queue port like course completion sends it.
/// </summary>
public sealed class CertificateApp() : CoocApp(["--Cooc:Certificates:MaxPassRechecks", "1", "--Cooc:Certificates:OrganizationNames:cert-org", "Acme Training"])
{
    public const string Org = "cert-org";

    public IMessageQueue Queue => Services.GetRequiredService<IMessageQueue>();

    public IssueCertificateHandler Handler => Services.GetServices<IMessageHandler>().OfType<IssueCertificateHandler>().Single();

    public async Task<string> PublishedCourseAsync() => (await Courses.CreatePublishedAsync(this, Org)).CourseId;

    /// <summary>Writes the learner's enrollment as course completion leaves it (handler-level setup).</summary>
    public async Task WriteEnrollmentAsync(string courseId, string learner, string name, CompletionState state, double percent = 91.5, string org = Org)
    {
        var now = DateTimeOffset.UtcNow;
        var progress = new CourseProgress(state, percent, 70, 2, 2, [], 1, null, state == CompletionState.Passed ? now.AddMinutes(-1) : null, now);
        var enrollment = new Enrollment(learner, courseId, Org, org, EnrollmentStatus.Enrolled, EnrollmentSource.Self, null, null, now, now, now, name, progress);
        await Documents.UpsertAsync(Containers.Enrollments, courseId, enrollment);
    }

    public static string Body(string courseId, string learner) => JsonSerializer.Serialize(new IssueCertificate(courseId, learner, 1), DocumentJson.Options);

    /// <summary>Sends the message through the queue port; the delivery suffix makes each send a separate delivery (not a duplicate).</summary>
    public Task SendAsync(string courseId, string learner, string delivery = "") =>
        Queue.SendAsync(Queues.Certificates, new OutgoingMessage(IssueCertificate.MessageIdFor(courseId, learner, 1) + delivery, Body(courseId, learner)));

    /// <summary>Asks for the learner's certificate until it is issued (the consumers run in the background).</summary>
    public async Task<MyCertificateView> WaitForCertificateAsync(string courseId, string learner)
    {
        var token = Token(learner, Org, Role.Learner);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var response = await SendAsync(HttpMethod.Get, $"/api/courses/{courseId}/certificate/me", token);
            if (response.StatusCode == System.Net.HttpStatusCode.OK) return await response.ReadAsync<MyCertificateView>();
            if (clock.Elapsed > TimeSpan.FromSeconds(60)) throw new TimeoutException($"No certificate for {learner} in {courseId}: {(int)response.StatusCode}");
            await Task.Delay(50);
        }
    }

    public async Task<Certificate> StoredAsync(string courseId, string learner)
    {
        var id = Certificate.IdFor(courseId, learner);
        return (await Documents.ReadAsync<Certificate>(Containers.Certificates, id, id))!.Value;
    }

    public ReceivedMessage Delivery(string courseId, string learner, int count) =>
        new(Queues.Certificates, IssueCertificate.MessageIdFor(courseId, learner, 1), Body(courseId, learner), null, count, "lock-" + count,
            DateTimeOffset.UtcNow.AddMinutes(1), DateTimeOffset.UtcNow, count);
}
