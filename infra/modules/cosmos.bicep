// Cosmos DB for NoSQL: account (Entra ID only, continuous backup), one database, and the app's containers with
// their partition keys and indexing policies. The containers' list comes from main.bicep, which mirrors
// functions/Cooc.Azure/Documents/CosmosContainerDefinitions.cs (a test keeps the two equal).

@description('A composite index entry: a JSON path and its direction.')
@export()
type compositePath = {
  path: string
  order: 'ascending' | 'descending'
}

@description('A container: name, partition key path, and the composite indexes its ORDER BY queries need.')
@export()
type container = {
  name: string
  partitionKeyPath: string
  compositeIndexes: compositePath[][]
}

@description('Azure region.')
param location string

@description('Globally unique account name: 3-44 lowercase letters, digits and hyphens.')
@minLength(3)
@maxLength(44)
param accountName string

param databaseName string

param containers container[]

@description('serverless: pay per request (5,000 RU/s burst per container). provisioned: autoscale throughput shared by the database.')
@allowed(['serverless', 'provisioned'])
param capacityMode string

@description('Autoscale maximum RU/s of the database (provisioned mode; scales between 10% and 100% of it).')
@minValue(1000)
param autoscaleMaxThroughput int = 1000

@allowed(['Continuous7Days', 'Continuous30Days'])
param backupTier string = 'Continuous7Days'

@description('Principal (the app identity) that gets the Cosmos DB Built-in Data Contributor role.')
param dataContributorPrincipalId string

param tags object = {}

// Cosmos DB Built-in Data Contributor (data plane: read, write, query items; no control-plane operations).
var dataContributorRoleId = '00000000-0000-0000-0000-000000000002'

resource account 'Microsoft.DocumentDB/databaseAccounts@2025-04-15' = {
  name: accountName
  location: location
  tags: tags
  kind: 'GlobalDocumentDB'
  properties: {
    databaseAccountOfferType: 'Standard'
    locations: [
      {
        locationName: location
        failoverPriority: 0
        isZoneRedundant: false
      }
    ]
    consistencyPolicy: {
      defaultConsistencyLevel: 'Session'
    }
    capabilities: capacityMode == 'serverless' ? [{ name: 'EnableServerless' }] : []
    backupPolicy: {
      type: 'Continuous'
      continuousModeProperties: {
        tier: backupTier
      }
    }
    disableLocalAuth: true
    disableKeyBasedMetadataWriteAccess: true
    minimalTlsVersion: 'Tls12'
    publicNetworkAccess: 'Enabled'
  }
}

resource database 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases@2025-04-15' = {
  parent: account
  name: databaseName
  properties: {
    resource: {
      id: databaseName
    }
    options: capacityMode == 'provisioned' ? { autoscaleSettings: { maxThroughput: autoscaleMaxThroughput } } : {}
  }
}

resource sqlContainers 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2025-04-15' = [
  for c in containers: {
    parent: database
    name: c.name
    properties: {
      resource: {
        id: c.name
        partitionKey: {
          paths: [c.partitionKeyPath]
          kind: 'Hash'
          version: 2
        }
        indexingPolicy: {
          indexingMode: 'consistent'
          automatic: true
          includedPaths: [{ path: '/*' }]
          excludedPaths: [{ path: '/"_etag"/?' }]
          compositeIndexes: c.compositeIndexes
        }
      }
    }
  }
]

resource dataContributor 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2025-04-15' = {
  parent: account
  name: guid(account.id, dataContributorPrincipalId, dataContributorRoleId)
  properties: {
    principalId: dataContributorPrincipalId
    roleDefinitionId: '${account.id}/sqlRoleDefinitions/${dataContributorRoleId}'
    scope: account.id
  }
}

output accountName string = account.name
output endpoint string = account.properties.documentEndpoint
output databaseName string = database.name
