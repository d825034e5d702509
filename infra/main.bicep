// Cooc in one resource group: identity, monitoring, host + content storage, Cosmos DB, Service Bus, Key Vault, Function App.
// Deploy: az deployment group create -g <rg> -f infra/main.bicep -p infra/main.bicepparam (see infra/README.md).
// The container, queue and blob-container lists below mirror the code; tests/Cooc.Infra.Tests keeps them equal.

import { container } from 'modules/cosmos.bicep'

targetScope = 'resourceGroup'

@description('Azure region of every resource (one that offers Flex Consumption).')
param location string = resourceGroup().location

@description('Short prefix of resource names (letters, digits, hyphens); a hash of the resource group keeps global names unique.')
@minLength(2)
@maxLength(12)
param namePrefix string = 'cooc'

@description('Entra ID token issuer the API trusts, e.g. https://login.microsoftonline.com/{tenant}/v2.0 (Auth__Authority).')
param authAuthority string

@description('Audience (application ID URI or client id) the API tokens are issued for (Auth__Audience).')
param authAudience string

@description('Organization whose admins operate the platform (dead letters); empty: any admin (single-tenant installs).')
param operatorOrganization string = ''

@description('Base64 of 32 random bytes: the HMAC key of playback tokens, shared by all instances (openssl rand -base64 32).')
@secure()
param playbackKey string

@description('PEM of the P-256 private key that signs certificates (ES256): stored as the Key Vault secret the app setting Cooc__Certificates__SigningKey refers to. Empty keeps the secret already in the vault.')
@secure()
param certificateSigningKey string = ''

@description('Browser origins of the web front end: blob CORS (block uploads, HLS playback) and the API CORS.')
param corsOrigins string[] = []

@description('serverless: pay per request. provisioned: autoscale throughput shared by the database.')
@allowed(['serverless', 'provisioned'])
param cosmosCapacityMode string = 'serverless'

@description('Autoscale maximum RU/s of the database when cosmosCapacityMode is provisioned.')
@minValue(1000)
param cosmosAutoscaleMaxThroughput int = 1000

@description('Cosmos database name (Cosmos__databaseName; the app defaults to "cooc").')
param cosmosDatabaseName string = 'cooc'

@description('Function App instances that always run (they host the queue consumers); at least 1.')
@minValue(1)
param alwaysReadyInstances int = 1

@description('Upper bound of Function App scale-out.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Redundancy of the content (media) storage account.')
@allowed(['Standard_LRS', 'Standard_ZRS', 'Standard_GRS', 'Standard_RAGRS', 'Standard_GZRS', 'Standard_RAGZRS'])
param contentStorageSku string = 'Standard_LRS'

param tags object = {
  app: 'cooc'
}

var suffix = uniqueString(resourceGroup().id)
var prefix = toLower(namePrefix)
var storagePrefix = take(replace(prefix, '-', ''), 9)

// functions/Cooc.Azure/Documents/CosmosContainerDefinitions.cs: partition keys (Containers.PartitionKeyPaths) and one
// composite index per ORDER BY, its keys followed by id ascending (the query tie-break).
var cosmosContainers container[] = [
  {
    name: 'courses'
    partitionKeyPath: '/courseId'
    compositeIndexes: [[{ path: '/updatedAt', order: 'descending' }, { path: '/id', order: 'ascending' }]]
  }
  {
    name: 'enrollments'
    partitionKeyPath: '/courseId'
    compositeIndexes: [[{ path: '/requestedAt', order: 'ascending' }, { path: '/id', order: 'ascending' }]]
  }
  {
    name: 'learners'
    partitionKeyPath: '/learnerId'
    compositeIndexes: [
      [{ path: '/requestedAt', order: 'descending' }, { path: '/id', order: 'ascending' }]
      [{ path: '/awardedOn', order: 'descending' }, { path: '/id', order: 'ascending' }]
    ]
  }
  {
    name: 'assessment'
    partitionKeyPath: '/assignmentId'
    compositeIndexes: [
      [{ path: '/submittedAt', order: 'ascending' }, { path: '/id', order: 'ascending' }]
      [{ path: '/completedReviews', order: 'ascending' }, { path: '/submittedAt', order: 'ascending' }, { path: '/id', order: 'ascending' }]
      [{ path: '/expiresAt', order: 'ascending' }, { path: '/id', order: 'ascending' }]
    ]
  }
  { name: 'certificates', partitionKeyPath: '/certificateId', compositeIndexes: [] }
]

// functions/Cooc.Domain/Ports/Blobs.cs (BlobContainers).
var contentContainers = ['video', 'submissions', 'certificates']

// functions/Cooc.Domain/Ports/Queues.cs (Queues.All and the QueueOptions defaults).
var queueNames = ['video-ingest', 'grading', 'certificates', 'enrollment', 'catalog']
var queueLockDuration = 'PT1M'
var queueMaxDeliveryCount = 10
var queueDuplicateDetectionWindow = 'PT10M'

var deploymentContainer = 'app-package'

// The Key Vault secret holding the certificate signing key (Cooc__Certificates__SigningKey refers to it).
var signingKeySecretName = 'certificate-signing-key'

