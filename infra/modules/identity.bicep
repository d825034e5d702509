// The app's user-assigned managed identity. User-assigned (not system-assigned) so every data-plane role can be
// granted before the Function App exists, and so the Flex deployment storage, AzureWebJobsStorage and
// DefaultAzureCredential (AZURE_CLIENT_ID) all name the same principal.

@description('Azure region.')
param location string

@description('Identity name.')
param name string

param tags object = {}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
  tags: tags
}

output id string = identity.id
output name string = identity.name
output principalId string = identity.properties.principalId
output clientId string = identity.properties.clientId
