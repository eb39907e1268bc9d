using System.IdentityModel.Tokens.Jwt;
using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;

namespace CoachBot.Tests.Infrastructure;

/// <summary>
/// Stands in for the Bot Framework's token service on loopback HTTPS, so the SDK's real authentication runs offline:
/// OpenID metadata, a JWKS with one RSA key endorsed for msteams, and a token endpoint for the bot's own outbound
/// token. It issues channel tokens signed with that key, and forged ones for the negative tests; and, as Entra ID would for
/// any tenant, the OpenID configuration and user access tokens the dashboard's single sign-on checks.
/// </summary>
public sealed class LocalIdentityProvider : IAsyncDisposable
{
    public const string ChannelIssuer = "https://api.botframework.com";
    public const string OutboundToken = "outbound-token-from-the-local-token-endpoint";
    private const string KeyId = "coachbot-test-key";

    private readonly WebApplication _app;
    private readonly RSA _signingKey = RSA.Create(2048);

    private LocalIdentityProvider(WebApplication app, X509Certificate2 certificate)
    {
        _app = app;
        Certificate = certificate;
    }

    public X509Certificate2 Certificate { get; }

    /// <summary>The Teams desktop and mobile client, which asks Entra ID for the tab's token (<c>azp</c>).</summary>
    public const string TeamsDesktopClient = "1fec8e78-bce4-4aaf-ab1b-5451cc387264";

    /// <summary>False: every Entra ID metadata and key request answers 503, as in an outage.</summary>
    public volatile bool EntraMetadataAvailable = true;
    public Uri BaseUrl { get; private set; } = null!;
    public int TokenRequests;

