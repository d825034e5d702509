using System.Text.Json.Nodes;
using Cooc.Certificates;
using static Cooc.Domain.Tests.Certificates.CertificateFixtures;

namespace Cooc.Domain.Tests.Certificates;

public sealed class CredentialShapeTests
{
    private static JsonObject Credential() => OpenBadgeCredential.For(Issued(), Urls, "Acme Training");

    [Fact]
    public void It_is_an_OpenBadgeCredential_under_the_VC_2_0_and_OB_3_0_contexts()
    {
        var credential = Credential();
        Assert.Equal(["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"], Strings(credential["@context"]));
        Assert.Equal(["VerifiableCredential", "OpenBadgeCredential"], Strings(credential["type"]));
        Assert.Equal("https://verify.example.com/api/certificates/abcdefghijklmnopqrstuvwxyz234567", (string?)credential["id"]);
        Assert.Equal("2026-03-12T09:31:05Z", (string?)credential["validFrom"]);
        Assert.Equal("2026-03-12T09:30:00Z", (string?)credential["awardedDate"]);
        Assert.Null(credential["proof"]); // secured as a JWT, not with an embedded proof
    }

    [Fact]
    public void The_issuer_is_the_organizations_profile_at_its_stable_url()
    {
        var issuer = Credential()["issuer"]!;
        Assert.Equal("https://verify.example.com/api/issuers/acme", (string?)issuer["id"]);
        Assert.Equal(["Profile"], Strings(issuer["type"]));
        Assert.Equal("Acme Training", (string?)issuer["name"]);
        var published = OpenBadgeCredential.PublishedProfile("acme", Urls, "Acme Training");
        Assert.Equal(issuer.ToJsonString(), new JsonObject(published.Where(p => p.Key != "@context").Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone()))).ToJsonString());
    }

    [Fact]
    public void The_subject_names_the_learner_as_issued_and_the_achievement_in_the_courses_language()
    {
        var subject = Credential()["credentialSubject"]!;
        Assert.Equal(["AchievementSubject"], Strings(subject["type"]));
        Assert.Equal("Léa Ødegård", (string?)subject["identifier"]![0]!["identityHash"]);
        Assert.Equal("name", (string?)subject["identifier"]![0]!["identityType"]);
        Assert.False((bool)subject["identifier"]![0]!["hashed"]!);
        var achievement = subject["achievement"]!;
        Assert.Equal(["Achievement"], Strings(achievement["type"]));
        Assert.Equal("Les bases de la sécurité", (string?)achievement["name"]); // default language fr, not en
        Assert.Equal("Rester en sécurité.", (string?)achievement["description"]);
        Assert.Equal("fr", (string?)achievement["inLanguage"]);
        Assert.False(string.IsNullOrEmpty((string?)achievement["criteria"]!["narrative"]));
        Assert.Equal("87.3", (string?)subject["result"]![0]!["value"]); // 87.25 rounded to one decimal when issued
        Assert.Equal((string?)achievement["resultDescription"]![0]!["id"], (string?)subject["result"]![0]!["resultDescription"]);
    }

    [Fact]
    public void The_status_entry_points_at_the_organizations_revocation_list()
    {
        var status = Credential()["credentialStatus"]!;
        Assert.Equal("BitstringStatusListEntry", (string?)status["type"]);
        Assert.Equal("revocation", (string?)status["statusPurpose"]);
        Assert.Equal("41", (string?)status["statusListIndex"]);
        Assert.Equal("https://verify.example.com/api/status-lists/acme-0", (string?)status["statusListCredential"]);
        Assert.Equal("https://verify.example.com/api/status-lists/acme-0#41", (string?)status["id"]);
    }

    [Fact]
    public void The_status_list_credential_carries_the_encoded_bitstring()
    {
        var list = StatusList.New("acme-0", "acme", Now).Set(41, Now);
        var credential = OpenBadgeCredential.StatusListCredential(list, Urls);
        Assert.Equal(["VerifiableCredential", "BitstringStatusListCredential"], Strings(credential["type"]));
        Assert.Equal("https://verify.example.com/api/issuers/acme", (string?)credential["issuer"]);
        var subject = credential["credentialSubject"]!;
        Assert.Equal("BitstringStatusList", (string?)subject["type"]);
        Assert.Equal("revocation", (string?)subject["statusPurpose"]);
        Assert.True(BitstringStatusList.IsSet(BitstringStatusList.Decode((string)subject["encodedList"]!), 41));
    }

    private static string[] Strings(JsonNode? array) => array!.AsArray().Select(n => (string)n!).ToArray();
}
