using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Cooc.Certificates;
using Cooc.Completion;
using Cooc.Functions.Certificates;
using Cooc.Identity;
using Cooc.Ports;

namespace Cooc.Api.Tests.Certificates;

/// <summary>What an auditor, a wallet or another employer sees without logging in: the signed credential, the issuer's keys, the verification answer and the status list.</summary>
public sealed class CertificateVerificationTests(CertificateApp app) : IClassFixture<CertificateApp>
{
    private async Task<(string Course, MyCertificateView View)> IssueAsync(string learner, string name)
    {
        var course = await app.PublishedCourseAsync();
        await app.WriteEnrollmentAsync(course, learner, name, CompletionState.Passed, percent: 88);
        await app.SendAsync(course, learner);
        return (course, await app.WaitForCertificateAsync(course, learner));
    }

    [Fact]
    public async Task The_credential_verifies_with_an_independent_JOSE_library_against_the_published_keys_and_a_tampered_one_does_not()
    {
        var (_, view) = await IssueAsync("hana", "Hana Hill");
        var jwt = await app.Client.GetStringAsync(view.CredentialUrl);
        var issuer = (string)CredentialChecks.Payload(jwt)["issuer"]!["id"]!;

        var result = await CredentialChecks.ValidateAsync(app.Client, jwt, issuer);
        Assert.True(result.IsValid, result.Exception?.Message);
        var header = new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(jwt);
        Assert.Equal(("ES256", "vc+jwt"), (header.Alg, header.Typ));

        var payload = CredentialChecks.Payload(jwt);
        Assert.Equal(view.VerificationUrl, (string?)payload["id"]);
        Assert.Contains("OpenBadgeCredential", payload["type"]!.AsArray().Select(t => (string?)t));
        Assert.Equal("Hana Hill", (string?)payload["credentialSubject"]!["identifier"]![0]!["identityHash"]);
        Assert.Equal("Acme Training", (string?)payload["issuer"]!["name"]);

        payload["credentialSubject"]!["identifier"]![0]!["identityHash"] = "Mallory";
        var tampered = await CredentialChecks.ValidateAsync(app.Client, CredentialChecks.WithPayload(jwt, payload), issuer);
        Assert.False(tampered.IsValid);

        var profile = JsonNode.Parse(await app.Client.GetStringAsync(issuer))!; // public, no token
        Assert.Equal(issuer, (string?)profile["id"]);
        Assert.Equal("Profile", (string?)profile["type"]![0]);
    }

