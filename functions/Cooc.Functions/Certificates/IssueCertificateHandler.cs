using Cooc.Certificates;
using Cooc.Functions.Messaging;
using Cooc.Ports;
using Microsoft.Extensions.Logging;

namespace Cooc.Functions.Certificates;

/// <summary>
/// The `certificates` queue. Course completion sends IssueCertificate just before it stores the Passed progress, so a
/// message may arrive a moment early: then the handler schedules a re-check of itself (1 s, 2 s, 4 s, ... up to
/// MaxPassRechecks) and completes this delivery; if the enrollment still does not say Passed after the last one, the
/// message is dead-lettered as poison with the reason. A missing enrollment or course is poison at once.
/// </summary>
public sealed class IssueCertificateHandler(CertificateIssuing issuing, IMessageQueue queue, CertificateOptions options, TimeProvider time,
    ILogger<IssueCertificateHandler> logger) : IMessageHandler
{
    private const string RecheckSubject = "recheck:";

    public string Queue => Queues.Certificates;

    public async Task HandleAsync(ReceivedMessage message, CancellationToken ct)
    {
        var request = Parse(message);
        var result = await issuing.IssueAsync(request, ct);
        if (result.NotPassedBecause is not { } why) return;
        var rechecks = message.Subject is { } subject && subject.StartsWith(RecheckSubject, StringComparison.Ordinal)
            && int.TryParse(subject[RecheckSubject.Length..], out var n) ? n : 0;
        if (rechecks >= options.MaxPassRechecks)
            throw new PoisonMessageException($"Not issued: {why} (checked {rechecks + 1} times).");
        logger.LogInformation("Certificate for {Learner} in {Course} not issued yet: {Why}; checking again", request.LearnerId, request.CourseId, why);
        await queue.SendAsync(Queues.Certificates, new OutgoingMessage($"{request.MessageId}:{RecheckSubject}{rechecks + 1}", message.Body,
            time.GetUtcNow().AddSeconds(1 << rechecks), $"{RecheckSubject}{rechecks + 1}"), ct);
    }

    private static IssueCertificate Parse(ReceivedMessage message)
    {
        var request = MessageHandlers.Parse<IssueCertificate>(message);
        if (request is null || !Cooc.Common.Ids.IsValid(request.CourseId) || !Cooc.Common.Ids.IsValid(request.LearnerId))
            throw new PoisonMessageException("The message names no valid course or learner.");
        return request;
    }
}
