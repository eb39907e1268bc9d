using System.Security.Claims;
using CoachBot.Storage;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Skills;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Bot.Schema;
using Microsoft.Rest;
using Newtonsoft.Json;

namespace CoachBot.Teams;

/// <summary>Hands out one connector client per (app id, service URL, audience), renewed every few minutes.</summary>
internal sealed class ReusedConnectors(BotFrameworkAuthentication inner) : BotFrameworkAuthentication
{
    // A client holds an HttpClient from IHttpClientFactory; renewing it lets handler rotation (DNS changes) through.
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);
    private readonly OnceCache<Entry> _clients = new();
    private readonly OnceCache<UserTokenClient> _userTokens = new();

    public override ConnectorFactory CreateConnectorFactory(ClaimsIdentity claimsIdentity) =>
        new Factory(this, inner.CreateConnectorFactory(claimsIdentity), IdentityOf(claimsIdentity));

    private static string IdentityOf(ClaimsIdentity claimsIdentity) => string.Join("|", claimsIdentity.Claims
        .Where(c => c.Type is AuthenticationConstants.AudienceClaim or AuthenticationConstants.AuthorizedParty or AuthenticationConstants.AppIdClaim)
        .Select(c => c.Type + "=" + c.Value)
        .Order(StringComparer.Ordinal));

    // An incoming turn's connector comes from the authentication result: shared the same way.
    public override async Task<AuthenticateRequestResult> AuthenticateRequestAsync(Activity activity, string authHeader, CancellationToken cancellationToken)
    {
        var result = await inner.AuthenticateRequestAsync(activity, authHeader, cancellationToken);
        result.ConnectorFactory = new Factory(this, result.ConnectorFactory, IdentityOf(result.ClaimsIdentity));
        return result;
    }

    public override Task<AuthenticateRequestResult> AuthenticateStreamingRequestAsync(string authHeader, string channelIdHeader, CancellationToken cancellationToken) =>
        inner.AuthenticateStreamingRequestAsync(authHeader, channelIdHeader, cancellationToken);

    // The adapter builds a user-token client for every turn too (another ServiceClient); shared the same way.
    public override async Task<UserTokenClient> CreateUserTokenClientAsync(ClaimsIdentity claimsIdentity, CancellationToken cancellationToken) =>
        new SharedUserTokens(await _userTokens.GetAsync(
            IdentityOf(claimsIdentity), () => inner.CreateUserTokenClientAsync(claimsIdentity, CancellationToken.None), cancellationToken));

    public override BotFrameworkClient CreateBotFrameworkClient() => inner.CreateBotFrameworkClient();

    public override string GetOriginatingAudience() => inner.GetOriginatingAudience();

    public override Task<ClaimsIdentity> AuthenticateChannelRequestAsync(string authHeader, CancellationToken cancellationToken) =>
        inner.AuthenticateChannelRequestAsync(authHeader, cancellationToken);

    private async Task<IConnectorClient> GetAsync(ConnectorFactory factory, string identity, string serviceUrl, string audience, CancellationToken cancellationToken)
    {
        var key = identity + "|" + serviceUrl + "|" + audience;
        while (true)
        {
            var entry = await _clients.GetAsync(key, async () =>
                new Entry(await factory.CreateAsync(serviceUrl, audience, CancellationToken.None), DateTimeOffset.UtcNow + Lifetime), cancellationToken);
            if (entry.Expires > DateTimeOffset.UtcNow)
            {
                return entry.Client;
            }
            // Expired: the next caller builds a fresh one. The old one is left to in-flight sends and the GC.
            _clients.Forget(key, entry);
        }
    }

    private sealed record Entry(IConnectorClient Client, DateTimeOffset Expires);

    private sealed class Factory(ReusedConnectors owner, ConnectorFactory inner, string identity) : ConnectorFactory
    {
        public override async Task<IConnectorClient> CreateAsync(string serviceUrl, string audience, CancellationToken cancellationToken) =>
            new Shared(await owner.GetAsync(inner, identity, serviceUrl, audience, cancellationToken));
    }

    private sealed class SharedUserTokens(UserTokenClient client) : UserTokenClient
    {
        public override Task<TokenResponse> GetUserTokenAsync(string userId, string connectionName, string channelId, string magicCode, CancellationToken cancellationToken) =>
            client.GetUserTokenAsync(userId, connectionName, channelId, magicCode, cancellationToken);

        public override Task<SignInResource> GetSignInResourceAsync(string connectionName, Activity activity, string finalRedirect, CancellationToken cancellationToken) =>
            client.GetSignInResourceAsync(connectionName, activity, finalRedirect, cancellationToken);

        public override Task SignOutUserAsync(string userId, string connectionName, string channelId, CancellationToken cancellationToken) =>
            client.SignOutUserAsync(userId, connectionName, channelId, cancellationToken);

        public override Task<TokenStatus[]> GetTokenStatusAsync(string userId, string channelId, string includeFilter, CancellationToken cancellationToken) =>
            client.GetTokenStatusAsync(userId, channelId, includeFilter, cancellationToken);

        public override Task<Dictionary<string, TokenResponse>> GetAadTokensAsync(string userId, string connectionName, string[] resourceUrls, string channelId, CancellationToken cancellationToken) =>
            client.GetAadTokensAsync(userId, connectionName, resourceUrls, channelId, cancellationToken);

        public override Task<TokenResponse> ExchangeTokenAsync(string userId, string connectionName, string channelId, TokenExchangeRequest exchangeRequest, CancellationToken cancellationToken) =>
            client.ExchangeTokenAsync(userId, connectionName, channelId, exchangeRequest, cancellationToken);

        protected override void Dispose(bool disposing)
        {
            // Shared: outlives the turn that disposes it.
        }
    }

    /// <summary>The adapter disposes the client after each turn; a shared one must outlive that.</summary>
    private sealed class Shared(IConnectorClient client) : IConnectorClient
    {
        public Uri BaseUri { get => client.BaseUri; set => client.BaseUri = value; }
        public JsonSerializerSettings SerializationSettings => client.SerializationSettings;
        public JsonSerializerSettings DeserializationSettings => client.DeserializationSettings;
        public ServiceClientCredentials Credentials => client.Credentials;
        public IAttachments Attachments => client.Attachments;
        public IConversations Conversations => client.Conversations;

        public void Dispose()
        {
        }
    }
}
