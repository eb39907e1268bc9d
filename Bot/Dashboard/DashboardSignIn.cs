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
/// its lifetime), and its <c>oid</c> must be on the roster. In Development, <see cref="DashboardOptions.LocalSignIn"/>
/// also accepts <c>Local {roster id (e-mail) or object id}</c> for the local run.
/// </summary>
public sealed class DashboardSignIn
{
    public const string HttpClientName = "Dashboard.OpenId";
    public const string LocalScheme = "Local";

    private readonly Organization _organization;
    private readonly DashboardOptions _options;
    private readonly ILogger<DashboardSignIn> _logger;
    private readonly ConfigurationManager<OpenIdConnectConfiguration>? _metadata;
    private readonly string? _authority;
    private readonly string[] _audiences;
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };

    public DashboardSignIn(Organization organization, IOptions<DashboardOptions> options, IOptions<BotIdentityOptions> identity,
        IHttpClientFactory httpClients, ILogger<DashboardSignIn> logger)
    {
        _organization = organization;
        _options = options.Value;
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

        OpenIdConnectConfiguration configuration;
        try
        {
            configuration = await _metadata.GetConfigurationAsync(cancellationToken);
        }
        catch (InvalidOperationException ex)
        {
            Log.MetadataUnavailable(_logger, _authority!, ex);
            return DashboardSignInResult.Refused("the tenant's keys could not be read");
        }

        var validation = await _handler.ValidateTokenAsync(credential, Parameters(configuration));
        if (!validation.IsValid && validation.Exception is SecurityTokenSignatureKeyNotFoundException)
        {
            // The tenant rolled its keys since they were read: read them again once, then decide.
            _metadata.RequestRefresh();
            configuration = await _metadata.GetConfigurationAsync(cancellationToken);
            validation = await _handler.ValidateTokenAsync(credential, Parameters(configuration));
        }
        if (!validation.IsValid)
        {
            return DashboardSignInResult.Refused(validation.Exception?.GetType().Name ?? "invalid token");
        }
        var claims = validation.Claims;
        if (_organization.Options.TenantId is { Length: > 0 } tenant
            && !(claims.TryGetValue("tid", out var tid) && Guid.TryParse(tid?.ToString(), out var given) && Guid.TryParse(tenant, out var own) && given == own))
        {
            return DashboardSignInResult.Refused("another tenant");
        }
        if (!claims.TryGetValue("oid", out var oid) || oid?.ToString() is not { Length: > 0 } objectId)
        {
            return DashboardSignInResult.Refused("no oid");
        }
        var upn = claims.TryGetValue("preferred_username", out var preferred) ? preferred?.ToString()
            : claims.TryGetValue("upn", out var u) ? u?.ToString() : null;
        return OnRoster(objectId, upn);
    }

    private DashboardSignInResult OnRoster(string objectId, string? emailOrUpn) =>
        _organization.Find(objectId, emailOrUpn) is { } member ? new DashboardSignInResult(member, null) : DashboardSignInResult.Refused("not on the roster");

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
