// A StorageV2 account with private blob containers, reachable only with Entra ID (shared-key access disabled:
// no account keys, no account SAS; user delegation SAS still works), optional blob CORS, and data-plane roles
// for one principal. Used twice: the Function App's host storage and the content (media) storage.

@description('Azure region.')
param location string

@description('Globally unique account name: 3-24 lowercase letters and digits.')
@minLength(3)
@maxLength(24)
param name string

@allowed(['Standard_LRS', 'Standard_ZRS', 'Standard_GRS', 'Standard_RAGRS', 'Standard_GZRS', 'Standard_RAGZRS'])
param skuName string = 'Standard_LRS'

@description('Private blob containers to create.')
param containers string[]

@description('Origins allowed to call the blob endpoint from a browser; empty: no CORS rule.')
param corsOrigins string[] = []

@description('Days deleted blobs and containers stay restorable; 0 turns soft delete off.')
@minValue(0)
@maxValue(365)
param deleteRetentionDays int = 0

@description('Principal that gets the roles below on this account.')
param principalId string

@description('Built-in role definition ids (GUIDs) to assign to the principal at account scope.')
param roleDefinitionIds string[]

param tags object = {}

var softDelete = deleteRetentionDays > 0 ? { enabled: true, days: max(1, deleteRetentionDays) } : { enabled: false }

resource account 'Microsoft.Storage/storageAccounts@2025-01-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: skuName
  }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    allowCrossTenantReplication: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2025-01-01' = {
  parent: account
  name: 'default'
  properties: {
    cors: {
      corsRules: empty(corsOrigins)
        ? []
        : [
            {
              allowedOrigins: corsOrigins
              // Browsers PUT blocks (Put Block / Put Block List) with a signed URL; players GET/HEAD segments with Range.
              allowedMethods: ['GET', 'HEAD', 'PUT', 'OPTIONS']
              allowedHeaders: ['*']
              exposedHeaders: ['*']
              maxAgeInSeconds: 3600
            }
          ]
    }
    deleteRetentionPolicy: softDelete
    containerDeleteRetentionPolicy: softDelete
  }
}

resource blobContainers 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-01-01' = [
  for container in containers: {
    parent: blobService
    name: container
    properties: {
      publicAccess: 'None'
    }
  }
]

resource roleAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in roleDefinitionIds: {
    name: guid(account.id, principalId, roleId)
    scope: account
    properties: {
      principalId: principalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
    }
  }
]

output id string = account.id
output name string = account.name
output blobEndpoint string = account.properties.primaryEndpoints.blob
