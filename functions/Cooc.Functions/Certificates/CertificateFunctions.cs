using Cooc.Certificates;
using Cooc.Common;
using Cooc.Functions.Courses;
using Cooc.Functions.Http;
using Cooc.Functions.Identity;
using Cooc.Functions.Operations;
using Cooc.Ports;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Cooc.Functions.Certificates;

/// <summary>The learner's certificate, public verification, and revocation and regeneration by the issuing organization's managers.</summary>
public sealed class CertificateFunctions(CallerIdentification callers, CertificateStore store, CertificateArtifacts artifacts,
    CertificateVerification verification, CertificateLinks links, CertificateOptions options, CourseStore courses, IBlobStore blobs,
    LearnerCertificates learners, IMessageQueue queue, JsonBody json, TimeProvider time)
{
    [Function("GetMyCertificate")]
    [ApiOperation("Certificates", "Your certificate for a course once issued (404 until then): its facts, verification URL, and signed short-lived URLs of the PDF and the Open Badges 3.0 credential (vc+jwt).", null, typeof(MyCertificateView))]
    public async Task<IResult> Mine([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "courses/{courseId}/certificate/me")] HttpRequest request,
        string courseId, CancellationToken ct)
    {
        var (caller, authProblem) = await callers.IdentifyAsync(request);
        if (caller is null) return Problems.Unauthorized(authProblem);
        if (!Ids.IsValid(courseId)) return Problems.NotFound("Certificate");
        var stored = await store.ReadAsync(Certificate.IdFor(courseId, caller.UserId), ct);
        if (stored?.Value is not { HasArtifacts: true } certificate || !CertificateRules.IsOwner(caller, certificate)) return Problems.NotFound("Certificate");
        var expires = time.GetUtcNow() + options.DownloadUrlLifetime;
        var pdf = await blobs.GetSignedUrlAsync(BlobContainers.Certificates, certificate.PdfBlob!, BlobPermissions.Read, expires, ct);
        var credential = await blobs.GetSignedUrlAsync(BlobContainers.Certificates, certificate.CredentialBlob!, BlobPermissions.Read, expires, ct);
        return TypedResults.Ok(new MyCertificateView(certificate.CertificateId, certificate.VerificationCode, links.Urls.Verification(certificate.VerificationCode),
            certificate.LearnerName, certificate.CourseTitle, certificate.OrganizationId, options.OrganizationName(certificate.OrganizationId),
            certificate.AwardedOn, certificate.Grade, VerificationView.Of(certificate.IsRevoked), certificate.Revision,
            pdf.AbsoluteUri, credential.AbsoluteUri, expires));
    }

    [Function("VerifyCertificate")]
    [ApiOperation("Certificates", "Public verification, no login: valid or revoked, with learner, course, organization and date, after checking the credential's signature. JSON, or an HTML page when Accept prefers text/html.", null, typeof(VerificationView), Anonymous = true)]
    public async Task<IResult> Verify([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "certificates/{verificationCode}")] HttpRequest request,
        string verificationCode, CancellationToken ct)
    {
        var stored = await store.ReadByCodeAsync(verificationCode, ct);
        if (stored?.Value is not { HasArtifacts: true } certificate) return Problems.NotFound("Certificate");
        var view = verification.Verify(certificate);
        request.HttpContext.Response.Headers.Vary = "Accept";
        return PrefersHtml(request) ? TypedResults.Content(VerificationPage.Render(view), "text/html; charset=utf-8") : TypedResults.Ok(view);
    }

    [Function("RevokeCertificate")]
    [ApiOperation("Certificates", "Revoke a certificate with a reason (managers and admins of the issuing organization): the verification answer and the published status list say revoked from now on. Revoking again changes nothing.", typeof(RevokeCertificateRequest), typeof(VerificationView))]
    public async Task<IResult> Revoke([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "certificates/{verificationCode}/revoke")] HttpRequest request,
        string verificationCode, CancellationToken ct)
    {
        var (caller, authProblem) = await callers.IdentifyAsync(request);
        if (caller is null) return Problems.Unauthorized(authProblem);
        var stored = await store.ReadByCodeAsync(verificationCode, ct);
        if (stored?.Value is not { HasArtifacts: true } found) return Problems.NotFound("Certificate");
        if (CertificateRules.RefuseStaffAction(caller, found) is { } refusal) return Problems.From(refusal);
        var (body, problem) = await json.ReadAsync<RevokeCertificateRequest>(request);
        if (body is null) return problem!;
        if (CertificateRules.Revoke(found, caller, body.Reason, time.GetUtcNow()).Refusal is { } invalid) return Problems.From(invalid);
        // The document is the source of truth and is saved first; the durable check scheduled before it sets the
        // status-list bit (and the learner's entry) should this request die in between, even if nobody retries it.
        await queue.SendAsync(Queues.Certificates, CertificateRepairs.RevocationCheck(found, time.GetUtcNow() + options.RevocationCheckDelay), ct);
        var revoked = await store.ChangeAsync(found.CertificateId, c => CertificateRules.Revoke(c, caller, body.Reason, time.GetUtcNow()), ct);
        if (revoked.Refusal is { } refused) return Problems.From(refused);
        await store.SetRevokedAsync(revoked.Value!.Value, ct);
        await learners.RecordAsync(revoked.Value.Value, ct);
        return TypedResults.Ok(verification.Verify(revoked.Value.Value));
    }

    [Function("RegenerateCertificate")]
    [ApiOperation("Certificates", "Render the PDF and credential again (managers and admins of the issuing organization), optionally with a corrected learner name: the verification code and status entry stay the same.", typeof(RegenerateCertificateRequest), typeof(VerificationView))]
    public async Task<IResult> Regenerate([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "certificates/{verificationCode}/regenerate")] HttpRequest request,
        string verificationCode, CancellationToken ct)
    {
        var (caller, authProblem) = await callers.IdentifyAsync(request);
        if (caller is null) return Problems.Unauthorized(authProblem);
        var stored = await store.ReadByCodeAsync(verificationCode, ct);
        if (stored?.Value is not { } found) return Problems.NotFound("Certificate");
        if (CertificateRules.RefuseStaffAction(caller, found) is { } refusal) return Problems.From(refusal);
        var body = new RegenerateCertificateRequest(null);
        if (request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            var (read, problem) = await json.ReadAsync<RegenerateCertificateRequest>(request);
            if (read is null) return problem!;
            body = read;
        }
        var course = (await courses.ReadAsync(found.CourseId, ct))?.Value;
        var changed = await store.ChangeAsync(found.CertificateId, c => CertificateRules.Regenerate(c, caller, body.LearnerName, course, time.GetUtcNow()), ct);
        if (changed.Refusal is { } refused) return Problems.From(refused);
        // Should this request die before the render below is stored, the message completes the new revision.
        await queue.SendAsync(Queues.Certificates, CertificateRepairs.Regeneration(found, changed.Value!.Value.Revision), ct);
        var issued = await artifacts.CompleteAsync(changed.Value, ct);
        await learners.RecordAsync(issued.Value, ct);
        return TypedResults.Ok(verification.Verify(issued.Value));
    }

    /// <summary>Browsers ask for text/html first; API clients ask for JSON or anything (*/*), which gets JSON.</summary>
    private static bool PrefersHtml(HttpRequest request)
    {
        double html = 0, json = 0;
        foreach (var accept in request.GetTypedHeaders().Accept)
        {
            var quality = accept.Quality ?? 1;
            var type = accept.MediaType.Value ?? "";
            if (type.Equals("text/html", StringComparison.OrdinalIgnoreCase) || type.Equals("application/xhtml+xml", StringComparison.OrdinalIgnoreCase)) html = Math.Max(html, quality);
            else if (type.Equals("application/json", StringComparison.OrdinalIgnoreCase) || type == "*/*" || type.Equals("application/*", StringComparison.OrdinalIgnoreCase)) json = Math.Max(json, quality);
        }
        return html > json;
    }
}
