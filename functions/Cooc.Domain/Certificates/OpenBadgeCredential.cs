using System.Globalization;
using System.Text.Json.Nodes;

namespace Cooc.Certificates;

/// <summary>
/// The Open Badges 3.0 documents we publish, under the W3C Verifiable Credentials Data Model 2.0: a certificate's
/// OpenBadgeCredential, the issuer's Profile and an organization's BitstringStatusListCredential. The JWT claims that
/// VC-JOSE-COSE lets a secured credential carry next to its properties (iss, jti, nbf, iat) are added by the signer.
/// </summary>
public static class OpenBadgeCredential
{
    public const string VcContext = "https://www.w3.org/ns/credentials/v2";
    public const string ObContext = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";

    public static JsonObject For(Certificate certificate, CredentialUrls urls, string organizationName)
    {
        var achievementId = urls.Achievement(certificate.CourseId);
        var gradeId = achievementId + "-grade";
        var statusList = urls.StatusList(certificate.StatusListId);
        return new JsonObject
        {
            ["@context"] = new JsonArray(VcContext, ObContext),
            ["id"] = urls.Verification(certificate.VerificationCode),
            ["type"] = new JsonArray("VerifiableCredential", "OpenBadgeCredential"),
            ["name"] = certificate.CourseTitle,
            ["issuer"] = Profile(certificate.OrganizationId, urls, organizationName),
            ["validFrom"] = Timestamp(certificate.IssuedAt),
            ["awardedDate"] = Timestamp(certificate.AwardedOn),
            ["credentialSubject"] = new JsonObject
            {
                ["type"] = new JsonArray("AchievementSubject"),
                ["identifier"] = new JsonArray(new JsonObject
                {
                    ["type"] = "IdentityObject", ["identityType"] = "name", ["hashed"] = false, ["identityHash"] = certificate.LearnerName,
                }),
                ["achievement"] = new JsonObject
                {
                    ["id"] = achievementId,
                    ["type"] = new JsonArray("Achievement"),
                    ["achievementType"] = "Certificate",
                    ["name"] = certificate.CourseTitle,
                    ["description"] = certificate.CourseDescription ?? certificate.CourseTitle,
                    ["inLanguage"] = certificate.CourseLanguage,
                    ["criteria"] = new JsonObject { ["narrative"] = $"Completed the course with an overall grade of at least {Number(certificate.PassingPercent)}%." },
                    ["resultDescription"] = new JsonArray(new JsonObject
                    {
                        ["id"] = gradeId, ["type"] = new JsonArray("ResultDescription"), ["name"] = "Overall grade", ["resultType"] = "Percent",
                    }),
                },
                ["result"] = new JsonArray(new JsonObject
                {
                    ["type"] = new JsonArray("Result"), ["resultDescription"] = gradeId, ["value"] = Number(certificate.Grade),
                }),
            },
            ["credentialStatus"] = new JsonObject
            {
                ["id"] = $"{statusList}#{certificate.StatusListIndex}",
                ["type"] = "BitstringStatusListEntry",
                ["statusPurpose"] = "revocation",
                ["statusListIndex"] = certificate.StatusListIndex.ToString(CultureInfo.InvariantCulture),
                ["statusListCredential"] = statusList,
            },
        };
    }

    /// <summary>The issuer: id is the stable URL that serves this same profile.</summary>
    public static JsonObject Profile(string organizationId, CredentialUrls urls, string organizationName) => new()
    {
        ["id"] = urls.Issuer(organizationId),
        ["type"] = new JsonArray("Profile"),
        ["name"] = organizationName,
    };

    /// <summary>The profile as served on its own, with its contexts.</summary>
    public static JsonObject PublishedProfile(string organizationId, CredentialUrls urls, string organizationName)
    {
        var profile = Profile(organizationId, urls, organizationName);
        var published = new JsonObject { ["@context"] = new JsonArray(VcContext, ObContext) };
        foreach (var (key, value) in profile.ToList())
        {
            profile.Remove(key);
            published[key] = value;
        }
        return published;
    }

    public static JsonObject StatusListCredential(StatusList list, CredentialUrls urls) => new()
    {
        ["@context"] = new JsonArray(VcContext),
        ["id"] = urls.StatusList(list.ListId),
        ["type"] = new JsonArray("VerifiableCredential", "BitstringStatusListCredential"),
        ["issuer"] = urls.Issuer(list.OrganizationId),
        ["validFrom"] = Timestamp(list.UpdatedAt),
        ["credentialSubject"] = new JsonObject
        {
            ["id"] = urls.StatusList(list.ListId) + "#list",
            ["type"] = "BitstringStatusList",
            ["statusPurpose"] = "revocation",
            ["encodedList"] = list.EncodedList(),
        },
    };

    public static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