var roles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  storageBlobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
  storageBlobDelegator: 'db58b8e5-c6ad-4a2a-8342-4190687cbf4a'
}

module identity 'modules/identity.bicep' = {
  name: 'identity'
  params: {
    location: location
    name: '${prefix}-id-${suffix}'
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    location: location
    workspaceName: '${prefix}-log-${suffix}'
    appInsightsName: '${prefix}-appi-${suffix}'
    publisherPrincipalId: identity.outputs.principalId
    tags: tags
  }
}

// Two accounts: the host's (runtime state, deployment package) never gets CORS, and signed URLs can only ever
// reach the content account, whose redundancy, soft delete and lifecycle can differ.
module hostStorage 'modules/storage.bicep' = {
  name: 'host-storage'
  params: {
    location: location
    name: take('${storagePrefix}host${suffix}', 24)
    containers: [deploymentContainer]
    principalId: identity.outputs.principalId
    roleDefinitionIds: [
      roles.storageBlobDataOwner
      roles.storageQueueDataContributor
      roles.storageTableDataContributor
    ]
    tags: tags
  }
}

module contentStorage 'modules/storage.bicep' = {
  name: 'content-storage'
  params: {
    location: location
    name: take('${storagePrefix}media${suffix}', 24)
    skuName: contentStorageSku
    containers: contentContainers
    corsOrigins: corsOrigins
    deleteRetentionDays: 7
    principalId: identity.outputs.principalId
    // Data Contributor for the blobs; Delegator to fetch the user delegation key that signs upload/read URLs.
    roleDefinitionIds: [roles.storageBlobDataContributor, roles.storageBlobDelegator]
    tags: tags
  }
}

module cosmos 'modules/cosmos.bicep' = {
  name: 'cosmos'
  params: {
    location: location
    accountName: '${prefix}-cosmos-${suffix}'
    databaseName: cosmosDatabaseName
    containers: cosmosContainers
    capacityMode: cosmosCapacityMode
    autoscaleMaxThroughput: cosmosAutoscaleMaxThroughput
    dataContributorPrincipalId: identity.outputs.principalId
    tags: tags
  }
}

module serviceBus 'modules/servicebus.bicep' = {
  name: 'servicebus'
  params: {
    location: location
    namespaceName: '${prefix}-sb-${suffix}'
    queueNames: queueNames
    lockDuration: queueLockDuration
    maxDeliveryCount: queueMaxDeliveryCount
    duplicateDetectionWindow: queueDuplicateDetectionWindow
    principalId: identity.outputs.principalId
    tags: tags
  }
}

// Key Vault names start with a letter and allow no more than 24 characters.
module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    location: location
    name: take('kv-${storagePrefix}-${suffix}', 24)
    principalId: identity.outputs.principalId
    signingKeySecretName: signingKeySecretName
    signingKey: certificateSigningKey
    tags: tags
  }
}

// Every module output below is an implicit dependency, so the data roles (granted inside those modules) exist
// before the app starts its queue consumers or resolves its Key Vault reference.
module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  params: {
    location: location
    planName: '${prefix}-plan-${suffix}'
    appName: '${prefix}-func-${suffix}'
    identityId: identity.outputs.id
    keyVaultReferenceIdentityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    hostStorageName: hostStorage.outputs.name
    deploymentContainerUrl: '${hostStorage.outputs.blobEndpoint}${deploymentContainer}'
    appInsightsConnectionString: monitoring.outputs.connectionString
    corsOrigins: corsOrigins
    alwaysReadyInstances: alwaysReadyInstances
    maximumInstanceCount: maximumInstanceCount
    tags: tags
    // Identity-based settings the app reads (functions/Cooc.Functions/Hosting/StorageAdapters.cs, CoocSettings.cs).
    appSettings: union(
      {
        Cosmos__accountEndpoint: cosmos.outputs.endpoint
        Cosmos__databaseName: cosmos.outputs.databaseName
        Blob__serviceUri: contentStorage.outputs.blobEndpoint
        ServiceBus__fullyQualifiedNamespace: serviceBus.outputs.fullyQualifiedNamespace
        Auth__Authority: authAuthority
        Auth__Audience: authAudience
        Cooc__Adapters__CreateResources: 'false'
        Cooc__RunConsumers: 'true'
        Cooc__Video__PlaybackKey: playbackKey
        Cooc__Certificates__SigningKey: keyVault.outputs.signingKeyReference
      },
      empty(operatorOrganization) ? {} : { Cooc__OperatorOrganization: operatorOrganization }
    )
  }
}

output functionAppName string = functionApp.outputs.name
output functionAppHostName string = functionApp.outputs.defaultHostName
output apiBaseUrl string = 'https://${functionApp.outputs.defaultHostName}/api'
output cosmosEndpoint string = cosmos.outputs.endpoint
output blobServiceUri string = contentStorage.outputs.blobEndpoint
output serviceBusNamespace string = serviceBus.outputs.fullyQualifiedNamespace
output identityClientId string = identity.outputs.clientId
output identityPrincipalId string = identity.outputs.principalId
output keyVaultName string = keyVault.outputs.name
