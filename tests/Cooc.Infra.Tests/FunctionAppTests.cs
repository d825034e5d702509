using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Cooc.Azure.Blobs;
using Cooc.Azure.Documents;
using Cooc.Azure.Queues;
using Cooc.Infra.Tests.Bicep;

namespace Cooc.Infra.Tests;

/// <summary>The Function App: plan, runtime, always-ready capacity, identity and the settings the app reads.</summary>
public sealed partial class FunctionAppTests
{
    /// <summary>Identity-based settings the app needs in Azure (StorageAdapters.cs, CoocSettings.cs, AuthOptions.cs).</summary>
    private static readonly string[] RequiredSettings =
    [
        "Cosmos__accountEndpoint", "Cosmos__databaseName", "Blob__serviceUri", "ServiceBus__fullyQualifiedNamespace",
        "Auth__Authority", "Auth__Audience", "Cooc__OperatorOrganization", "Cooc__Adapters__CreateResources",
        "AZURE_CLIENT_ID", "AzureWebJobsStorage__accountName", "AzureWebJobsStorage__credential", "AzureWebJobsStorage__clientId",
        "APPLICATIONINSIGHTS_CONNECTION_STRING",
    ];

    /// <summary>Flex Consumption rejects these as app settings (functionAppConfig replaces them).</summary>
    private static readonly string[] FlexRejectedSettings =
    [
        "FUNCTIONS_WORKER_RUNTIME", "FUNCTIONS_EXTENSION_VERSION", "WEBSITE_RUN_FROM_PACKAGE",
        "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING", "WEBSITE_CONTENTSHARE", "AzureWebJobsStorage",
    ];

    public static JsonObject Site(Deployment deployment) => deployment.Single("Microsoft.Web/sites");

    public static IReadOnlyDictionary<string, string> AppSettings(Deployment deployment) =>
        Site(deployment)["properties"]!["siteConfig"]!["appSettings"]!.AsArray()
            .ToDictionary(s => (string)s!["name"]!, s => (string)s!["value"]!);

    [Fact]
    public async Task Settings_include_every_identity_based_setting_the_app_reads()
    {
        var settings = AppSettings(await Deployment.ExampleParametersAsync());

        Assert.All(RequiredSettings, name => Assert.True(settings.ContainsKey(name), $"App setting {name} is missing."));
        Assert.Equal("false", settings["Cooc__Adapters__CreateResources"]);
        Assert.Equal("managedidentity", settings["AzureWebJobsStorage__credential"]);
    }

