using Cooc.Functions.Http;
using Cooc.Functions.Identity;
using Cooc.Functions.Operations;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Cooc.Functions.Certificates;

/// <summary>The caller's certificates across courses, from their partition of the learners container.</summary>
public sealed class MyCertificatesFunction(CallerIdentification callers, LearnerCertificates learners, CertificateLinks links, CertificateOptions options)
{
    [Function("MyCertificates")]
    [ApiOperation("Certificates", "Your certificates across courses, newest award first: course title, date, grade, status (valid or revoked) and the public verification URL. "
        + "Paged with pageSize and continuationToken. GET /api/courses/{courseId}/certificate/me gives the download links.", null, typeof(MyCertificatePage))]
    public async Task<IResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "me/certificates")] HttpRequest request, CancellationToken ct)
    {
        var (caller, authProblem) = await callers.IdentifyAsync(request);
        if (caller is null) return Problems.Unauthorized(authProblem);
        // Subjects are unique per issuer, not per organization: the entries are filtered on the caller's organization too.
        var page = await learners.ListAsync(caller.UserId, caller.OrganizationId, request.PageSize(), request.ContinuationToken(), ct);
        var items = page.Items.Select(stored => stored.Value).Select(c => new MyCertificateListItem(c.CertificateId, c.CourseId, c.CourseTitle,
            c.IssuerOrganizationId, options.OrganizationName(c.IssuerOrganizationId), c.AwardedOn, c.Grade,
            VerificationView.Of(c.IsRevoked), c.RevokedAt, links.Urls.Verification(c.VerificationCode))).ToList();
        return TypedResults.Ok(new MyCertificatePage(items, page.ContinuationToken));
    }
}
