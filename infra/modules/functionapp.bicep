// The Function App on a Flex Consumption plan (Linux, .NET 10 isolated worker) with a user-assigned identity.
// Queue consumers are hosted services, not triggers (ARCHITECTURE section 2), so nothing would wake the app
// for a message: always-ready instances of the "http" group (the app's only trigger kind) keep at least one
// worker, and with it the Service Bus processors, running at all times.

@description('Azure region.')
param location string

param planName string
param appName string

@description('Resource id of the user-assigned identity the app runs as.')
param identityId string

@description('Resource id of the user-assigned identity that resolves Key Vault references in the app settings.')
param keyVaultReferenceIdentityId string

@description('Client id of that identity (DefaultAzureCredential, AzureWebJobsStorage, App Insights).')
param identityClientId string

@description('Host storage account (AzureWebJobsStorage, identity-based).')
param hostStorageName string

@description('Blob container URL the deployment package is uploaded to (Flex Consumption).')
param deploymentContainerUrl string

param appInsightsConnectionString string

@description('The application settings the app itself reads (Cosmos__..., Blob__..., Auth__..., Cooc__...).')
param appSettings object

@description('Origins allowed to call the HTTP API from a browser.')
param corsOrigins string[] = []

@description('Instances kept running even without traffic; at least 1 so the queue consumers run continuously.')
@minValue(1)
param alwaysReadyInstances int = 1

@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

@allowed([512, 2048, 4096])
param instanceMemoryMB int = 2048

param tags object = {}

// Flex Consumption rejects FUNCTIONS_WORKER_RUNTIME, FUNCTIONS_EXTENSION_VERSION and WEBSITE_RUN_FROM_PACKAGE as
// app settings: the worker runtime is functionAppConfig.runtime below.
var hostSettings = {
  AzureWebJobsStorage__accountName: hostStorageName
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
  APPLICATIONINSIGHTS_CONNECTION_STRING: appInsightsConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
  AZURE_CLIENT_ID: identityClientId
}

resource plan 'Microsoft.Web/serverfarms@2024-11-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource app 'Microsoft.Web/sites@2024-11-01' = {
  name: appName
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    keyVaultReferenceIdentity: keyVaultReferenceIdentityId
    httpsOnly: true
    clientCertEnabled: false
    publicNetworkAccess: 'Enabled'
    siteConfig: {
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      cors: {
        allowedOrigins: corsOrigins
        supportCredentials: false
      }
      appSettings: map(items(union(hostSettings, appSettings)), setting => { name: setting.key, value: setting.value })
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
      scaleAndConcurrency: {
        alwaysReady: [
          {
            name: 'http'
            instanceCount: alwaysReadyInstances
          }
        ]
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
    }
  }
}

// Basic-auth publishing (FTP and SCM) off: deployments authenticate with Entra ID.
resource ftp 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: app
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scm 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: app
  name: 'scm'
  properties: {
    allow: false
  }
}

output name string = app.name
output defaultHostName string = app.properties.defaultHostName
