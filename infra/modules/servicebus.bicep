// Service Bus namespace (Entra ID only) and the app's queues. Queue behaviour mirrors QueueOptions in
// functions/Cooc.Domain/Ports/Queues.cs: peek-lock duration, max deliveries before dead-lettering, duplicate
// detection on MessageId (the app relies on it for idempotent sends).

@description('Azure region.')
param location string

@description('Globally unique namespace name: 6-50 letters, digits and hyphens.')
@minLength(6)
@maxLength(50)
param namespaceName string

@description('Standard is the lowest tier with duplicate detection and scheduled messages; Premium for isolation.')
@allowed(['Standard', 'Premium'])
param skuName string = 'Standard'

param queueNames string[]

@description('ISO 8601 duration a received message stays locked (max PT5M).')
param lockDuration string

@minValue(1)
param maxDeliveryCount int

@description('ISO 8601 duration of the duplicate-detection window (PT20S to P7D).')
param duplicateDetectionWindow string

@description('Principal (the app identity) that sends and receives.')
param principalId string

param tags object = {}

var dataSenderRoleId = '69a216fc-b8fb-44d8-bc22-1f3c2552ae39'
var dataReceiverRoleId = '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0'

resource namespace 'Microsoft.ServiceBus/namespaces@2024-01-01' = {
  name: namespaceName
  location: location
  tags: tags
  sku: {
    name: skuName
    tier: skuName
  }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
    publicNetworkAccess: 'Enabled'
  }
}

resource queues 'Microsoft.ServiceBus/namespaces/queues@2024-01-01' = [
  for queue in queueNames: {
    parent: namespace
    name: queue
    properties: {
      lockDuration: lockDuration
      maxDeliveryCount: maxDeliveryCount
      requiresDuplicateDetection: true
      duplicateDetectionHistoryTimeWindow: duplicateDetectionWindow
      deadLetteringOnMessageExpiration: true
      requiresSession: false
      enablePartitioning: false
    }
  }
]

resource roleAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in [dataSenderRoleId, dataReceiverRoleId]: {
    name: guid(namespace.id, principalId, roleId)
    scope: namespace
    properties: {
      principalId: principalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
    }
  }
]

output name string = namespace.name
// "https://<name>.servicebus.windows.net:443/" -> "<name>.servicebus.windows.net" (keeps sovereign-cloud suffixes).
output fullyQualifiedNamespace string = split(split(namespace.properties.serviceBusEndpoint, '//')[1], ':')[0]
