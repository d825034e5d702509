using Cooc.Functions.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Cooc.Api.Tests;

/// <summary>Functions mode cannot run here (no Functions host), but its composition can be built and checked.</summary>
public sealed class FunctionsModeTests : IDisposable
{
    private readonly string dataPath = Path.Combine(Path.GetTempPath(), "cooc-fn-" + Guid.NewGuid().ToString("N"));

    private const string Authority = "https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0";

    /// <summary>Identity-based settings as app settings name them (Cosmos__accountEndpoint...); building clients connects nowhere.</summary>
    private static readonly string[] AzureSettings =
    [
        "--Cosmos:accountEndpoint", "https://cooc-test.documents.azure.com:443/",
        "--Blob:serviceUri", "https://cooctest.blob.core.windows.net",
        "--ServiceBus:fullyQualifiedNamespace", "cooc-test.servicebus.windows.net",
        "--Cooc:Video:PlaybackKey", Convert.ToBase64String(new byte[32]),
        "--Cooc:Certificates:SigningKey", System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256).ExportPkcs8PrivateKeyPem(),
    ];

    [Fact]
    public void Functions_mode_composes_every_function_with_Entra_validation_and_no_token_minting()
    {
        using var host = FunctionsWorker.Build([
            "--Cooc:DataPath", dataPath, "--Cooc:RunConsumers", "false", "--Auth:Authority", Authority, "--Auth:Audience", "api://cooc", .. AzureSettings]);
        foreach (var function in HttpFunction.Discover(typeof(HttpFunction).Assembly, "api"))
            Assert.NotNull(ActivatorUtilities.CreateInstance(host.Services, function.Method.DeclaringType!));
        Assert.Null(host.Services.GetService<Cooc.Functions.Identity.LocalTokenIssuer>());
        var parameters = host.Services.GetRequiredService<Microsoft.IdentityModel.Tokens.TokenValidationParameters>();
        Assert.Equal("api://cooc", parameters.ValidAudience);
        Assert.NotNull(parameters.ConfigurationManager);
        Assert.IsType<Cooc.Azure.Documents.CosmosDocumentStore>(host.Services.GetRequiredService<Cooc.Ports.IDocumentStore>());
        Assert.IsType<Cooc.Azure.Blobs.AzureBlobStore>(host.Services.GetRequiredService<Cooc.Ports.IBlobStore>());
        Assert.IsType<Cooc.Azure.Queues.ServiceBusMessageQueue>(host.Services.GetRequiredService<Cooc.Ports.IMessageQueue>());
        Assert.False(host.Services.GetRequiredService<StartupResources>().Enabled);
    }

    [Theory]
    [InlineData("--Cosmos:accountEndpoint", "Cosmos")]
    [InlineData("--Blob:serviceUri", "Blob")]
    [InlineData("--ServiceBus:fullyQualifiedNamespace", "ServiceBus")]
    public void Functions_mode_names_the_missing_azure_setting(string left, string named)
    {
        var settings = AzureSettings.Chunk(2).Where(pair => pair[0] != left).SelectMany(pair => pair);
        using var host = FunctionsWorker.Build([
            "--Cooc:DataPath", dataPath, "--Cooc:RunConsumers", "false", "--Auth:Authority", Authority, "--Auth:Audience", "api://cooc", .. settings]);
        var error = Assert.Throws<InvalidOperationException>(() =>
        {
            host.Services.GetRequiredService<Cooc.Ports.IDocumentStore>();
            host.Services.GetRequiredService<Cooc.Ports.IBlobStore>();
            host.Services.GetRequiredService<Cooc.Ports.IMessageQueue>();
        });
        Assert.Contains(named, error.Message);
    }

    [Fact]
    public void Functions_mode_refuses_to_start_without_an_authority()
    {
        var error = Assert.Throws<InvalidOperationException>(() => FunctionsWorker.Build(["--Cooc:DataPath", dataPath]));
        Assert.Contains("Auth:Authority", error.Message);
    }

    public void Dispose()
    {
        try { Directory.Delete(dataPath, recursive: true); } catch (IOException) { }
    }
}
