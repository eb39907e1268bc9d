// CoachBot: everything the bot needs in one resource group.
// Compile with `bicep build main.bicep --outfile azuredeploy.json` after every change; CI checks that
// the committed ARM template matches this file.
targetScope = 'resourceGroup'

@description('Short name used in every resource name (lowercase letters, digits and hyphens).')
@minLength(3)
@maxLength(16)
param baseName string = 'coachbot'

@description('Azure region of the resources (the Azure Bot itself is global).')
param location string = resourceGroup().location

@description('Tags put on every resource.')
param tags object = {}

@description('App Service plan SKU (Linux). Free and Shared are not offered: they cannot keep the app always on.')
@allowed([
  'B1'
  'B2'
  'B3'
  'S1'
  'S2'
  'S3'
  'P0v3'
  'P1v3'
  'P2v3'
])
param appServicePlanSku string = 'B1'

@description('Azure Bot SKU. Microsoft Teams is a standard channel, free on both.')
@allowed([
  'F0'
  'S1'
])
param botSku string = 'F0'

@description('Bot identity: UserAssignedMSI (the managed identity this template creates) or an existing app registration (SingleTenant or MultiTenant).')
@allowed([
  'UserAssignedMSI'
  'SingleTenant'
  'MultiTenant'
])
param botAppType string = 'UserAssignedMSI'

@description('Application (client) id of the existing app registration. Leave empty for UserAssignedMSI.')
param botAppId string = ''

@description('Client secret of the existing app registration. Leave empty for UserAssignedMSI.')
@secure()
param botAppPassword string = ''

@description('Tenant of the existing single-tenant app registration. Ignored for MultiTenant and UserAssignedMSI.')
param botAppTenantId string = tenant().tenantId

@description('Key the admin routes require in the X-Admin-Key header, kept in the Key Vault (secret admin-api-key). Give it at the first deployment (openssl rand -hex 32); empty on a redeploy keeps the vault\'s current key.')
@secure()
param adminApiKey string = ''

@description('Key the director\'s CSV export links are signed with (HMAC-SHA256, at least 32 characters), kept in the Key Vault (secret export-signing-key). Give it at the first deployment; empty on a redeploy keeps the vault\'s current key.')
@secure()
param exportSigningKey string = ''

@description('Entra tenant of the organisation: only its users are matched to the roster. Defaults to the tenant this deployment runs in.')
param organizationTenantId string = tenant().tenantId

@description('Redundancy of the storage account that holds every check-in and request: ZRS (three zones of the region), GZRS or RA-GZRS (also a copy in the paired region).')
@allowed([
  'Standard_ZRS'
  'Standard_GZRS'
  'Standard_RAGZRS'
])
param storageSku string = 'Standard_ZRS'

@description('Days the daily table backups are kept in the storage account\'s backup container.')
@minValue(7)
@maxValue(3650)
param backupRetentionInDays int = 35

@description('E-mail address that receives the alerts (health check failing, server errors, a scheduled job failed or did not run, sends failed).')
@minLength(3)
param alertEmail string

@description('Prefix of every table name, to share a storage account between environments.')
param tablePrefix string = ''

@description('Proactive sends per second across the tenant (Teams allows 50 per app per tenant).')
@minValue(1)
param deliveryTenantSendsPerSecond int = 50

@description('Proactive sends in flight at once.')
@minValue(1)
param deliveryMaxConcurrentSends int = 32

@description('Retries of a throttled or failed send before it is given up.')
@minValue(0)
param deliveryMaxRetries int = 6

@description('Extra app settings, name → value, merged into the web app settings: the roster in ASP.NET Core form, e.g. "Organization__Reps__0__Email". Keys this template sets itself win. Secure, so the organisation does not show in the deployment history.')
@secure()
param organizationSettings object = {}

@description('Client id of CoachBot\'s app registration: the Dashboard tab signs in with it (Teams single sign-on: it exposes api://<web app host>/<this id>) and the bot calls Microsoft Graph as it (to install itself), with the managed identity as its federated credential, no secret; the Teams package names it in webApplicationInfo.id. Empty: the bot\'s own app registration (botAppId); with the default managed identity, no tab sign-in and no installs through Graph.')
param dashboardAppId string = ''

