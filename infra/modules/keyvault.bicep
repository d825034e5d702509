// Key Vault for the app's secrets (today the certificate signing key). Access is Azure RBAC only (no access
// policies); soft delete and purge protection keep a deleted or overwritten key recoverable, since credentials it
// signed must keep verifying for years. The app reads the secret through a Key Vault reference in its settings,
// resolved with its user-assigned identity (the site's keyVaultReferenceIdentity), which holds Key Vault Secrets User.

@description('Azure region.')
param location string

@description('Globally unique vault name: 3-24 letters, digits and hyphens, starting with a letter.')
@minLength(3)
@maxLength(24)
param name string

@description('Principal (the app identity) that reads the secrets.')
param principalId string

@description('Name of the secret holding the PEM of the certificate signing key.')
param signingKeySecretName string

@description('PEM of the certificate signing key; empty leaves the secret as it is (set it once with az keyvault secret set).')
@secure()
param signingKey string = ''

@description('Days a deleted vault or secret can be recovered (7-90).')
@minValue(7)
@maxValue(90)
param softDeleteRetentionInDays int = 90

param tags object = {}

var secretsUserRoleId = '4633458b-17de-408a-b874-0445c86b69e6'

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: softDeleteRetentionInDays
    enablePurgeProtection: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

// Each deployment with a key writes a new version; the app's reference names no version, so it follows the latest.
resource signingKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(signingKey)) {
  parent: vault
  name: signingKeySecretName
  properties: {
    value: signingKey
    contentType: 'application/x-pem-file'
  }
}

resource secretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, principalId, secretsUserRoleId)
  scope: vault
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', secretsUserRoleId)
  }
}

output name string = vault.name
output vaultUri string = vault.properties.vaultUri
// Versionless: the app setting's reference resolves to the current version.
output signingKeyReference string = '@Microsoft.KeyVault(SecretUri=${vault.properties.vaultUri}secrets/${signingKeySecretName})'
