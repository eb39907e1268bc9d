using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using CoachBot.Tests.Infrastructure;

namespace CoachBot.Tests.Teams;

/// <summary>The bot with an app id, as in production, running the SDK's real token validation against a local token service.</summary>
public sealed class SignedBot : IAsyncLifetime
{
    public string AppId { get; } = Guid.NewGuid().ToString();
    public LocalIdentityProvider Identity { get; private set; } = null!;
    public LoopbackConnector Connector { get; private set; } = null!;
    public BotProcess Bot { get; private set; } = null!;
    private string _bundle = "";

    public async Task InitializeAsync()
    {
        Identity = await LocalIdentityProvider.StartAsync();
        Connector = await LoopbackConnector.StartAsync();
        _bundle = Identity.WriteTrustBundle();
        var settings = new Dictionary<string, string>
        {
            ["MicrosoftAppType"] = "MultiTenant",
            ["MicrosoftAppId"] = AppId,
            ["MicrosoftAppPassword"] = "a-client-secret",
            ["SSL_CERT_FILE"] = _bundle,
            ["Storage:ConnectionString"] = await Azurite.ConnectionStringAsync(),
            ["Storage:TablePrefix"] = Azurite.NewPrefix(),
        };
        foreach (var (key, value) in Identity.BotSettings())
        {
            settings[key] = value;
        }
        foreach (var (key, value) in TestRoster.Settings())
        {
            settings[key] = value!;
        }
        Bot = await BotProcess.StartAsync(settings);
    }

    public async Task DisposeAsync()
    {
        await Bot.DisposeAsync();
        await Connector.DisposeAsync();
        await Identity.DisposeAsync();
        File.Delete(_bundle);
    }
}

public sealed class AuthenticationTests(SignedBot signed) : IClassFixture<SignedBot>
{
    private readonly TeamsUserAccount _user = TestRoster.EnglishRep;

    private Task<HttpResponseMessage> PostAsync(string? authorization) =>
        signed.Bot.Http.PostAsync(TeamsActivities.Message(_user, signed.Connector.ServiceUrl, "help"), authorization);

    private string ServiceUrl => signed.Connector.ServiceUrl.ToString();

    [Fact]
    public async Task ATokenFromTheBotFrameworkForThisBotIsAcceptedAndTheReplyCarriesTheBotsOwnToken()
    {
        var response = await PostAsync("Bearer " + signed.Identity.ChannelToken(signed.AppId, ServiceUrl));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = await signed.Connector.WaitForAsync(a => a.ConversationId == _user.ConversationId);
        Assert.Equal("Bearer " + LocalIdentityProvider.OutboundToken, reply.Authorization);
    }

