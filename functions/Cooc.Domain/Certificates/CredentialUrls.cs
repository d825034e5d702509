namespace Cooc.Certificates;

/// <summary>
/// The public URLs a credential names, all under one base ("https://cooc.example.com/api"): the verification page
/// (also the credential's id), the issuer profile and its keys, the status lists and the achievement (the course).
/// </summary>
public sealed record CredentialUrls(string ApiBase)
{
    public string Verification(string code) => $"{ApiBase}/certificates/{code}";
    public string Issuer(string organizationId) => $"{ApiBase}/issuers/{Uri.EscapeDataString(organizationId)}";
    public string Jwks(string organizationId) => $"{Issuer(organizationId)}/jwks";
    public string StatusList(string listId) => $"{ApiBase}/status-lists/{Uri.EscapeDataString(listId)}";
    public string Achievement(string courseId) => $"{ApiBase}/courses/{Uri.EscapeDataString(courseId)}#achievement";
}
