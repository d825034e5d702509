using System.Diagnostics;
using System.Text.RegularExpressions;
using Cooc.Emulators.Node;

namespace Cooc.Emulators.Azurite;

/// <summary>
/// Azurite's blob service (npm azurite, in tools/emulators) on a port of 127.0.0.1 the OS picks, in memory, with the
/// well-known devstoreaccount1 account. <see cref="StartAsync"/> serves plain http with account-key auth;
/// <see cref="StartWithOAuthAsync"/> serves https with a throwaway certificate and also accepts bearer tokens
/// (see <see cref="AzuriteAccessToken"/>), which user delegation keys need.
/// </summary>
public sealed class AzuriteEmulator : IAsyncDisposable
{
    public const string AccountName = "devstoreaccount1";

    /// <summary>Azurite's published development key (not a secret).</summary>
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private const string BlobScript = "node_modules/azurite/dist/src/blob/main.js";

    // --skipApiVersionCheck: the SDK sends an x-ms-version newer than Azurite knows (else every call is a 400).
    // --disableTelemetry: otherwise Azurite calls an Azure metadata address and hangs on shutdown.
    // --silent: no access log, which NodeServer would keep in memory for the whole run.
    private const string CommonArguments =
        "--blobHost 127.0.0.1 --blobPort 0 --inMemoryPersistence --skipApiVersionCheck --disableTelemetry --silent --loose";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly Regex ReadyLine = new(@"^Azurite Blob service successfully listens on https?://127\.0\.0\.1:(?<port>\d+)");

    private readonly NodeServer _server;
    private readonly AzuriteCertificate? _certificate;

    private AzuriteEmulator(NodeServer server, AzuriteCertificate? certificate, TimeSpan startedIn)
    {
        _server = server;
        _certificate = certificate;
        StartedIn = startedIn;
        var scheme = certificate is null ? "http" : "https";
        BlobEndpoint = new Uri($"{scheme}://127.0.0.1:{server.Port}/{AccountName}");
        ConnectionString = $"DefaultEndpointsProtocol={scheme};AccountName={AccountName};AccountKey={AccountKey};BlobEndpoint={BlobEndpoint};";
    }

    /// <summary>e.g. http://127.0.0.1:54321/devstoreaccount1</summary>
    public Uri BlobEndpoint { get; }

    /// <summary>An account-key connection string for <see cref="BlobEndpoint"/>.</summary>
    public string ConnectionString { get; }

    /// <summary>How long Azurite took to listen (including a first-use npm install).</summary>
    public TimeSpan StartedIn { get; }

    /// <summary>Azurite's console output so far, for failure messages.</summary>
    public string Output => _server.Output;

    /// <summary>Starts the blob service on plain http.</summary>
    public static async Task<AzuriteEmulator> StartAsync(CancellationToken ct = default)
    {
        var took = Stopwatch.StartNew();
        var server = await NodeServer.StartAsync(BlobScript, CommonArguments, ReadyLine, StartTimeout, ct);
        return new AzuriteEmulator(server, null, took.Elapsed);
    }

    /// <summary>Starts the blob service on https, accepting bearer tokens (--oauth basic) as well as the account key.</summary>
    public static async Task<AzuriteEmulator> StartWithOAuthAsync(CancellationToken ct = default)
    {
        var took = Stopwatch.StartNew();
        var certificate = AzuriteCertificate.Create();
        try
        {
            var arguments = $"{CommonArguments} --oauth basic --cert \"{certificate.CertificatePemPath}\" --key \"{certificate.KeyPemPath}\"";
            var server = await NodeServer.StartAsync(BlobScript, arguments, ReadyLine, StartTimeout, ct);
            return new AzuriteEmulator(server, certificate, took.Elapsed);
        }
        catch
        {
            certificate.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A handler for HttpClient (or the Azure SDK's HttpClientTransport) that reaches this emulator: over https it
    /// trusts exactly this emulator's throwaway certificate.
    /// </summary>
    public HttpMessageHandler CreateHttpHandler() =>
        _certificate is null ? new SocketsHttpHandler() : _certificate.CreateTrustingHandler();

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _certificate?.Dispose();
    }
}
