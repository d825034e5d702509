using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Cooc.Infra.Tests.Bicep;
using Cooc.Ports;

namespace Cooc.Infra.Tests;

/// <summary>Host storage (Functions runtime, deployment package) and content storage (the app's blobs).</summary>
public sealed partial class StorageTests
{
    private const string AccountType = "Microsoft.Storage/storageAccounts";
    private const string ContainerType = "Microsoft.Storage/storageAccounts/blobServices/containers";

    /// <summary>Every constant of BlobContainers: a container added in code must be added to infra too.</summary>
    public static IReadOnlyList<string> CodeBlobContainers { get; } = typeof(BlobContainers)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToList();

    /// <summary>The account Blob__serviceUri points at.</summary>
    public static JsonObject ContentAccount(Deployment deployment)
    {
        var serviceUri = FunctionAppTests.AppSettings(deployment)["Blob__serviceUri"];
        return Assert.Single(deployment.OfType(AccountType), a => serviceUri.Contains($"'{a["id"]}'", StringComparison.Ordinal));
    }

    /// <summary>The account AzureWebJobsStorage__accountName names.</summary>
    public static JsonObject HostAccount(Deployment deployment)
    {
        var name = FunctionAppTests.AppSettings(deployment)["AzureWebJobsStorage__accountName"];
        return Assert.Single(deployment.OfType(AccountType), a => Deployment.NameOf(a) == name);
    }

    public static IReadOnlyList<string> ContainersOf(Deployment deployment, JsonObject account) => deployment.OfType(ContainerType)
        .Where(c => Deployment.NameOf(c).StartsWith($"{Deployment.NameOf(account)}/default/", StringComparison.Ordinal))
        .Select(Deployment.ShortName)
        .ToList();

    [Fact]
    public async Task Content_storage_has_exactly_the_codes_blob_containers_all_private()
    {
        var deployment = await Deployment.ExampleParametersAsync();
        var content = ContentAccount(deployment);

        Assert.Equal(["certificates", "submissions", "video"], CodeBlobContainers.Order());
        Assert.Equal(CodeBlobContainers.Order(), ContainersOf(deployment, content).Order());
        Assert.All(deployment.OfType(ContainerType), c => Assert.Equal("None", (string)c["properties"]!["publicAccess"]!));
    }

    [Fact]
    public async Task Host_and_content_are_separate_accounts()
    {
        var deployment = await Deployment.ExampleParametersAsync();

        Assert.Equal(2, deployment.OfType(AccountType).Count);
        Assert.NotEqual(Deployment.NameOf(HostAccount(deployment)), Deployment.NameOf(ContentAccount(deployment)));
    }

    [Fact]
    public async Task Every_account_refuses_shared_keys_public_blobs_and_old_tls()
    {
        var deployment = await Deployment.ExampleParametersAsync();

        Assert.All(deployment.OfType(AccountType), account =>
        {
            var properties = account["properties"]!;
            Assert.Matches(StorageAccountName(), Deployment.NameOf(account));
            Assert.False((bool)properties["allowSharedKeyAccess"]!);
            Assert.False((bool)properties["allowBlobPublicAccess"]!);
            Assert.True((bool)properties["supportsHttpsTrafficOnly"]!);
            Assert.Equal("TLS1_2", (string)properties["minimumTlsVersion"]!);
        });
    }

    [Fact]
    public async Task Content_blobs_allow_browser_uploads_and_playback_from_the_configured_origins()
    {
        var deployment = await Deployment.ExampleParametersAsync();

        var rule = Assert.Single(CorsRules(deployment, ContentAccount(deployment)));
        // corsOrigins in infra/main.bicepparam.
        Assert.Equal(["https://app.example.com"], Strings(rule["allowedOrigins"]));
        Assert.Equal(["GET", "HEAD", "OPTIONS", "PUT"], Strings(rule["allowedMethods"]).Order());
        // Block uploads send x-ms-* headers; players read ETag, Content-Range and Content-Length.
        Assert.Equal(["*"], Strings(rule["allowedHeaders"]));
        Assert.Equal(["*"], Strings(rule["exposedHeaders"]));
    }

    [Fact]
    public async Task Host_storage_has_no_cors_and_holds_the_deployment_package_container()
    {
        var deployment = await Deployment.ExampleParametersAsync();
        var host = HostAccount(deployment);

        Assert.Empty(CorsRules(deployment, host));
        var packageUrl = (string)FunctionAppTests.Site(deployment)["properties"]!["functionAppConfig"]!["deployment"]!["storage"]!["value"]!;
        Assert.Contains($"'{host["id"]}'", packageUrl);
        Assert.Contains(ContainersOf(deployment, host), container => packageUrl.EndsWith($"'{container}')]", StringComparison.Ordinal));
    }

    public static IReadOnlyList<JsonNode> CorsRules(Deployment deployment, JsonObject account)
    {
        var service = Assert.Single(deployment.OfType("Microsoft.Storage/storageAccounts/blobServices"),
            s => Deployment.NameOf(s) == $"{Deployment.NameOf(account)}/default");
        return (service["properties"]?["cors"]?["corsRules"]?.AsArray() ?? []).Select(r => r!).ToList();
    }

    private static List<string> Strings(JsonNode? array) => array!.AsArray().Select(s => (string)s!).ToList();

    [GeneratedRegex("^[a-z0-9]{3,24}$")]
    private static partial Regex StorageAccountName();
}
