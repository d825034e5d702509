namespace Cooc.Functions.Identity;

/// <summary>
/// Settings under "Auth". Standalone mode uses a local issuer whose signing key lives in the data folder;
/// Functions mode validates Entra ID tokens (Authority, Audience) and can mint nothing.
/// </summary>
public sealed class AuthOptions
{
    public const string LocalIssuer = "cooc-local";
    public const string LocalAudience = "cooc";

    /// <summary>e.g. https://login.microsoftonline.com/{tenant}/v2.0 (Functions mode).</summary>
    public string? Authority { get; set; }

    public string? Audience { get; set; }

    /// <summary>The claim that names the caller's organization; Entra tokens fall back to the tenant id ("tid").</summary>
    public string OrganizationClaim { get; set; } = "org";
}
