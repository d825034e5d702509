using Cooc.Embedded.Blobs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Cooc.Adapters.Tests.Blobs;

/// <summary>A minimal app on TestServer that hosts only MapSignedBlobEndpoints, over a store in a temp folder.</summary>
public sealed class SignedBlobTestHost : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private readonly List<LocalFileBlobStore> _otherStores = [];
    private WebApplication? _app;

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
    public LocalFileBlobStore Store { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;
    public TestServer Server { get; private set; } = null!;
    public string RootParent => _folder.Path;
    public long MaxPutBodyBytes { get; init; } = 1024 * 1024;
    public bool SeparateContentFiles { get; init; }
    public string? AccelRedirectPrefix { get; init; }
    public string BlobRoot => _folder.BlobRoot;

    public async Task InitializeAsync()
    {
        Store = _folder.CreateStore(Time, MaxPutBodyBytes, SeparateContentFiles, AccelRedirectPrefix);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(Store);
        _app = builder.Build();
        _app.MapSignedBlobEndpoints();
        await _app.StartAsync();
        Server = _app.GetTestServer();
        Client = _app.GetTestClient();
    }

    /// <summary>Another store on this host's root and key (system time), as another instance of the app would be.</summary>
    public LocalFileBlobStore CreateStoreOnSameRoot(bool? separateContentFiles = null)
    {
        var store = _folder.CreateStore(separateContentFiles: separateContentFiles ?? SeparateContentFiles);
        _otherStores.Add(store);
        return store;
    }

    public async Task<Uri> UrlAsync(string name, string sp = "r", TimeSpan? validFor = null)
    {
        var permissions = sp switch
        {
            "r" => Cooc.Ports.BlobPermissions.Read,
            "w" => Cooc.Ports.BlobPermissions.Write,
            _ => Cooc.Ports.BlobPermissions.Read | Cooc.Ports.BlobPermissions.Write,
        };
        return await Store.GetSignedUrlAsync("video", name, permissions, Time.GetUtcNow() + (validFor ?? TimeSpan.FromMinutes(10)));
    }

    /// <summary>Sends a request with an exact raw path and query, bypassing HttpClient's URI normalization.</summary>
    public Task<HttpContext> SendRawAsync(string rawPath, string rawQuery, string method = "GET") =>
        Server.SendAsync(context =>
        {
            context.Request.Method = method;
            context.Request.Path = PathString.FromUriComponent(rawPath);
            context.Request.QueryString = new QueryString(rawQuery);
        });

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (_app is not null)
            await _app.DisposeAsync();
        Store?.Dispose();
        _otherStores.ForEach(s => s.Dispose());
        _folder.Dispose();
    }
}
