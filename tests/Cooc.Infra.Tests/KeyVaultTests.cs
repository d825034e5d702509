using Cooc.Infra.Tests.Bicep;

namespace Cooc.Infra.Tests;

/// <summary>The certificate signing key lives in Key Vault; the app reads it through a Key Vault reference with its own identity.</summary>
public sealed class KeyVaultTests
{
    private const string SecretsUser = "4633458b-17de-408a-b874-0445c86b69e6";
    private const string SigningKeySetting = "Cooc__Certificates__SigningKey";

    [Fact]
    public async Task The_vault_uses_rbac_and_keeps_deleted_secrets_recoverable()
    {
        var vault = (await Deployment.ExampleParametersAsync()).Single("Microsoft.KeyVault/vaults");
        var properties = vault["properties"]!;

        Assert.True((bool)properties["enableRbacAuthorization"]!);
        Assert.True((bool)properties["enableSoftDelete"]!);
        Assert.True((bool)properties["enablePurgeProtection"]!);
        Assert.InRange((int)properties["softDeleteRetentionInDays"]!, 7, 90);
        Assert.Null(properties["accessPolicies"]);
        Assert.Matches("^[a-z][a-z0-9-]{2,23}$", Deployment.NameOf(vault));
    }

    [Fact]
    public async Task The_app_identity_may_read_secrets_and_nothing_more_on_the_vault()
    {
        var deployment = await Deployment.ExampleParametersAsync();
        var vaultId = (string)deployment.Single("Microsoft.KeyVault/vaults")["id"]!;

        var assignment = Assert.Single(deployment.OfType("Microsoft.Authorization/roleAssignments"),
            r => ((string)r["id"]!).StartsWith($"[extensionResourceId('{vaultId}',", StringComparison.Ordinal));
        Assert.EndsWith("/" + SecretsUser, (string)assignment["properties"]!["roleDefinitionId"]!);
        Assert.Equal(RoleAssignmentTests.AppPrincipalId(deployment), (string)assignment["properties"]!["principalId"]!);
    }

    [Fact]
    public async Task The_signing_key_setting_is_a_key_vault_reference_resolved_with_the_app_identity()
    {
        var deployment = await Deployment.ExampleParametersAsync();
        var vaultId = (string)deployment.Single("Microsoft.KeyVault/vaults")["id"]!;
        var secret = deployment.Single("Microsoft.KeyVault/vaults/secrets");
        var site = FunctionAppTests.Site(deployment);

        var reference = FunctionAppTests.AppSettings(deployment)[SigningKeySetting];
        Assert.StartsWith("[format('@Microsoft.KeyVault(SecretUri={0}secrets/{1})', ", reference);
        Assert.Contains($"reference('{vaultId}', ", reference);
        Assert.EndsWith($", '{Deployment.ShortName(secret)}')]", reference);
        Assert.Equal((string)deployment.Single("Microsoft.ManagedIdentity/userAssignedIdentities")["id"]!,
            (string)site["properties"]!["keyVaultReferenceIdentity"]!);
    }

    [Fact]
    public async Task The_secret_holds_the_secure_parameter_and_is_written_only_when_one_is_given()
    {
        var secret = (await Deployment.ExampleParametersAsync()).Single("Microsoft.KeyVault/vaults/secrets");

        Assert.Equal("[parameters('certificateSigningKey')]", (string)secret["properties"]!["value"]!);
        Assert.Equal("[not(empty(parameters('certificateSigningKey')))]", (string)secret["condition"]!);
    }
}