    [Fact]
    public async Task Settings_named_in_the_apps_configuration_errors_are_deployed()
    {
        var settings = AppSettings(await Deployment.ExampleParametersAsync());
        var hosting = Path.Join(RepositoryFolders.Root, "functions", "Cooc.Functions");

        var named = Directory.EnumerateFiles(hosting, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => NamedAppSetting().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .ToHashSet();

        Assert.NotEmpty(named);
        Assert.All(named, name => Assert.True(settings.ContainsKey(name), $"The app asks for app setting {name}; infra does not set it."));
    }

    [Fact]
    public async Task Adapter_settings_bind_to_properties_of_the_adapter_options()
    {
        var settings = AppSettings(await Deployment.ExampleParametersAsync());
        var sections = new Dictionary<string, Type>
        {
            ["Cosmos"] = typeof(CosmosDocumentStoreOptions),
            ["Blob"] = typeof(AzureBlobStoreOptions),
            ["ServiceBus"] = typeof(ServiceBusQueueOptions),
        };

        foreach (var (section, type) in sections)
        {
            var keys = settings.Keys.Where(k => k.StartsWith(section + "__", StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(keys);
            foreach (var key in keys)
            {
                var property = key[(section.Length + 2)..];
                Assert.True(type.GetProperty(property, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase) is not null,
                    $"{key} binds to nothing: {type.Name} has no property {property}.");
            }
        }
        Assert.False(settings.Keys.Any(k => k.EndsWith("__connectionString", StringComparison.OrdinalIgnoreCase)), "Identity-based only.");
    }

    [Fact]
    public async Task Settings_hold_no_keys_and_nothing_flex_consumption_rejects()
    {
        var settings = AppSettings(await Deployment.ExampleParametersAsync());

        Assert.All(settings, s =>
        {
            Assert.DoesNotContain(':', s.Key);
            Assert.DoesNotContain(s.Key, FlexRejectedSettings);
            Assert.DoesNotContain("AccountKey", s.Value, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("SharedAccessKey", s.Value, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("listKeys(", s.Value, StringComparison.OrdinalIgnoreCase);
        });
    }

    [Fact]
    public async Task Settings_point_at_the_deployed_resources_through_the_app_identity()
    {
        var deployment = await Deployment.ExampleParametersAsync();
        var settings = AppSettings(deployment);
        var identity = deployment.Single("Microsoft.ManagedIdentity/userAssignedIdentities");
        var clientId = $"[reference('{identity["id"]}', '{identity["apiVersion"]}').clientId]";

        Assert.Equal(clientId, settings["AZURE_CLIENT_ID"]);
        Assert.Equal(clientId, settings["AzureWebJobsStorage__clientId"]);
        Assert.Equal(Deployment.NameOf(StorageTests.HostAccount(deployment)), settings["AzureWebJobsStorage__accountName"]);
        Assert.Contains($"'{deployment.Single("Microsoft.DocumentDB/databaseAccounts")["id"]}'", settings["Cosmos__accountEndpoint"]);
        Assert.Contains($"'{deployment.Single("Microsoft.ServiceBus/namespaces")["id"]}'", settings["ServiceBus__fullyQualifiedNamespace"]);
        Assert.Contains($"'{deployment.Single("Microsoft.Insights/components")["id"]}'", settings["APPLICATIONINSIGHTS_CONNECTION_STRING"]);
        // main.bicepparam.
        Assert.Equal("https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0", settings["Auth__Authority"]);
        Assert.Equal("api://cooc", settings["Auth__Audience"]);
    }

    [Fact]
    public async Task Runs_the_codes_dotnet_version_on_the_isolated_worker()
    {
        var deployment = await Deployment.ExampleParametersAsync();
        var runtime = Site(deployment)["properties"]!["functionAppConfig"]!["runtime"]!;
        var targetFramework = XDocument.Load(Path.Join(RepositoryFolders.Root, "Directory.Build.props"))
            .Descendants("TargetFramework").Single().Value; // net10.0

        Assert.Equal("dotnet-isolated", (string)runtime["name"]!);
        Assert.Equal(targetFramework["net".Length..], (string)runtime["version"]!);
    }

    [Fact]
    public async Task Always_keeps_an_instance_running_for_the_queue_consumers()
    {
        var deployment = await Deployment.ExampleParametersAsync();
        var scale = Site(deployment)["properties"]!["functionAppConfig"]!["scaleAndConcurrency"]!;

        var plan = deployment.Single("Microsoft.Web/serverfarms");
        Assert.Equal("FC1", (string)plan["sku"]!["name"]!);
        Assert.Equal("FlexConsumption", (string)plan["sku"]!["tier"]!);
        // The app has HTTP triggers only, so its instances form the "http" group; queue consumers are hosted services.
        var http = Assert.Single(scale["alwaysReady"]!.AsArray(), g => (string)g!["name"]! == "http")!;
        Assert.True((int)http["instanceCount"]! >= 1);
        Assert.True((int)scale["maximumInstanceCount"]! >= (int)http["instanceCount"]!);
    }

    [Fact]
    public async Task Serves_https_only_with_tls_1_2_and_no_basic_auth_publishing()
    {
        var deployment = await Deployment.ExampleParametersAsync();
        var site = Site(deployment);
        var properties = site["properties"]!;

        Assert.Contains("linux", (string)site["kind"]!);
        Assert.True((bool)properties["httpsOnly"]!);
        Assert.Equal("1.2", (string)properties["siteConfig"]!["minTlsVersion"]!);
        Assert.Equal("Disabled", (string)properties["siteConfig"]!["ftpsState"]!);
        var policies = deployment.OfType("Microsoft.Web/sites/basicPublishingCredentialsPolicies");
        Assert.Equal(["ftp", "scm"], policies.Select(Deployment.ShortName).Order());
        Assert.All(policies, p => Assert.False((bool)p["properties"]!["allow"]!));
        // The host ID is the site name cut to 32 characters: keep names unique within that.
        Assert.InRange(Deployment.NameOf(site).Length, 2, 32);
    }

    [Fact]
    public async Task Runs_as_the_user_assigned_identity_everywhere()
    {
        var deployment = await Deployment.ExampleParametersAsync();
        var site = Site(deployment);
        var identityId = (string)deployment.Single("Microsoft.ManagedIdentity/userAssignedIdentities")["id"]!;

        Assert.Equal("UserAssigned", (string)site["identity"]!["type"]!);
        Assert.Equal([identityId], site["identity"]!["userAssignedIdentities"]!.AsObject().Select(p => p.Key));
        var authentication = site["properties"]!["functionAppConfig"]!["deployment"]!["storage"]!["authentication"]!;
        Assert.Equal("UserAssignedIdentity", (string)authentication["type"]!);
        Assert.Equal(identityId, (string)authentication["userAssignedIdentityResourceId"]!);
    }

    [Fact]
    public async Task Outputs_the_endpoints()
    {
        var outputs = (await Deployment.ExampleParametersAsync()).Outputs;
        var routePrefix = (string)JsonNode.Parse(File.ReadAllText(Path.Join(RepositoryFolders.Root, "host.json")))!["extensions"]!["http"]!["routePrefix"]!;

        foreach (var name in new[] { "functionAppHostName", "apiBaseUrl", "cosmosEndpoint", "blobServiceUri", "serviceBusNamespace", "identityClientId" })
            Assert.True(outputs.ContainsKey(name), $"Output {name} is missing.");
        // The host's route prefix (host.json) follows the host name.
        Assert.StartsWith($"[format('https://{{0}}/{routePrefix}', ", (string)outputs["apiBaseUrl"]!);
    }

    [GeneratedRegex(@"app setting (\w+__\w+)")]
    private static partial Regex NamedAppSetting();
}
