@description('Name of the web app (becomes <name>.azurewebsites.net).')
param name string

@description('Name of the App Service plan.')
param planName string

@description('Azure region.')
param location string

param tags object

@description('App Service plan SKU.')
param skuName string

@description('Resource id of the user-assigned managed identity attached to the web app.')
param identityId string

@description('App settings as name → value; every value is written as a string.')
@secure()
param appSettings object

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'linux'
  sku: {
    name: skuName
  }
  properties: {
    // reserved = Linux plan.
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: tags
  kind: 'app,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    // Key Vault references in app settings (e.g. for MicrosoftAppPassword) resolve with this identity.
    keyVaultReferenceIdentity: identityId
    httpsOnly: true
    clientAffinityEnabled: false
    siteConfig: {
      linuxFxVersion: 'DOTNETCORE|10.0'
      alwaysOn: true
      healthCheckPath: '/healthz'
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      appSettings: [
        for setting in items(appSettings): {
          name: setting.key
          value: string(setting.value)
        }
      ]
    }
  }
}

output defaultHostName string = site.properties.defaultHostName
