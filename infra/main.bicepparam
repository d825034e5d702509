// Example parameters: replace the tenant, audience, operator organization and origins with yours.
using './main.bicep'

param namePrefix = 'cooc'
param authAuthority = 'https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0'
param authAudience = 'api://cooc'
param playbackKey = readEnvironmentVariable('COOC_PLAYBACK_KEY', 'cmVwbGFjZS1tZS13aXRoLTMyLXJhbmRvbS1ieXRlcyE=')
// The PEM to store in Key Vault; empty (the default) keeps the secret already there.
param certificateSigningKey = readEnvironmentVariable('COOC_CERTIFICATE_SIGNING_KEY', '')
param operatorOrganization = '00000000-0000-0000-0000-000000000000'
param corsOrigins = [
  'https://app.example.com'
]
param cosmosCapacityMode = 'serverless'
param alwaysReadyInstances = 1
