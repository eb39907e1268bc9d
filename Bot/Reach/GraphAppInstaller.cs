using Azure.Core;
using Azure.Identity;
using CoachBot.Roster;
using CoachBot.Teams;
using Microsoft.Extensions.Options;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Authentication.Azure;

namespace CoachBot.Reach;

/// <summary>What asking Graph to install the app gave, with Graph's error code when it refused.</summary>
public sealed record InstallResult(InstallOutcome Outcome, string? Detail = null);

/// <summary>Graph refused to look a user up by e-mail (403: the bot lacks a permission to read users): the install cannot be asked for.</summary>
public sealed class GraphLookupRefusedException(string? code, Exception inner) : Exception("Microsoft Graph refused to look the user up by e-mail.", inner)
{
    public string? Code { get; } = code;
}

/// <summary>Graph kept answering 429 after the SDK's own retries (each after the Retry-After Graph asked for): the run stops here.</summary>
public sealed class GraphThrottledException(Exception inner) : Exception("Microsoft Graph is throttling the app installations.", inner);

/// <summary>Installs the app for a user; the seam the install job goes through (Graph in production, a stand-in in tests is Graph too).</summary>
public interface ITeamsAppInstaller
{
    /// <summary>False when the bot has no identity Graph would take (then nothing is installed; reach is still shown).</summary>
    bool CanInstall { get; }

    /// <summary>
    /// The Entra object id of the user with this e-mail or UPN, or null when the tenant has none. Throws
    /// <see cref="GraphLookupRefusedException"/> when Graph refuses the look-up.
    /// </summary>
    Task<string?> FindUserAsync(string email, CancellationToken cancellationToken);

    /// <summary>Asks Teams, through Graph, to install the app for the user. Throws <see cref="GraphThrottledException"/> when throttling does not end.</summary>
    Task<InstallResult> InstallAsync(string userObjectId, CancellationToken cancellationToken);
}

/// <summary>
/// The installer on the Microsoft Graph SDK: <c>POST /users/{id}/teamwork/installedApps</c> with the catalog app's
/// binding, and <c>GET /users?$filter=mail eq …</c> for people the roster knows by e-mail only. The SDK's default
/// handlers retry 429, 503 and 504 after the Retry-After Graph sends.
/// </summary>
public sealed class GraphAppInstaller(
    IOptions<ReachOptions> options, IOptions<BotIdentityOptions> identity, IOptions<OrganizationOptions> organization, IHostEnvironment environment) : ITeamsAppInstaller
{
    private readonly GraphServiceClient? _graph = ReachGraph.Create(options.Value, identity.Value, organization.Value, environment);

    public bool CanInstall => _graph is not null;

    private GraphServiceClient Graph => _graph ?? throw new InvalidOperationException("No Graph client: the bot has no identity Graph would take.");

    public async Task<string?> FindUserAsync(string email, CancellationToken cancellationToken)
    {
        // OData string literals double their quotes.
        var literal = email.Trim().Replace("'", "''", StringComparison.Ordinal);
        try
        {
            var users = await Graph.Users.GetAsync(request =>
            {
                request.QueryParameters.Filter = $"mail eq '{literal}' or userPrincipalName eq '{literal}'";
                request.QueryParameters.Select = ["id"];
                request.QueryParameters.Top = 2;
            }, cancellationToken);
            // Two accounts claiming one e-mail is ambiguous: install for neither rather than for the wrong one.
            return users?.Value is [{ Id: { Length: > 0 } id }] ? id : null;
        }
        catch (ODataError error) when (error.ResponseStatusCode == 404)
        {
            return null;
        }
        catch (ODataError error) when (error.ResponseStatusCode == 403)
        {
            throw new GraphLookupRefusedException(error.Error?.Code, error);
        }
        catch (AggregateException retries) when (LastStatus(retries) == 429)
        {
            throw new GraphThrottledException(retries);
        }
    }

    public async Task<InstallResult> InstallAsync(string userObjectId, CancellationToken cancellationToken)
    {
        var installation = new UserScopeTeamsAppInstallation
        {
            AdditionalData = new Dictionary<string, object>
            {
                ["teamsApp@odata.bind"] = $"{options.Value.GraphBaseUrl.TrimEnd('/')}/appCatalogs/teamsApps/{Uri.EscapeDataString(options.Value.TeamsAppId!.Trim())}",
            },
        };
        try
        {
            await Graph.Users[userObjectId].Teamwork.InstalledApps.PostAsync(installation, cancellationToken: cancellationToken);
            return new InstallResult(InstallOutcome.Installed);
        }
        catch (ODataError error)
        {
            var code = error.Error?.Code;
            return error.ResponseStatusCode switch
            {
                409 => new InstallResult(InstallOutcome.AlreadyInstalled, code),
                403 => new InstallResult(InstallOutcome.RefusedByPolicy, code),
                404 => new InstallResult(InstallOutcome.NoSuchUser, code),
                429 => throw new GraphThrottledException(error),
                var status => new InstallResult(InstallOutcome.Failed, $"{status} {code}".Trim()),
            };
        }
        catch (AggregateException retries) when (LastStatus(retries) is { } status)
        {
            // The SDK's retry handler gave up (429, 503 or 504 every time, each retry after the Retry-After Graph asked for).
            return status == 429 ? throw new GraphThrottledException(retries) : new InstallResult(InstallOutcome.Failed, $"{status} after retries");
        }
    }

    /// <summary>The status of the last answer when the SDK's retry handler gave up, else null.</summary>
    private static int? LastStatus(AggregateException retries) =>
        retries.InnerExceptions.LastOrDefault() is Microsoft.Kiota.Abstractions.ApiException { ResponseStatusCode: > 0 and var status } ? status : null;
}

