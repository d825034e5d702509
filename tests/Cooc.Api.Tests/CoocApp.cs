using System.Net.Http.Headers;
using System.Net.Http.Json;
using Cooc.Api.Tests.Storage;
using Cooc.Functions.Hosting;
using Cooc.Functions.Identity;
using Cooc.Identity;
using Cooc.Ports;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cooc.Api.Tests;

/// <summary>
/// The real standalone app on a real Kestrel port with its own fresh storage: embedded in a temp folder, or (in
/// Cooc.Api.Tests.Azure) the Azure adapters on emulators of its own.
/// </summary>
public class CoocApp : IAsyncLifetime
{
    private readonly string dataPath = Path.Combine(Path.GetTempPath(), "cooc-test-" + Guid.NewGuid().ToString("N"));
    private readonly string[] settings;
    private WebApplication? app;
    private ITestStorage? storage;

    public CoocApp() : this([]) { }

    /// <summary>For fixtures that run the app with other settings ("--Cooc:Key", "value", ...).</summary>
    protected CoocApp(string[] settings) => this.settings = settings;

    public string DataPath => dataPath;

    public HttpClient Client { get; private set; } = null!;
    public IServiceProvider Services => app!.Services;
    public IDocumentStore Documents => Services.GetRequiredService<IDocumentStore>();

    public async Task InitializeAsync()
    {
        storage = await TestStorage.StartAsync();
        for (var attempt = 1; ; attempt++)
        {
            // A fixed free port, so signed blob URLs (the embedded blob endpoint) point back at this app.
            var origin = $"http://127.0.0.1:{FreePort()}";
            app = StandaloneApp.Build(["--urls", origin, "--Cooc:PublicBaseUrl", origin, "--Cooc:DataPath", dataPath, .. storage.Settings, .. settings],
                builder => builder.Logging.SetMinimumLevel(LogLevel.Warning));
            await storage.PrepareAsync(app.Services);
            try
            {
                await app.StartAsync();
                break;
            }
            catch (IOException) when (attempt < 5)
            {
                // Another process took the probed port before Kestrel bound it: build the app again on another.
                await app.DisposeAsync();
            }
        }
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = new Uri(address) };
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        if (app is not null) await app.DisposeAsync();
        if (storage is not null) await storage.DisposeAsync();
        try { Directory.Delete(dataPath, recursive: true); } catch (IOException) { }
    }

    private static int FreePort()
    {
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        return ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
    }

    public string Token(string user, string org, params Role[] roles) =>
        Services.GetRequiredService<LocalTokenIssuer>().Mint(user, org, roles);

    public HttpRequestMessage Request(HttpMethod method, string path, string? token, object? body = null, string? language = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null) request.Content = JsonContent.Create(body);
        if (language is not null) request.Headers.AcceptLanguage.ParseAdd(language);
        return request;
    }

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? token, object? body = null, string? language = null) =>
        Client.SendAsync(Request(method, path, token, body, language));
}
