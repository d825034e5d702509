using Cooc.Certificates;
using Cooc.Functions.Hosting;

namespace Cooc.Functions.Certificates;

/// <summary>
/// Where certificates point: Cooc:Certificates:PublicBaseUrl, else Cooc:PublicBaseUrl, else https://$WEBSITE_HOSTNAME
/// (Azure), else the standalone default; plus the host's route prefix. These URLs are printed and signed into
/// certificates, so they come from configuration rather than from whichever request happens to issue one.
/// </summary>
public sealed class CertificateLinks(CertificateOptions options, CoocSettings settings)
{
    public CredentialUrls Urls { get; } = new(ApiBase(options, settings));

    private static string ApiBase(CertificateOptions options, CoocSettings settings)
    {
        var origin = options.PublicBaseUrl ?? settings.PublicBaseUrl
            ?? (Environment.GetEnvironmentVariable("WEBSITE_HOSTNAME") is { Length: > 0 } host ? $"https://{host}" : StandaloneApp.DefaultUrl);
        var prefix = HostJson.RoutePrefix().Trim('/');
        return prefix.Length == 0 ? origin.TrimEnd('/') : $"{origin.TrimEnd('/')}/{prefix}";
    }
}
