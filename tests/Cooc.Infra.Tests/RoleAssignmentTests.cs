using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Cooc.Infra.Tests.Bicep;

namespace Cooc.Infra.Tests;

/// <summary>The app identity holds exactly the data-plane roles the adapters need, each on its own resource.</summary>
public sealed partial class RoleAssignmentTests
{
    private const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    private const string StorageBlobDataContributor = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";
    private const string StorageBlobDelegator = "db58b8e5-c6ad-4a2a-8342-4190687cbf4a";
    private const string ServiceBusDataSender = "69a216fc-b8fb-44d8-bc22-1f3c2552ae39";
    private const string ServiceBusDataReceiver = "4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0";
    private const string MonitoringMetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";
    private const string KeyVaultSecretsUser = "4633458b-17de-408a-b874-0445c86b69e6";
    private const string Owner = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";
    private const string Contributor = "b24988ac-6180-42a0-ab88-20f7382dd24c";

    private sealed record Assignment(string Scope, string RoleId, string PrincipalId, string? PrincipalType);

    /// <summary>The app identity's principal id as the template refers to it (known only at deployment).</summary>
    public static string AppPrincipalId(Deployment deployment)
    {
        var identity = deployment.Single("Microsoft.ManagedIdentity/userAssignedIdentities");
        return $"[reference('{identity["id"]}', '{identity["apiVersion"]}').principalId]";
    }

    private static List<Assignment> Assignments(Deployment deployment) => deployment.OfType("Microsoft.Authorization/roleAssignments")
        .Select(r =>
        {
            var scope = ExtensionScope().Match((string)r["id"]!);
            Assert.True(scope.Success, $"Role assignment without a resource scope: {r["id"]}");
            var properties = r["properties"]!;
            var roleId = (string)properties["roleDefinitionId"]!;
            Assert.StartsWith($"/subscriptions/{Deployment.SubscriptionId}/providers/Microsoft.Authorization/roleDefinitions/", roleId);
            return new Assignment(scope.Groups[1].Value, roleId.Split('/')[^1], (string)properties["principalId"]!, (string?)properties["principalType"]);
        })
        .ToList();

    private static IEnumerable<string> RolesOn(Deployment deployment, JsonObject resource) =>
        Assignments(deployment).Where(a => a.Scope == (string)resource["id"]!).Select(a => a.RoleId).Order();

    [Fact]
    public async Task Every_assignment_is_for_the_app_identity_as_a_service_principal()
    {
        var deployment = await Deployment.ExampleParametersAsync();
        var principal = AppPrincipalId(deployment);

        var assignments = Assignments(deployment);
        Assert.NotEmpty(assignments);
        Assert.All(assignments, a =>
        {
            Assert.Equal(principal, a.PrincipalId);
            Assert.Equal("ServicePrincipal", a.PrincipalType);
            Assert.DoesNotContain(a.RoleId, new[] { Owner, Contributor });
        });
    }

    [Fact]
    public async Task Content_storage_grants_blob_data_and_user_delegation_keys_for_signed_urls()
    {
        var deployment = await Deployment.ExampleParametersAsync();

        Assert.Equal(new[] { StorageBlobDataContributor, StorageBlobDelegator }.Order(), RolesOn(deployment, StorageTests.ContentAccount(deployment)));
    }

    [Fact]
    public async Task Host_storage_grants_the_functions_host_its_blobs()
    {
        var deployment = await Deployment.ExampleParametersAsync();

        Assert.Contains(StorageBlobDataOwner, RolesOn(deployment, StorageTests.HostAccount(deployment)));
    }

    [Fact]
    public async Task Service_bus_grants_send_and_receive()
    {
        var deployment = await Deployment.ExampleParametersAsync();

        Assert.Equal(new[] { ServiceBusDataSender, ServiceBusDataReceiver }.Order(),
            RolesOn(deployment, deployment.Single("Microsoft.ServiceBus/namespaces")));
    }

    [Fact]
    public async Task Application_insights_accepts_the_apps_telemetry_without_keys()
    {
        var deployment = await Deployment.ExampleParametersAsync();
        var appInsights = deployment.Single("Microsoft.Insights/components");

        Assert.True((bool)appInsights["properties"]!["DisableLocalAuth"]!);
        Assert.Equal([MonitoringMetricsPublisher], RolesOn(deployment, appInsights));
        Assert.Equal($"[format('ClientId={{0}};Authorization=AAD', {AppPrincipalId(deployment).Replace(".principalId]", ".clientId")[1..]})]",
            FunctionAppTests.AppSettings(deployment)["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]);
    }

    [Fact]
    public async Task Key_vault_grants_reading_secrets_only()
    {
        var deployment = await Deployment.ExampleParametersAsync();

        Assert.Equal([KeyVaultSecretsUser], RolesOn(deployment, deployment.Single("Microsoft.KeyVault/vaults")));
    }

    [GeneratedRegex(@"^\[extensionResourceId\('([^']+)', 'Microsoft\.Authorization/roleAssignments'")]
    private static partial Regex ExtensionScope();
}
