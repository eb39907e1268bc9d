using CoachBot.Roster;
using CoachBot.Teams;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace CoachBot.Dashboard;

/// <summary>Who opened the tab: the roster member, or why nobody is signed in.</summary>
public sealed record DashboardSignInResult(RosterMember? Member, string? Refusal)
{
    public static DashboardSignInResult Refused(string reason) => new(null, reason);
}

/// <summary>
/// Teams single sign-on for the tab: the bearer must be an Entra ID access token for the bot's own app (issuer of the
/// organisation's tenant, audience the app's <c>api://</c> URI or id, signed by one of the tenant's OpenID keys, within
/// its lifetime), a user's token (<c>idtyp</c> absent or <c>user</c>) carrying the tab's scope in <c>scp</c>, asked for by a
/// Teams client (or one configured: <c>azp</c>, or <c>appid</c> in v1.0 tokens); then the account is matched to the
/// roster by the chat's own rule (<see cref="AccountMatch"/>: the object id, or the pinned account of someone known by
/// e-mail only). In Development, <see cref="DashboardOptions.LocalSignIn"/>
/// also accepts <c>Local {roster id (e-mail) or object id}</c> for the local run.
/// </summary>
public sealed class DashboardSignIn
{
    public const string HttpClientName = "Dashboard.OpenId";
    public const string LocalScheme = "Local";
    public const string NotOnRoster = "not on the roster";

