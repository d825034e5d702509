using System.Text.RegularExpressions;
using Cooc.Infra.Tests.Bicep;

namespace Cooc.Infra.Tests;

/// <summary>The other parameter choices: provisioned Cosmos throughput, no operator organization, no CORS, a long prefix.</summary>
public sealed partial class ParameterTests
{
    private static readonly Lazy<Task<Deployment>> Provisioned = new(() => Deployment.SnapshotAsync("""
        using './main.bicep'

        param namePrefix = 'Contoso-Edu1'
        param authAuthority = 'https://login.microsoftonline.com/11111111-1111-1111-1111-111111111111/v2.0'
        param authAudience = 'api://contoso-cooc'
        param playbackKey = 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA='
        param certificateSigningKey = '-----BEGIN PRIVATE KEY-----\nnot-a-real-key\n-----END PRIVATE KEY-----'
        param cosmosCapacityMode = 'provisioned'
        param cosmosAutoscaleMaxThroughput = 4000
        param alwaysReadyInstances = 2
        """));

    [Fact]
    public async Task Provisioned_mode_shares_autoscale_throughput_at_the_database()
    {
        var deployment = await Provisioned.Value;

        var capabilities = deployment.Single("Microsoft.DocumentDB/databaseAccounts")["properties"]!["capabilities"]!.AsArray();
        Assert.DoesNotContain(capabilities, c => (string)c!["name"]! == "EnableServerless");
        var options = deployment.Single("Microsoft.DocumentDB/databaseAccounts/sqlDatabases")["properties"]!["options"]!;
        Assert.Equal(4000, (int)options["autoscaleSettings"]!["maxThroughput"]!);
    }

    [Fact]
    public async Task Without_an_operator_organization_the_setting_stays_unset()
    {
        // Unset means "any admin"; an empty value would match no organization and lock every admin out.
        var settings = FunctionAppTests.AppSettings(await Provisioned.Value);

        Assert.False(settings.ContainsKey("Cooc__OperatorOrganization"));
        Assert.Equal("api://contoso-cooc", settings["Auth__Audience"]);
    }

    [Fact]
    public async Task Without_origins_there_is_no_cors_rule()
    {
        var deployment = await Provisioned.Value;

        Assert.Empty(StorageTests.CorsRules(deployment, StorageTests.ContentAccount(deployment)));
        Assert.Empty(FunctionAppTests.Site(deployment)["properties"]!["siteConfig"]!["cors"]!["allowedOrigins"]!.AsArray());
    }

    [Fact]
    public async Task A_long_mixed_case_prefix_still_yields_valid_names()
    {
        var deployment = await Provisioned.Value;

        Assert.All(deployment.OfType("Microsoft.Storage/storageAccounts"),
            a => Assert.Matches(StorageAccountName(), Deployment.NameOf(a)));
        Assert.Matches(CosmosAccountName(), Deployment.NameOf(deployment.Single("Microsoft.DocumentDB/databaseAccounts")));
        Assert.Matches(ServiceBusName(), Deployment.NameOf(deployment.Single("Microsoft.ServiceBus/namespaces")));
        Assert.InRange(Deployment.NameOf(FunctionAppTests.Site(deployment)).Length, 2, 32);
        Assert.Equal(2, (int)FunctionAppTests.Site(deployment)["properties"]!["functionAppConfig"]!["scaleAndConcurrency"]!["alwaysReady"]![0]!["instanceCount"]!);
    }

    [GeneratedRegex("^[a-z0-9]{3,24}$")]
    private static partial Regex StorageAccountName();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,42}[a-z0-9]$")]
    private static partial Regex CosmosAccountName();

    [GeneratedRegex("^[a-zA-Z][a-zA-Z0-9-]{4,48}[a-zA-Z0-9]$")]
    private static partial Regex ServiceBusName();
}