@description('Host name of a custom domain you bind to the web app (coachbot.contoso.com), when the tab and the export links are served from it. Empty: <webAppName>.azurewebsites.net.')
param customDomain string = ''

@description('The app\'s id in your organisation\'s Teams app catalog (Teams admin center, the app\'s page, App ID), once uploaded: the bot then installs itself for the people it cannot reach (needs dashboardAppId and its Graph permission). Empty: no installs.')
param reachTeamsAppId string = ''

@description('Days Log Analytics and Application Insights keep data.')
@minValue(30)
@maxValue(730)
param logRetentionInDays int = 30

var suffix = uniqueString(resourceGroup().id)
// Lower case everywhere: the names become hosts (and api:// URIs), which Entra and Teams compare as written.
var base = toLower(baseName)
var useManagedIdentityForBot = botAppType == 'UserAssignedMSI'
var webAppName = 'app-${base}-${suffix}'
// The host the tab and the export links are served from.
var webAppHost = empty(customDomain) ? '${webAppName}.azurewebsites.net' : toLower(trim(customDomain))
var storageAccountName = take('st${replace(base, '-', '')}${suffix}', 24)
var backupContainerName = 'table-backups'

module identity 'modules/identity.bicep' = {
  name: 'identity'
  params: {
    name: 'id-${base}-${suffix}'
    location: location
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    name: '${base}-${suffix}'
    location: location
    tags: tags
    retentionInDays: logRetentionInDays
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    name: storageAccountName
    location: location
    tags: tags
    skuName: storageSku
    dataPrincipalId: identity.outputs.principalId
    backupContainerName: backupContainerName
    backupRetentionInDays: backupRetentionInDays
    workspaceId: monitoring.outputs.workspaceId
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyVault'
  params: {
    name: take('kv${replace(base, '-', '')}${suffix}', 24)
    location: location
    tags: tags
    readerPrincipalId: identity.outputs.principalId
    workspaceId: monitoring.outputs.workspaceId
    adminApiKey: adminApiKey
    exportSigningKey: exportSigningKey
    botAppPassword: useManagedIdentityForBot ? '' : botAppPassword
  }
}

// App settings that point at a vault secret: App Service resolves them with the web app's keyVaultReferenceIdentity,
// always the secret's latest version, so a new version in the vault needs no redeploy (only a restart).
var vaultName = keyVault.outputs.name
var adminApiKeyReference = '@Microsoft.KeyVault(VaultName=${vaultName};SecretName=admin-api-key)'
var exportSigningKeyReference = '@Microsoft.KeyVault(VaultName=${vaultName};SecretName=export-signing-key)'
var botAppPasswordReference = '@Microsoft.KeyVault(VaultName=${vaultName};SecretName=bot-app-password)'

// The bot identity: the managed identity by default, otherwise the existing app registration.
var botIdentityAppId = useManagedIdentityForBot ? identity.outputs.clientId : botAppId
var botIdentityTenantId = botAppType == 'MultiTenant'
  ? ''
  : (useManagedIdentityForBot ? identity.outputs.tenantId : botAppTenantId)

// CoachBot's app registration: the Dashboard tab's single sign-on (tokens for its API, checked against the tenant) and
// the identity Graph is called as, which must be the Teams app's webApplicationInfo.id for the app to install itself.
var tabAppId = empty(dashboardAppId) ? botAppId : dashboardAppId

// The service's configuration keys in environment-variable form (ASP.NET Core reads "__" as ":").
var serviceSettings = {
  ASPNETCORE_ENVIRONMENT: 'Production'
  APPLICATIONINSIGHTS_CONNECTION_STRING: monitoring.outputs.appInsightsConnectionString
  MicrosoftAppType: botAppType
  MicrosoftAppId: botIdentityAppId
  MicrosoftAppPassword: useManagedIdentityForBot ? '' : botAppPasswordReference
  MicrosoftAppTenantId: botIdentityTenantId
  // Empty on purpose: in Azure the service reaches Tables through the managed identity below.
  Storage__ConnectionString: ''
  Storage__TableServiceUri: storage.outputs.tableEndpoint
  Storage__ManagedIdentityClientId: identity.outputs.clientId
  Storage__TablePrefix: tablePrefix
  // The daily export of the tables, to the backup container, with the same managed identity.
  Backup__BlobServiceUri: storage.outputs.blobEndpoint
  Backup__Container: backupContainerName
  Organization__TenantId: organizationTenantId
  Admin__ApiKey: adminApiKeyReference
  // App Service's front end forwards the client's address: the admin routes count wrong keys per client, not per front end.
  Admin__TrustForwardedFor: 'true'
  Delivery__TenantSendsPerSecond: deliveryTenantSendsPerSecond
  Delivery__MaxConcurrentSends: deliveryMaxConcurrentSends
  Delivery__MaxRetries: deliveryMaxRetries
  Digests__ExportSigningKey: exportSigningKeyReference
  // The base of export links: the web app's https host (known from its name, as the app cannot read its own output here).
  Digests__PublicBaseUrl: 'https://${webAppHost}'
  Dashboard__ClientId: tabAppId
  Dashboard__ApplicationIdUri: empty(tabAppId) ? '' : 'api://${webAppHost}/${tabAppId}'
  Reach__TeamsAppId: reachTeamsAppId
  // Graph is called as the app registration, signed in with the managed identity as its federated credential.
  Reach__GraphClientId: tabAppId
  Reach__ManagedIdentityClientId: identity.outputs.clientId
}

module webApp 'modules/webapp.bicep' = {
  name: 'webApp'
  params: {
    name: webAppName
    planName: 'asp-${base}-${suffix}'
    location: location
    tags: tags
    skuName: appServicePlanSku
    identityId: identity.outputs.id
    workspaceId: monitoring.outputs.workspaceId
    appSettings: union(organizationSettings, serviceSettings)
  }
}

module alerts 'modules/alerts.bicep' = {
  name: 'alerts'
  params: {
    name: '${base}-${suffix}'
    location: location
    tags: tags
    alertEmail: alertEmail
    siteId: webApp.outputs.id
    appInsightsId: monitoring.outputs.appInsightsId
  }
}

module bot 'modules/bot.bicep' = {
  name: 'bot'
  params: {
    name: 'bot-${base}-${suffix}'
    displayName: 'CoachBot'
    tags: tags
    skuName: botSku
    endpoint: 'https://${webApp.outputs.defaultHostName}/api/messages'
    appType: botAppType
    appId: botIdentityAppId
    appTenantId: botIdentityTenantId
    appMsiResourceId: useManagedIdentityForBot ? identity.outputs.id : ''
  }
}

@description('Name of the web app, for `az webapp deploy`.')
output webAppName string = webAppName

@description('Messaging endpoint registered on the Azure Bot.')
output messagingEndpoint string = 'https://${webApp.outputs.defaultHostName}/api/messages'

@description('Name of the Azure Bot resource.')
output botName string = bot.outputs.name

@description('The bot id to put in the Teams app package (scripts/package-teams-app.sh).')
output botAppId string = botIdentityAppId

@description('Client id of the managed identity the service uses for Table Storage, the backups and the Key Vault.')
output managedIdentityClientId string = identity.outputs.clientId

@description('Name of the Key Vault that holds the secrets.')
output keyVaultName string = vaultName

@description('Name of the storage account that holds the tables and the backups (its lock is removed at tear-down).')
output storageAccountName string = storageAccountName

@description('The host the Dashboard tab and the export links are served from: the Teams package\'s third argument.')
output webAppHost string = webAppHost
@description('CoachBot\'s app registration (tab sign-in and Graph), for the Teams app package (scripts/package-teams-app.sh, webApplicationInfo.id); empty when none.')
output dashboardAppId string = tabAppId