    private readonly Organization _organization;
    private readonly AccountMatch _accounts;
    private readonly HashSet<string> _clients;
    private readonly DashboardOptions _options;
    private readonly ILogger<DashboardSignIn> _logger;
    private readonly ConfigurationManager<OpenIdConnectConfiguration>? _metadata;
    private readonly string? _authority;
    private readonly string[] _audiences;
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };

    public DashboardSignIn(Organization organization, AccountMatch accounts, IOptions<DashboardOptions> options, IOptions<BotIdentityOptions> identity,
        IHttpClientFactory httpClients, ILogger<DashboardSignIn> logger)
    {
        _organization = organization;
        _accounts = accounts;
        _options = options.Value;
        _clients = new HashSet<string>(DashboardOptions.TeamsClients.Concat(_options.ClientApplications.Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => c.Trim())),
            StringComparer.OrdinalIgnoreCase);
        _logger = logger;
        _audiences = new[] { _options.ApplicationIdUri, string.IsNullOrWhiteSpace(_options.ClientId) ? identity.Value.MicrosoftAppId : _options.ClientId }
            .Where(a => !string.IsNullOrWhiteSpace(a)).Select(a => a!.Trim()).ToArray();
        _authority = !string.IsNullOrWhiteSpace(_options.Authority) ? _options.Authority.Trim().TrimEnd('/')
            : !string.IsNullOrWhiteSpace(organization.Options.TenantId) ? $"https://login.microsoftonline.com/{organization.Options.TenantId.Trim()}/v2.0"
            : null;
        if (_authority is null || _audiences.Length == 0)
        {
            Log.SingleSignOnOff(logger);
            return;
        }
        _metadata = new ConfigurationManager<OpenIdConnectConfiguration>(
            _authority + "/.well-known/openid-configuration",
            new OpenIdConnectConfigurationRetriever(),
            new HttpDocumentRetriever(httpClients.CreateClient(HttpClientName)) { RequireHttps = true });
    }

    public async Task<DashboardSignInResult> SignInAsync(string? authorization, CancellationToken cancellationToken)
    {
        var result = await ResolveAsync(authorization, cancellationToken);
        if (result.Refusal is { } reason)
        {
            Log.SignInRefused(_logger, reason);
        }
        return result;
    }

    private async Task<DashboardSignInResult> ResolveAsync(string? authorization, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(authorization))
        {
            return DashboardSignInResult.Refused("no token");
        }
        var space = authorization.IndexOf(' ');
        var scheme = space < 0 ? authorization : authorization[..space];
        var credential = space < 0 ? "" : authorization[(space + 1)..].Trim();
        if (scheme.Equals(LocalScheme, StringComparison.OrdinalIgnoreCase))
        {
            // Validated at start to be on in Development only; anywhere else this scheme is a refusal like any other.
            if (!_options.LocalSignIn)
            {
                return DashboardSignInResult.Refused("local sign-in is off");
            }
            return _organization.FindById(credential.ToLowerInvariant()) is { } local ? new DashboardSignInResult(local, null) : OnRoster(credential, credential);
        }
        if (!scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase) || credential.Length == 0)
        {
            return DashboardSignInResult.Refused("not a bearer token");
        }
        if (_metadata is null)
        {
            return DashboardSignInResult.Refused("single sign-on is not configured");
        }

        var validation = await ValidateAsync(credential, refresh: false, cancellationToken);
        if (validation is { IsValid: false, Exception: SecurityTokenSignatureKeyNotFoundException })
        {
            // The tenant rolled its keys since they were read: read them again once, then decide.
            validation = await ValidateAsync(credential, refresh: true, cancellationToken);
        }
        if (validation is null)
        {
            return DashboardSignInResult.Refused("the tenant's keys could not be read");
        }
        if (!validation.IsValid)
        {
            return DashboardSignInResult.Refused(validation.Exception?.GetType().Name ?? "invalid token");
        }
        var claims = validation.Claims;
        if (_organization.Options.TenantId is { Length: > 0 } tenant
            && !(Text(claims, "tid") is { } tid && Guid.TryParse(tid, out var given) && Guid.TryParse(tenant, out var own) && given == own))
        {
            return DashboardSignInResult.Refused("another tenant");
        }
        if (ClientRefusal(claims) is { } refusal)
        {
            return DashboardSignInResult.Refused(refusal);
        }
        if (Text(claims, "oid") is not { Length: > 0 } objectId)
        {
            return DashboardSignInResult.Refused("no oid");
        }
        var upn = Text(claims, "preferred_username") ?? Text(claims, "upn");
        return await _accounts.MemberAsync(Text(claims, "tid"), objectId, upn, cancellationToken) is { } member
            ? new DashboardSignInResult(member, null)
            : DashboardSignInResult.Refused(NotOnRoster);
    }

    /// <summary>
    /// Why the token is not the tab's, asked for by a Teams client on a user's behalf; null when it is. An application's
    /// own token (<c>idtyp</c> app, no <c>scp</c>) or one another client obtained would otherwise pass as the person's.
    /// </summary>
    private string? ClientRefusal(IDictionary<string, object> claims)
    {
        if (Text(claims, "idtyp") is { } type && !type.Equals("user", StringComparison.OrdinalIgnoreCase))
        {
            return "not a user's token";
        }
        if (Text(claims, "scp") is not { } scopes || !scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(_options.Scope.Trim(), StringComparer.Ordinal))
        {
            return "not the tab's scope";
        }
        return (Text(claims, "azp") ?? Text(claims, "appid")) is { } client && _clients.Contains(client) ? null : "not a Teams client";
    }

    /// <summary>The token checked against the tenant's keys (read again first when <paramref name="refresh"/>); null when they cannot be read.</summary>
    private async Task<TokenValidationResult?> ValidateAsync(string credential, bool refresh, CancellationToken cancellationToken)
    {
        OpenIdConnectConfiguration configuration;
        try
        {
            if (refresh)
            {
                _metadata!.RequestRefresh();
            }
            configuration = await _metadata!.GetConfigurationAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is InvalidOperationException or HttpRequestException or IOException or ArgumentException or System.Text.Json.JsonException
            || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // An outage of the tenant's metadata is a refusal (401), never a server error.
            Log.MetadataUnavailable(_logger, _authority!, ex);
            return null;
        }
        return await _handler.ValidateTokenAsync(credential, Parameters(configuration));
    }

    private static string? Text(IDictionary<string, object> claims, string name) =>
        claims.TryGetValue(name, out var value) && value?.ToString() is { Length: > 0 } text ? text : null;

    private DashboardSignInResult OnRoster(string objectId, string? emailOrUpn) =>
        _organization.Find(objectId, emailOrUpn) is { } member ? new DashboardSignInResult(member, null) : DashboardSignInResult.Refused(NotOnRoster);

    private TokenValidationParameters Parameters(OpenIdConnectConfiguration configuration)
    {
        // v2.0 tokens carry the authority's issuer; v1.0 tokens (what Teams SSO gets unless the app registration asks for v2) the tenant's sts.windows.net one.
        var issuers = new List<string> { configuration.Issuer };
        if (_organization.Options.TenantId is { Length: > 0 } tenant)
        {
            issuers.Add($"https://sts.windows.net/{tenant.Trim()}/");
        }
        return new TokenValidationParameters
        {
            ValidIssuers = issuers,
            ValidAudiences = _audiences,
            IssuerSigningKeys = configuration.SigningKeys,
            ValidateIssuerSigningKey = true,
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateLifetime = true,
            ClockSkew = TimeSpan.FromMinutes(2),
        };
    }
}
