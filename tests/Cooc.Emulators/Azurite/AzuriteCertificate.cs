using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Cooc.Emulators.Azurite;

/// <summary>
/// A self-signed certificate for 127.0.0.1, valid for a day, written as PEM files for Azurite's --cert/--key and
/// deleted on dispose. Clients trust it by pinning (<see cref="CreateTrustingHandler"/>), never machine-wide.
/// </summary>
internal sealed class AzuriteCertificate : IDisposable
{
    private readonly string _folder;
    private readonly byte[] _rawCertificate;

    private AzuriteCertificate(string folder, byte[] rawCertificate)
    {
        _folder = folder;
        _rawCertificate = rawCertificate;
    }

    public string CertificatePemPath => Path.Join(_folder, "cert.pem");
    public string KeyPemPath => Path.Join(_folder, "key.pem");

    public static AzuriteCertificate Create()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));

        var folder = Path.Join(Path.GetTempPath(), "cooc-azurite-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var created = new AzuriteCertificate(folder, certificate.RawData);
        File.WriteAllText(created.CertificatePemPath, certificate.ExportCertificatePem());
        File.WriteAllText(created.KeyPemPath, key.ExportPkcs8PrivateKeyPem());
        return created;
    }

    public HttpMessageHandler CreateTrustingHandler()
    {
        var expected = _rawCertificate;
        return new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                    certificate is not null && certificate.GetRawCertData().AsSpan().SequenceEqual(expected),
            },
        };
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
