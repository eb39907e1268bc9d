@description('Name of the Azure Bot resource (globally unique).')
param name string

@description('Display name shown in the Bot Framework and Teams.')
param displayName string

param tags object

@description('Azure Bot SKU: F0 is free; standard channels such as Teams are free on both.')
param skuName string

@description('https URL of the bot messaging endpoint.')
param endpoint string

@description('UserAssignedMSI, SingleTenant or MultiTenant.')
param appType string

@description('Client id of the bot identity (managed identity or app registration).')
param appId string

@description('Tenant of the bot identity; empty for MultiTenant.')
param appTenantId string

@description('Resource id of the user-assigned managed identity; empty unless appType is UserAssignedMSI.')
param appMsiResourceId string

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: name
  // Azure Bot is a global resource.
  location: 'global'
  tags: tags
  kind: 'azurebot'
  sku: {
    name: skuName
  }
  properties: {
    displayName: displayName
    endpoint: endpoint
    msaAppType: appType
    msaAppId: appId
    // Left out (null) rather than empty when they do not apply: a multi-tenant bot has no tenant, an app registration no MSI.
    msaAppTenantId: empty(appTenantId) ? null : appTenantId
    msaAppMSIResourceId: empty(appMsiResourceId) ? null : appMsiResourceId
    publicNetworkAccess: 'Enabled'
  }
}

resource teamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
    }
  }
}

output name string = bot.name