    [Fact]
    public async Task ARequestWithoutATokenIsRefused() =>
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(null)).StatusCode);

    [Fact]
    public async Task AnUnsignedTokenIsRefused() =>
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync("Bearer " + LocalIdentityProvider.UnsignedToken(signed.AppId, ServiceUrl))).StatusCode);

    [Theory]
    [InlineData("Bearer not-a-jwt")]
    [InlineData("Bearer a.b.c")]
    [InlineData("Bearer ")]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData("Bearer eyJhbGciOiJSUzI1NiJ9.e30")]
    public async Task AMalformedTokenIsRefused(string header) =>
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(header)).StatusCode);

    [Fact]
    public async Task AnExpiredTokenIsRefused()
    {
        var token = signed.Identity.ChannelToken(signed.AppId, ServiceUrl, TimeSpan.FromMinutes(10), notBefore: DateTime.UtcNow.AddHours(-2));

        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync("Bearer " + token)).StatusCode);
    }

    [Fact]
    public async Task ATokenForAnotherBotIsRefused() =>
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync("Bearer " + signed.Identity.ChannelToken(Guid.NewGuid().ToString(), ServiceUrl))).StatusCode);

    [Fact]
    public async Task ATokenSignedWithAnotherKeyIsRefused()
    {
        using var forger = RSA.Create(2048);

        var token = signed.Identity.ChannelToken(signed.AppId, ServiceUrl, signWith: forger);

        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync("Bearer " + token)).StatusCode);
    }

    [Fact]
    public async Task ATokenFromAnotherIssuerIsRefused() =>
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync("Bearer " + signed.Identity.ChannelToken(signed.AppId, ServiceUrl, issuer: "https://evil.example"))).StatusCode);

    [Fact]
    public async Task ATokenIssuedForAnotherServiceUrlIsRefused() =>
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync("Bearer " + signed.Identity.ChannelToken(signed.AppId, "https://smba.elsewhere.example/"))).StatusCode);

    [Fact]
    public async Task ATokenWhoseAudienceListsThisBotAndAnotherIsRefusedWithout500() =>
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await PostAsync("Bearer " + signed.Identity.ChannelToken(signed.AppId, ServiceUrl, alsoForAudience: Guid.NewGuid().ToString()))).StatusCode);

    [Fact]
    public async Task AnActivityWithoutAServiceUrlGets400EvenWithAValidToken()
    {
        var activity = TeamsActivities.Message(_user, signed.Connector.ServiceUrl, "help");
        activity.Remove("serviceUrl");

        var response = await signed.Bot.Http.PostAsync(activity, "Bearer " + signed.Identity.ChannelToken(signed.AppId, ServiceUrl));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task ARefusedRequestNeverReachesATurn()
    {
        var outsider = new TeamsUserAccount("Mallory", TestRoster.Rep.AadObjectId);
        var url = signed.Connector.ServiceUrl;
        using var forger = RSA.Create(2048);

        await signed.Bot.Http.PostAsync(TeamsActivities.Message(outsider, url, "help"), "Bearer not-a-jwt");
        await signed.Bot.Http.PostAsync(TeamsActivities.Message(outsider, url, "help"), null);
        await signed.Bot.Http.PostAsync(TeamsActivities.Message(outsider, url, "help"), "Bearer " + signed.Identity.ChannelToken(signed.AppId, url.ToString(), signWith: forger));
        // A signed request after them is answered, so the refused ones had their chance to show up before it.
        await signed.Bot.Http.PostAsync(TeamsActivities.Message(_user, url, "help"), "Bearer " + signed.Identity.ChannelToken(signed.AppId, url.ToString()));
        await signed.Connector.WaitForAsync(a => a.ConversationId == _user.ConversationId);

        Assert.Empty(signed.Connector.SentTo(outsider.ConversationId));
        Assert.DoesNotContain("\"EventId\":1001", signed.Bot.Output);
    }
    private string Signed() => "Bearer " + signed.Identity.ChannelToken(signed.AppId, ServiceUrl);

    /// <summary>The same body as a signed request, sent again with a credential that must not pass: each is a replay variant.</summary>
    public static TheoryData<string> BadCredentials => new()
    {
        "none", "another key", "expired", "another serviceurl", "unsigned", "another audience", "another issuer", "not a jwt", "audience list",
    };

    private string? Credential(string variant)
    {
        using var forger = RSA.Create(2048);
        return variant switch
        {
            "none" => null,
            "another key" => "Bearer " + signed.Identity.ChannelToken(signed.AppId, ServiceUrl, signWith: forger),
            "expired" => "Bearer " + signed.Identity.ChannelToken(signed.AppId, ServiceUrl, TimeSpan.FromMinutes(10), notBefore: DateTime.UtcNow.AddHours(-2)),
            "another serviceurl" => "Bearer " + signed.Identity.ChannelToken(signed.AppId, "https://smba.elsewhere.example/"),
            "unsigned" => "Bearer " + LocalIdentityProvider.UnsignedToken(signed.AppId, ServiceUrl),
            "another audience" => "Bearer " + signed.Identity.ChannelToken(Guid.NewGuid().ToString(), ServiceUrl),
            "another issuer" => "Bearer " + signed.Identity.ChannelToken(signed.AppId, ServiceUrl, issuer: "https://evil.example"),
            "not a jwt" => "Bearer not-a-jwt",
            "audience list" => "Bearer " + signed.Identity.ChannelToken(signed.AppId, ServiceUrl, alsoForAudience: Guid.NewGuid().ToString()),
            _ => throw new ArgumentOutOfRangeException(nameof(variant)),
        };
    }

    [Theory]
    [MemberData(nameof(BadCredentials))]
    public async Task ASignedCardClickReplayedWithABadCredentialGets401AndNotTheCard(string variant)
    {
        var rep = new TeamsUserAccount(TestRoster.EnglishRep.Name, TestRoster.EnglishRep.AadObjectId);
        var click = TeamsActivities.CardAction(rep, signed.Connector.ServiceUrl, "request.form", []);
        var first = await signed.Bot.Http.PostAsync(click, Signed());
        var card = await first.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Contains("application/vnd.microsoft.card.adaptive", card);

        var replay = await signed.Bot.Http.PostAsync(click, Credential(variant));

        Assert.Equal(HttpStatusCode.Unauthorized, replay.StatusCode);
        Assert.Equal("", await replay.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AnActivityRefusedUnsignedIsAnsweredWhenTeamsDeliversItSigned()
    {
        var rep = new TeamsUserAccount(TestRoster.EnglishRep.Name, TestRoster.EnglishRep.AadObjectId);
        var message = TeamsActivities.Message(rep, signed.Connector.ServiceUrl, "help");

        var unsigned = await signed.Bot.Http.PostAsync(message, null);
        var delivered = await signed.Bot.Http.PostAsync(message, Signed());

        Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
        Assert.Equal(HttpStatusCode.OK, delivered.StatusCode);
        Assert.NotNull((await signed.Connector.WaitForAsync(a => a.ConversationId == rep.ConversationId)).Card);
    }

    [Fact]
    public async Task ASignedResendOfASignedActivityGetsTheFirstAnswerOnce()
    {
        var rep = new TeamsUserAccount(TestRoster.EnglishRep.Name, TestRoster.EnglishRep.AadObjectId);
        var message = TeamsActivities.Message(rep, signed.Connector.ServiceUrl, "help");
        var click = TeamsActivities.CardAction(rep, signed.Connector.ServiceUrl, "request.form", []);

        var messages = new[] { await signed.Bot.Http.PostAsync(message, Signed()), await signed.Bot.Http.PostAsync(message, Signed()) };
        var first = await (await signed.Bot.Http.PostAsync(click, Signed())).Content.ReadAsStringAsync();
        var again = await (await signed.Bot.Http.PostAsync(click, Signed())).Content.ReadAsStringAsync();

        Assert.All(messages, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        await signed.Connector.WaitForAsync(a => a.ConversationId == rep.ConversationId);
        Assert.Single(signed.Connector.SentTo(rep.ConversationId));
        Assert.Contains("application/vnd.microsoft.card.adaptive", first);
        Assert.Equal(first, again);
    }

    [Theory]
    [InlineData("directline")]
    [InlineData("webchat")]
    [InlineData("emulator")]
    public async Task ASignedActivityFromAnotherChannelThanTeamsIsRefusedByTheBotsOwnRule(string channel)
    {
        var rep = new TeamsUserAccount(TestRoster.EnglishRep.Name, TestRoster.EnglishRep.AadObjectId);
        var message = TeamsActivities.Message(rep, signed.Connector.ServiceUrl, "help");
        message["channelId"] = channel;

        var response = await signed.Bot.Http.PostAsync(message, Signed());

        // 403 is the bot's own answer; the SDK's endorsement check (the key is endorsed for msteams only) answered 401.
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0, signed.Connector.RequestsTo(rep.ConversationId));
    }

    [Fact]
    public async Task ASignedMessageWithoutAConversationTypeIsNotAPersonalChat()
    {
        var rep = new TeamsUserAccount(TestRoster.EnglishRep.Name, TestRoster.EnglishRep.AadObjectId);
        var message = TeamsActivities.Message(rep, signed.Connector.ServiceUrl, "help");
        message["conversation"]!.AsObject().Remove("conversationType");

        await signed.Bot.Http.PostAsync(message, Signed());

        var reply = await signed.Connector.WaitForAsync(a => a.ConversationId == rep.ConversationId);
        Assert.Equal(BotTestBed.Text("en", "personal_only"), reply.Text);
    }
}
