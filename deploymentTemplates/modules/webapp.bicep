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

@description('Resource id of the Log Analytics workspace the web app\'s logs go to.')
param workspaceId string

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
    // The @Microsoft.KeyVault(...) references in the app settings resolve with this identity (Key Vault Secrets User).
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

// No publishing with a user name and password (basic auth): deployments authenticate with Entra ID (az webapp deploy).
resource scmBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: site
  name: 'scm'
  properties: {
    allow: false
  }
}

resource ftpBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: site
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: site
  properties: {
    workspaceId: workspaceId
    // Not AppServiceHTTPLogs: it records each request's query string, and an export link's signature is one (a
    // credential for a day). Requests are in Application Insights, which redacts query strings.
    logs: [
      for category in [
        'AppServiceConsoleLogs'
        'AppServiceAppLogs'
        'AppServicePlatformLogs'
        'AppServiceAuditLogs'
      ]: {
        category: category
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

output defaultHostName string = site.properties.defaultHostName
output id string = site.id