    public static async Task<LocalIdentityProvider> StartAsync()
    {
        var certificate = CreateCertificate();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var provider = new LocalIdentityProvider(app, certificate);
        provider.Map(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        provider.BaseUrl = new Uri(address.Replace("[::1]", "127.0.0.1").TrimEnd('/') + "/");
        return provider;
    }

    /// <summary>The settings that point ConfigurationBotFrameworkAuthentication at this provider (all of them, as the SDK needs).</summary>
    public Dictionary<string, string> BotSettings() => new()
    {
        ["ToBotFromChannelOpenIdMetadataUrl"] = new Uri(BaseUrl, ".well-known/openid-configuration").ToString(),
        ["ToBotFromChannelTokenIssuer"] = ChannelIssuer,
        ["ToBotFromEmulatorOpenIdMetadataUrl"] = new Uri(BaseUrl, "emulator/.well-known/openid-configuration").ToString(),
        ["ToChannelFromBotLoginUrl"] = new Uri(BaseUrl, "botframework.com").ToString(),
        ["ToChannelFromBotOAuthScope"] = ChannelIssuer,
        ["OAuthUrl"] = new Uri(BaseUrl, "oauth").ToString(),
        ["ValidateAuthority"] = "false",
    };

    /// <summary>A certificate bundle with the system's roots and this provider's certificate, for the bot's SSL_CERT_FILE.</summary>
    public string WriteTrustBundle()
    {
        var path = Path.Combine(Path.GetTempPath(), $"coachbot-trust-{Guid.NewGuid():N}.pem");
        var system = File.Exists("/etc/ssl/certs/ca-certificates.crt") ? File.ReadAllText("/etc/ssl/certs/ca-certificates.crt") : "";
        File.WriteAllText(path, system + "\n" + Certificate.ExportCertificatePem() + "\n");
        return path;
    }

    public string ChannelToken(string audience, string serviceUrl, TimeSpan? lifetime = null, string issuer = ChannelIssuer, RSA? signWith = null, DateTime? notBefore = null,
        string? alsoForAudience = null)
    {
        var now = DateTime.UtcNow;
        var key = new RsaSecurityKey(signWith ?? _signingKey) { KeyId = KeyId };
        var start = notBefore ?? now.AddMinutes(-1);
        var token = new JwtSecurityToken(
            issuer: issuer,
            audience: audience,
            claims: alsoForAudience is null ? [new Claim("serviceurl", serviceUrl)] : [new Claim("serviceurl", serviceUrl), new Claim("aud", alsoForAudience)],
            notBefore: start,
            expires: start + (lifetime ?? TimeSpan.FromHours(1)),
            signingCredentials: new SigningCredentials(key, SecurityAlgorithms.RsaSha256));
        return new JwtSecurityTokenHandler().WriteToken(token);
    }

    /// <summary>The authority of an Entra ID tenant served here (<c>{base}/{tenant}/v2.0</c>), for <c>Dashboard:Authority</c>.</summary>
    public string EntraAuthority(string tenantId) => new Uri(BaseUrl, $"{tenantId}/v2.0").ToString();

    /// <summary>
    /// An Entra ID v2.0 access token as Teams single sign-on gets it for a user: issued by <paramref name="issuerTenant"/>'s
    /// authority here (default the tenant the user is in), with <c>oid</c>, <c>tid</c>, the <c>access_as_user</c> scope and the
    /// Teams desktop client as <c>azp</c>. <paramref name="version"/> "1.0" names the client in <c>appid</c> instead; a null
    /// <paramref name="scope"/> or <paramref name="client"/> leaves the claim out; <paramref name="idtyp"/> adds that claim.
    /// </summary>
    public string EntraToken(string tenantId, string audience, string? objectId, TimeSpan? lifetime = null, RSA? signWith = null,
        string? issuerTenant = null, DateTime? notBefore = null, string? preferredUsername = null, string? scope = "access_as_user",
        string? client = TeamsDesktopClient, string? idtyp = null, string version = "2.0", string keyId = KeyId)
    {
        ArgumentNullException.ThrowIfNull(objectId);
        var key = new RsaSecurityKey(signWith ?? _signingKey) { KeyId = keyId };
        var start = notBefore ?? DateTime.UtcNow.AddMinutes(-1);
        var claims = new List<Claim> { new("oid", objectId), new("tid", tenantId), new("ver", version) };
        if (scope is not null)
        {
            claims.Add(new Claim("scp", scope));
        }
        if (client is not null)
        {
            claims.Add(new Claim(version == "1.0" ? "appid" : "azp", client));
        }
        if (idtyp is not null)
        {
            claims.Add(new Claim("idtyp", idtyp));
        }
        if (preferredUsername is not null)
        {
            claims.Add(new Claim("preferred_username", preferredUsername));
        }
        var token = new JwtSecurityToken(
            issuer: EntraAuthority(issuerTenant ?? tenantId),
            audience: audience,
            claims: claims,
            notBefore: start,
            expires: start + (lifetime ?? TimeSpan.FromHours(1)),
            signingCredentials: new SigningCredentials(key, SecurityAlgorithms.RsaSha256));
        return new JwtSecurityTokenHandler().WriteToken(token);
    }

    /// <summary>A token with <c>alg: none</c> and no signature.</summary>
    public static string UnsignedToken(string audience, string serviceUrl)
    {
        var now = DateTime.UtcNow;
        var token = new JwtSecurityToken(ChannelIssuer, audience, [new Claim("serviceurl", serviceUrl)], now.AddMinutes(-1), now.AddHours(1));
        return new JwtSecurityTokenHandler().WriteToken(token);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _signingKey.Dispose();
        Certificate.Dispose();
    }

    private void Map(WebApplication app)
    {
        app.MapGet("/.well-known/openid-configuration", () => Results.Json(Metadata()));
        app.MapGet("/emulator/.well-known/openid-configuration", () => Results.Json(Metadata()));
        // Every tenant's Entra ID v2.0 metadata: its own issuer, the same keys.
        app.MapGet("/{tenant}/v2.0/.well-known/openid-configuration", (string tenant) => !EntraMetadataAvailable ? Results.StatusCode(503) : Results.Json(new
        {
            issuer = EntraAuthority(tenant),
            authorization_endpoint = new Uri(BaseUrl, $"{tenant}/oauth2/v2.0/authorize").ToString(),
            jwks_uri = new Uri(BaseUrl, "keys").ToString(),
            token_endpoint = new Uri(BaseUrl, $"{tenant}/oauth2/v2.0/token").ToString(),
            id_token_signing_alg_values_supported = new[] { "RS256" },
        }));
        app.MapGet("/keys", () =>
        {
            if (!EntraMetadataAvailable)
            {
                return Results.StatusCode(503);
            }
            var parameters = _signingKey.ExportParameters(false);
            return Results.Json(new
            {
                keys = new[]
                {
                    new
                    {
                        kty = "RSA", use = "sig", kid = KeyId, alg = "RS256",
                        n = Base64UrlEncoder.Encode(parameters.Modulus), e = Base64UrlEncoder.Encode(parameters.Exponent),
                        endorsements = new[] { "msteams" },
                    },
                },
            });
        });
        // MSAL asks {authority}/oauth2/v2.0/token for the bot's outbound token; answer any token path.
        app.MapPost("/{**path}", (string path) =>
        {
            if (!path.EndsWith("token", StringComparison.Ordinal))
            {
                return Results.NotFound();
            }
            Interlocked.Increment(ref TokenRequests);
            return Results.Json(new { token_type = "Bearer", expires_in = 3600, ext_expires_in = 3600, access_token = OutboundToken });
        });
    }

    private object Metadata() => new
    {
        issuer = ChannelIssuer,
        authorization_endpoint = new Uri(BaseUrl, "authorize").ToString(),
        jwks_uri = new Uri(BaseUrl, "keys").ToString(),
        token_endpoint = new Uri(BaseUrl, "botframework.com/oauth2/v2.0/token").ToString(),
        id_token_signing_alg_values_supported = new[] { "RS256" },
        token_endpoint_auth_methods_supported = new[] { "private_key_jwt" },
    };

    private static X509Certificate2 CreateCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
    }
}
