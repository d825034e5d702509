namespace Cooc.Functions.Certificates;

/// <summary>Settings under "Cooc:Certificates".</summary>
public sealed class CertificateOptions
{
    /// <summary>
    /// The origin of verification links, issuer ids and status lists printed into certificates ("https://verify.example.com").
    /// They must stay valid for years: set it. Default: Cooc:PublicBaseUrl, then https://$WEBSITE_HOSTNAME in Azure, then http://localhost:7071.
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>
    /// The ES256 signing key: PEM of a P-256 private key (PKCS#8 "PRIVATE KEY" or SEC1 "EC PRIVATE KEY"). In Azure the
    /// app setting Cooc__Certificates__SigningKey, typically a Key Vault reference. Standalone without it, a key is
    /// generated once into the data folder (certificate-signing.pem, readable by the owner only).
    /// </summary>
    public string? SigningKey { get; set; }

    /// <summary>Public keys (PEM) of retired signing keys: still published in the JWKS so credentials they signed keep verifying.</summary>
    public List<string> RetiredPublicKeys { get; set; } = [];

    /// <summary>Display names of issuing organizations by id (issuer profile, PDF, credential); default: the id.</summary>
    public Dictionary<string, string> OrganizationNames { get; set; } = new(StringComparer.Ordinal);

    /// <summary>How long the learner's signed download URLs stay valid.</summary>
    public TimeSpan DownloadUrlLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often a message that arrives before the enrollment says Passed is checked again (1 s, 2 s, 4 s, ...).</summary>
    public int MaxPassRechecks { get; set; } = 6;

    /// <summary>When the durable check scheduled by a revocation runs (it sets the status-list bit should the request die before it did).</summary>
    public TimeSpan RevocationCheckDelay { get; set; } = TimeSpan.FromMinutes(1);

    public string OrganizationName(string organizationId) =>
        OrganizationNames.TryGetValue(organizationId, out var name) && !string.IsNullOrWhiteSpace(name) ? name : organizationId;
}
