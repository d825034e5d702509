using System.Text.Json.Nodes;
using Cooc.Azure.Documents;
using Cooc.Infra.Tests.Bicep;
using Cooc.Ports;
using Microsoft.Azure.Cosmos;

namespace Cooc.Infra.Tests;

/// <summary>The Cosmos DB resources match the containers the code defines (CosmosContainerDefinitions).</summary>
public sealed class CosmosTests
{
    private const string ContainerType = "Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers";

    [Fact]
    public async Task Deploys_exactly_the_containers_the_code_defines()
    {
        var deployment = await Deployment.ExampleParametersAsync();

        var deployed = deployment.OfType(ContainerType).Select(Deployment.ShortName).Order();
        Assert.Equal(CosmosContainerDefinitions.All.Select(c => c.Name).Order(), deployed);
        Assert.Equal(Containers.PartitionKeyPaths.Keys.Order(), deployed);
    }

    [Fact]
    public async Task Every_container_has_the_codes_partition_key_and_indexing_policy()
    {
        var deployment = await Deployment.ExampleParametersAsync();

        foreach (var definition in CosmosContainerDefinitions.All)
        {
            var expected = definition.ToContainerProperties();
            var resource = Assert.Single(deployment.OfType(ContainerType), r => Deployment.ShortName(r) == definition.Name);
            var container = resource["properties"]!["resource"]!;

            Assert.Equal(definition.Name, (string)container["id"]!);
            Assert.Equal([expected.PartitionKeyPath], Strings(container["partitionKey"]!["paths"]));
            Assert.Equal("Hash", (string)container["partitionKey"]!["kind"]!);

            var indexing = container["indexingPolicy"]!;
            Assert.Equal("consistent", (string)indexing["indexingMode"]!);
            Assert.Equal(expected.IndexingPolicy.Automatic, (bool)indexing["automatic"]!);
            Assert.Equal(expected.IndexingPolicy.IncludedPaths.Select(p => p.Path), Paths(indexing["includedPaths"]));
            Assert.Equal(expected.IndexingPolicy.ExcludedPaths.Select(p => p.Path), Paths(indexing["excludedPaths"]));

            var expectedComposites = expected.IndexingPolicy.CompositeIndexes
                .Select(index => string.Join(", ", index.Select(p => $"{p.Path} {Order(p.Order)}")))
                .ToList();
            var deployedComposites = (indexing["compositeIndexes"]?.AsArray() ?? [])
                .Select(index => string.Join(", ", index!.AsArray().Select(p => $"{(string)p!["path"]!} {(string)p["order"]!}")))
                .ToList();
            Assert.True(expectedComposites.SequenceEqual(deployedComposites),
                $"Container {definition.Name}: composite indexes [{string.Join(" | ", deployedComposites)}] differ from the code's [{string.Join(" | ", expectedComposites)}].");
        }
    }

    [Fact]
    public async Task The_database_is_the_one_the_app_uses()
    {
        var deployment = await Deployment.ExampleParametersAsync();
        var databaseName = new CosmosDocumentStoreOptions().DatabaseName;

        Assert.Equal(databaseName, Deployment.ShortName(deployment.Single("Microsoft.DocumentDB/databaseAccounts/sqlDatabases")));
        Assert.All(deployment.OfType(ContainerType), c => Assert.Equal(databaseName, Deployment.NameOf(c).Split('/')[1]));
        Assert.Equal(databaseName, FunctionAppTests.AppSettings(deployment)["Cosmos__databaseName"]);
    }

    [Fact]
    public async Task The_account_allows_only_entra_id_and_keeps_continuous_backups()
    {
        var deployment = await Deployment.ExampleParametersAsync();
        var account = deployment.Single("Microsoft.DocumentDB/databaseAccounts")["properties"]!;

        Assert.True((bool)account["disableLocalAuth"]!);
        Assert.True((bool)account["disableKeyBasedMetadataWriteAccess"]!);
        Assert.Equal("Tls12", (string)account["minimalTlsVersion"]!);
        Assert.Equal("Continuous", (string)account["backupPolicy"]!["type"]!);
        Assert.StartsWith("Continuous", (string)account["backupPolicy"]!["continuousModeProperties"]!["tier"]!);
    }

    [Fact]
    public async Task Serverless_mode_enables_serverless_and_provisions_no_throughput()
    {
        var deployment = await Deployment.ExampleParametersAsync();

        var capabilities = deployment.Single("Microsoft.DocumentDB/databaseAccounts")["properties"]!["capabilities"]!.AsArray();
        Assert.Contains(capabilities, c => (string)c!["name"]! == "EnableServerless");
        var options = deployment.Single("Microsoft.DocumentDB/databaseAccounts/sqlDatabases")["properties"]!["options"];
        Assert.True(options is null || options.AsObject().Count == 0, $"Serverless databases take no throughput: {options}");
    }

    [Fact]
    public async Task The_app_identity_is_a_data_contributor()
    {
        var deployment = await Deployment.ExampleParametersAsync();
        var account = deployment.Single("Microsoft.DocumentDB/databaseAccounts");

        var assignment = deployment.Single("Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments")["properties"]!;
        Assert.Equal($"{account["id"]}/sqlRoleDefinitions/00000000-0000-0000-0000-000000000002", (string)assignment["roleDefinitionId"]!);
        Assert.Equal((string)account["id"]!, (string)assignment["scope"]!);
        Assert.Equal(RoleAssignmentTests.AppPrincipalId(deployment), (string)assignment["principalId"]!);
    }

    private static string Order(CompositePathSortOrder order) => order switch
    {
        CompositePathSortOrder.Ascending => "ascending",
        CompositePathSortOrder.Descending => "descending",
        _ => throw new ArgumentOutOfRangeException(nameof(order), order, null),
    };

    private static List<string> Strings(JsonNode? array) => array!.AsArray().Select(s => (string)s!).ToList();

    private static List<string> Paths(JsonNode? array) => (array?.AsArray() ?? []).Select(p => (string)p!["path"]!).ToList();
}
