using Cooc.Certificates;
using Cooc.Functions.Http;
using Cooc.Functions.Operations;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Cooc.Functions.Certificates;

/// <summary>
/// What wallets and verifiers fetch without logging in: an organization's Open Badges issuer profile and its public
/// keys (JWKS; kid = the JWS header's kid), at stable URLs, and its signed Bitstring Status Lists. An organization has
/// a profile once it has issued a certificate.
/// </summary>
public sealed class IssuerFunctions(CertificateStore store, CredentialSigner signer, CertificateLinks links, CertificateOptions options)
{
    [Function("GetIssuerProfile")]
    [ApiOperation("Certificates", "An issuing organization's Open Badges 3.0 Profile (public): its id is this URL, as named in the credentials.", null, null, Anonymous = true)]
    public async Task<IResult> Profile([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "issuers/{organizationId}")] HttpRequest request,
        string organizationId, CancellationToken ct)
    {
        if (!await store.IsIssuerAsync(organizationId, ct)) return Problems.NotFound("Issuer");
        var profile = OpenBadgeCredential.PublishedProfile(organizationId, links.Urls, options.OrganizationName(organizationId));
        return TypedResults.Text(profile.ToJsonString(), "application/json");
    }

    [Function("GetIssuerKeys")]
    [ApiOperation("Certificates", "The issuer's public keys as a JSON Web Key Set (public): every key that signed credentials still in use, kid = RFC 7638 thumbprint.", null, null, Anonymous = true)]
    public async Task<IResult> Keys([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "issuers/{organizationId}/jwks")] HttpRequest request,
        string organizationId, CancellationToken ct)
    {
        if (!await store.IsIssuerAsync(organizationId, ct)) return Problems.NotFound("Issuer");
        request.HttpContext.Response.Headers.CacheControl = "public, max-age=300";
        return TypedResults.Text(signer.Keys.Jwks().ToJsonString(), "application/jwk-set+json");
    }

    [Function("GetStatusList")]
    [ApiOperation("Certificates", "A Bitstring Status List credential (public, W3C Bitstring Status List v1.0, statusPurpose revocation) signed as a vc+jwt: a set bit at a certificate's statusListIndex means revoked.", null, null, Anonymous = true)]
    public async Task<IResult> StatusList([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "status-lists/{listId}")] HttpRequest request,
        string listId, CancellationToken ct)
    {
        var list = await store.ReadStatusListAsync(listId, ct);
        if (list is null) return Problems.NotFound("Status list");
        request.HttpContext.Response.Headers.CacheControl = "public, max-age=60";
        return TypedResults.Text(signer.SignStatusList(list), CredentialSigner.MediaType);
    }
}
