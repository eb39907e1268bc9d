@description('Name of the Key Vault (3-24 letters, digits and hyphens, globally unique).')
param name string

@description('Azure region.')
param location string

param tags object

@description('Principal id of the managed identity that reads the secrets (role Key Vault Secrets User).')
param readerPrincipalId string

@description('Resource id of the Log Analytics workspace the vault\'s audit log goes to.')
param workspaceId string

// A secret is written only when a value is given: a redeploy without it keeps the version the vault holds.
@description('Key of the admin routes; empty keeps the vault\'s current secret.')
@secure()
param adminApiKey string

@description('Signing key of the export links; empty keeps the vault\'s current secret.')
@secure()
param exportSigningKey string

@description('Client secret of the bot\'s app registration; empty keeps the vault\'s current secret (none with the managed identity).')
@secure()
param botAppPassword string

// Built-in role "Key Vault Secrets User": reads secret values, nothing else.
var keyVaultSecretsUserRoleId = '4633458b-17de-408a-b874-0445c86b69e6'

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    // Access by Azure RBAC only (no access policies): who reads a secret is a role assignment an IT review can list.
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    // Once on, purge protection cannot be turned off: a deleted vault or secret stays recoverable for 90 days.
    enablePurgeProtection: true
    publicNetworkAccess: 'Enabled'
  }
}

resource adminApiKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(adminApiKey)) {
  parent: vault
  name: 'admin-api-key'
  properties: {
    value: adminApiKey
  }
}

resource exportSigningKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(exportSigningKey)) {
  parent: vault
  name: 'export-signing-key'
  properties: {
    value: exportSigningKey
  }
}

resource botAppPasswordSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(botAppPassword)) {
  parent: vault
  name: 'bot-app-password'
  properties: {
    value: botAppPassword
  }
}

resource secretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, readerPrincipalId, keyVaultSecretsUserRoleId)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUserRoleId)
    principalId: readerPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource lock 'Microsoft.Authorization/locks@2020-05-01' = {
  name: 'do-not-delete-coachbot-secrets'
  scope: vault
  properties: {
    level: 'CanNotDelete'
    notes: 'CoachBot keeps its secrets here. Remove this lock on purpose before deleting the vault.'
  }
}

resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: vault
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        category: 'AuditEvent'
        enabled: true
      }
    ]
    metrics: [
      {
        category: 'AllMetrics'
        enabled: true
      }
    ]
  }
}

output name string = vault.name