    [Fact]
    public async Task Verification_is_public_json_by_default_and_a_page_for_browsers()
    {
        var (_, view) = await IssueAsync("ivan", "Ivan Ivanov");
        var path = $"/api/certificates/{view.VerificationCode}";

        var answer = await (await app.SendAsync(HttpMethod.Get, path, token: null)).ReadAsync<VerificationView>();
        Assert.Equal((VerificationView.Valid, true), (answer.Status, answer.SignatureValid));
        Assert.Equal(("Ivan Ivanov", "Safety basics", "Acme Training", "88"), (answer.LearnerName, answer.Course, answer.Organization, answer.Grade));
        Assert.Equal(view.AwardedOn.ToUnixTimeSeconds(), answer.AwardedOn!.Value.ToUnixTimeSeconds());

        var request = app.Request(HttpMethod.Get, path, token: null);
        request.Headers.Accept.ParseAdd("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        var page = await app.Client.SendAsync(request);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("Valid certificate", html);
        Assert.Contains("Ivan Ivanov", html);

        await (await app.SendAsync(HttpMethod.Get, "/api/certificates/" + VerificationCodes.New(), token: null)).ProblemAsync(HttpStatusCode.NotFound);
        await (await app.SendAsync(HttpMethod.Get, "/api/certificates/not-a-code", token: null)).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_stored_credential_whose_signature_no_longer_matches_is_reported_invalid()
    {
        var (course, view) = await IssueAsync("jack", "Jack Jones");
        var id = Certificate.IdFor(course, "jack");
        var stored = (await app.Documents.ReadAsync<Certificate>(Containers.Certificates, id, id))!;
        var payload = CredentialChecks.Payload(stored.Value.Credential!);
        payload["credentialSubject"]!["identifier"]![0]!["identityHash"] = "Someone Else";
        await app.Documents.ReplaceAsync(Containers.Certificates, id, stored.Value with { Credential = CredentialChecks.WithPayload(stored.Value.Credential!, payload) }, stored.ETag);

        var answer = await (await app.SendAsync(HttpMethod.Get, $"/api/certificates/{view.VerificationCode}", token: null)).ReadAsync<VerificationView>();
        Assert.Equal((VerificationView.Invalid, false, null), (answer.Status, answer.SignatureValid, answer.LearnerName));
    }

    [Fact]
    public async Task Revocation_by_a_manager_shows_in_the_verification_answer_and_in_the_signed_status_list()
    {
        var (_, kept) = await IssueAsync("kim", "Kim Keep");
        var (_, view) = await IssueAsync("lou", "Lou Lost");
        var revoke = $"/api/certificates/{view.VerificationCode}/revoke";
        var reason = new { reason = "Exam taken by someone else." };
        await (await app.SendAsync(HttpMethod.Post, revoke, app.Token("lou", CertificateApp.Org, Role.Learner), reason)).ProblemAsync(HttpStatusCode.Forbidden);
        await (await app.SendAsync(HttpMethod.Post, revoke, app.Token("ina", CertificateApp.Org, Role.Instructor), reason)).ProblemAsync(HttpStatusCode.Forbidden);
        await (await app.SendAsync(HttpMethod.Post, revoke, app.Token("max", "other-org", Role.Manager), reason)).ProblemAsync(HttpStatusCode.Forbidden);
        await (await app.SendAsync(HttpMethod.Post, revoke, app.Token("max", CertificateApp.Org, Role.Manager), new { reason = " " })).ProblemAsync(HttpStatusCode.BadRequest);
        await (await app.SendAsync(HttpMethod.Post, revoke, token: null, reason)).ProblemAsync(HttpStatusCode.Unauthorized);

        var revoked = await (await app.SendAsync(HttpMethod.Post, revoke, app.Token("max", CertificateApp.Org, Role.Manager), reason)).ReadAsync<VerificationView>();
        Assert.Equal(VerificationView.Revoked, revoked.Status);
        var again = await (await app.SendAsync(HttpMethod.Post, revoke, app.Token("ada", CertificateApp.Org, Role.Admin), new { reason = "Other" })).ReadAsync<VerificationView>();
        Assert.Equal("Exam taken by someone else.", again.RevocationReason);

        var answer = await (await app.SendAsync(HttpMethod.Get, $"/api/certificates/{view.VerificationCode}", token: null)).ReadAsync<VerificationView>();
        Assert.Equal((VerificationView.Revoked, "Lou Lost", "Exam taken by someone else."), (answer.Status, answer.LearnerName, answer.RevocationReason));

        var credential = CredentialChecks.Payload(await app.Client.GetStringAsync(view.CredentialUrl));
        var status = credential["credentialStatus"]!;
        Assert.Equal(("BitstringStatusListEntry", "revocation"), ((string?)status["type"], (string?)status["statusPurpose"]));
        var listJwt = await app.Client.GetStringAsync((string)status["statusListCredential"]!);
        var listResult = await CredentialChecks.ValidateAsync(app.Client, listJwt, (string)credential["issuer"]!["id"]!);
        Assert.True(listResult.IsValid, listResult.Exception?.Message);
        var list = CredentialChecks.Payload(listJwt);
        Assert.Equal("BitstringStatusListCredential", (string?)list["type"]![1]);
        var bits = CredentialChecks.Bitstring(list);
        Assert.True(bits.Length * 8 >= 131_072);
        Assert.True(CredentialChecks.IsSet(bits, int.Parse((string)status["statusListIndex"]!)));
        var keptIndex = (string)CredentialChecks.Payload(await app.Client.GetStringAsync(kept.CredentialUrl))["credentialStatus"]!["statusListIndex"]!;
        Assert.False(CredentialChecks.IsSet(bits, int.Parse(keptIndex)));
        Assert.Equal(1, Enumerable.Range(0, bits.Length * 8).Count(i => CredentialChecks.IsSet(bits, i)));
    }

    [Fact]
    public async Task Regenerating_with_a_corrected_name_keeps_the_verification_code_and_status_entry()
    {
        var (course, view) = await IssueAsync("mia", "Mia Mispelled");
        var before = await app.StoredAsync(course, "mia");
        var regenerate = $"/api/certificates/{view.VerificationCode}/regenerate";
        await (await app.SendAsync(HttpMethod.Post, regenerate, app.Token("mia", CertificateApp.Org, Role.Learner), new { learnerName = "Mia Spelled" })).ProblemAsync(HttpStatusCode.Forbidden);

        var answer = await (await app.SendAsync(HttpMethod.Post, regenerate, app.Token("max", CertificateApp.Org, Role.Manager), new { learnerName = "Mia Spelled" })).ReadAsync<VerificationView>();
        Assert.Equal((VerificationView.Valid, "Mia Spelled"), (answer.Status, answer.LearnerName));

        var after = await app.WaitForCertificateAsync(course, "mia");
        Assert.Equal((view.VerificationCode, 2, "Mia Spelled"), (after.VerificationCode, after.Revision, after.LearnerName));
        var stored = await app.StoredAsync(course, "mia");
        Assert.Equal((before.StatusListId, before.StatusListIndex), (stored.StatusListId, stored.StatusListIndex));
        Assert.Contains("Mia Spelled", await CredentialChecks.PdfTextAsync(await app.Client.GetByteArrayAsync(after.PdfUrl)));
        var jwt = await app.Client.GetStringAsync(after.CredentialUrl);
        Assert.True((await CredentialChecks.ValidateAsync(app.Client, jwt, answer.IssuerUrl)).IsValid);
        Assert.Equal("Mia Spelled", (string?)CredentialChecks.Payload(jwt)["credentialSubject"]!["identifier"]![0]!["identityHash"]);
    }

    [Fact]
    public async Task Issuer_keys_and_status_lists_are_public_but_only_for_issuing_organizations()
    {
        var (_, view) = await IssueAsync("ned", "Ned North");
        var jwks = JsonNode.Parse(await (await app.SendAsync(HttpMethod.Get, $"/api/issuers/{CertificateApp.Org}/jwks", token: null)).Content.ReadAsStringAsync())!;
        var kid = new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(await app.Client.GetStringAsync(view.CredentialUrl)).Kid;
        Assert.Contains(kid, jwks["keys"]!.AsArray().Select(k => (string?)k!["kid"]));
        Assert.All(jwks["keys"]!.AsArray(), k => Assert.Null(k!["d"])); // public keys only
        await (await app.SendAsync(HttpMethod.Get, "/api/issuers/never-issued/jwks", token: null)).ProblemAsync(HttpStatusCode.NotFound);
        await (await app.SendAsync(HttpMethod.Get, "/api/issuers/never-issued", token: null)).ProblemAsync(HttpStatusCode.NotFound);
        await (await app.SendAsync(HttpMethod.Get, "/api/status-lists/never-issued-0", token: null)).ProblemAsync(HttpStatusCode.NotFound);
    }
}
