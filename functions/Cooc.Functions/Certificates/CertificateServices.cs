using Cooc.Functions.Hosting;
using Cooc.Functions.Messaging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Cooc.Functions.Certificates;

public static class CertificateServices
{
    /// <summary>Certificates: settings under "Cooc:Certificates" (public base URL, signing key, organization names).</summary>
    public static IServiceCollection AddCertificates(this IServiceCollection services, IConfiguration configuration, RunMode mode, string dataPath)
    {
        var options = configuration.GetSection("Cooc:Certificates").Get<CertificateOptions>() ?? new CertificateOptions();
        services.AddSingleton(options);
        services.AddSingleton(_ => CertificateSigningKeys.Load(options, mode, dataPath));
        services.AddSingleton<CertificateLinks>();
        services.AddSingleton<CredentialSigner>();
        services.AddSingleton<CertificateStore>();
        services.AddSingleton<CertificateArtifacts>();
        services.AddSingleton<LearnerCertificates>();
        services.AddSingleton<CertificateIssuing>();
        services.AddSingleton<CertificateVerification>();
        services.AddSingleton<IMessageHandler, IssueCertificateHandler>();
        return services;
    }
}