/// <summary>
/// The Graph client, as CoachBot's app registration (<see cref="ReachOptions.GraphClientId"/>, the Teams app's
/// <c>webApplicationInfo.id</c>), in the organisation's tenant: signed in with the user-assigned managed identity as its
/// federated credential (no secret), or with the bot's client secret when it is the bot's own registration. In
/// Development without an app identity, requests go without a token (Development already accepts unsigned requests);
/// elsewhere without one there is no client.
/// </summary>
public static class ReachGraph
{
    public const string GraphScope = "https://graph.microsoft.com/.default";

    /// <summary>The audience of the managed identity's token that an app registration's federated credential accepts.</summary>
    public const string FederationScope = "api://AzureADTokenExchange/.default";

    public static GraphServiceClient? Create(ReachOptions reach, BotIdentityOptions identity, OrganizationOptions organization, IHostEnvironment environment)
    {
        IAuthenticationProvider? authentication = Credential(reach, identity, organization) is { } credential
            ? new AzureIdentityAuthenticationProvider(credential, allowedHosts: null, observabilityOptions: null, isCaeEnabled: true, scopes: GraphScope)
            : string.IsNullOrWhiteSpace(identity.MicrosoftAppId) && environment.IsDevelopment() ? new AnonymousAuthenticationProvider() : null;
        if (authentication is null)
        {
            return null;
        }
        // The SDK's default handlers: retry after Retry-After, redirects, compression, telemetry headers.
        var http = GraphClientFactory.Create(GraphClientFactory.CreateDefaultHandlers());
        return new GraphServiceClient(http, authentication, reach.GraphBaseUrl.TrimEnd('/'));
    }

    /// <summary>
    /// The app id Graph calls are made as, which the Teams package must carry as <c>webApplicationInfo.id</c>:
    /// <see cref="ReachOptions.GraphClientId"/>, else the bot's own app registration; null with the managed identity alone.
    /// </summary>
    public static string? ClientId(ReachOptions reach, BotIdentityOptions identity)
    {
        if (!string.IsNullOrWhiteSpace(reach.GraphClientId))
        {
            return reach.GraphClientId.Trim();
        }
        return IsManagedIdentity(identity) || string.IsNullOrWhiteSpace(identity.MicrosoftAppId) ? null : identity.MicrosoftAppId.Trim();
    }

    /// <summary>The credential of <see cref="ClientId"/>; null when there is none to use (no app, no tenant for an app-only token, no way to sign in).</summary>
    public static TokenCredential? Credential(ReachOptions reach, BotIdentityOptions identity, OrganizationOptions organization)
    {
        if (ClientId(reach, identity) is not { } clientId)
        {
            return null;
        }
        // An app-only Graph token is issued by one tenant: the organisation's, for a multi-tenant registration too.
        var tenant = string.IsNullOrWhiteSpace(identity.MicrosoftAppTenantId) ? organization.TenantId : identity.MicrosoftAppTenantId;
        if (string.IsNullOrWhiteSpace(tenant))
        {
            return null;
        }
        tenant = tenant.Trim();
        if (!IsManagedIdentity(identity) && string.Equals(clientId, identity.MicrosoftAppId?.Trim(), StringComparison.OrdinalIgnoreCase)
            && !string.IsNullOrWhiteSpace(identity.MicrosoftAppPassword))
        {
            return new ClientSecretCredential(tenant, clientId, identity.MicrosoftAppPassword);
        }
        var managedIdentity = !string.IsNullOrWhiteSpace(reach.ManagedIdentityClientId) ? reach.ManagedIdentityClientId.Trim()
            : IsManagedIdentity(identity) && !string.IsNullOrWhiteSpace(identity.MicrosoftAppId) ? identity.MicrosoftAppId.Trim()
            : null;
        if (managedIdentity is null)
        {
            return null;
        }
        // The app registration trusts this identity's tokens (a federated credential on it, see the guide).
        var federated = new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(managedIdentity));
        return new ClientAssertionCredential(tenant, clientId, async cancellationToken =>
            (await federated.GetTokenAsync(new TokenRequestContext([FederationScope]), cancellationToken)).Token);
    }

    private static bool IsManagedIdentity(BotIdentityOptions identity) =>
        string.Equals(identity.MicrosoftAppType?.Trim(), "UserAssignedMSI", StringComparison.OrdinalIgnoreCase);
}
