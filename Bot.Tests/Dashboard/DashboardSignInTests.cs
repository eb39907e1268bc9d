using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using CoachBot.Tests.Infrastructure;

namespace CoachBot.Tests.Dashboard;

public sealed class DashboardBot : IAsyncLifetime
{
    internal DashboardTestBed Bed { get; private set; } = null!;

    public async Task InitializeAsync() => Bed = await DashboardTestBed.StartAsync();

    public async Task DisposeAsync() => await Bed.DisposeAsync();
}

/// <summary>Teams single sign-on on the dashboard's API: the bearer must be an Entra ID access token of the tenant for the bot's own app.</summary>
public sealed class DashboardSignInTests(DashboardBot fixture) : IClassFixture<DashboardBot>
{
    private DashboardTestBed Bed => fixture.Bed;
    private LocalIdentityProvider Identity => Bed.Identity;
    private const string Me = "/api/dashboard/me";

    private async Task<HttpStatusCode> StatusAsync(string? authorization) => (await Bed.GetAsync(Me, authorization)).StatusCode;

    [Fact]
    public async Task ATokenOfTheTenantForTheAppsApiSignsInThePersonItsOidNames()
    {
        var me = await Bed.ViewAsync(TestRoster.Director, "me");

        Assert.Equal("Claire Fontaine", me["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task ATokenWhoseAudienceIsTheBotsAppIdIsAcceptedToo()
    {
        await using var bed = await DashboardTestBed.StartAsync(new Dictionary<string, string?> { ["MicrosoftAppId"] = DashboardTestBed.AppId, ["MicrosoftAppPassword"] = "a-secret" });

        var response = await bed.GetAsync(Me, "Bearer " + bed.Identity.EntraToken(DashboardTestBed.TenantId, DashboardTestBed.AppId, TestRoster.Sponsor.AadObjectId));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task ATokenWhoseAudienceIsTheTabsOwnClientIdIsAcceptedButNotAnotherApp()
    {
        var clientId = Guid.NewGuid().ToString();
        await using var bed = await DashboardTestBed.StartAsync(new Dictionary<string, string?> { ["Dashboard:ClientId"] = clientId });

        var ours = await bed.GetAsync(Me, "Bearer " + bed.Identity.EntraToken(DashboardTestBed.TenantId, clientId, TestRoster.Sponsor.AadObjectId));
        var theirs = await bed.GetAsync(Me, "Bearer " + bed.Identity.EntraToken(DashboardTestBed.TenantId, Guid.NewGuid().ToString(), TestRoster.Sponsor.AadObjectId));

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.Unauthorized), (ours.StatusCode, theirs.StatusCode));
    }

    [Fact]
    public async Task WithoutATokenTheAnswerIs401WithABearerChallenge()
    {
        var response = await Bed.GetAsync(Me, null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal("sign-in-required", (await response.Content.ReadFromJsonAsync<JsonObject>())!["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task ATokenSignedWithAnotherKeyIsRefused()
    {
        using var forger = RSA.Create(2048);

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync("Bearer " + Identity.EntraToken(DashboardTestBed.TenantId, DashboardTestBed.ApplicationIdUri, TestRoster.Director.AadObjectId, signWith: forger)));
    }

    [Fact]
    public async Task AnExpiredTokenIsRefused() =>
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync("Bearer " + Identity.EntraToken(DashboardTestBed.TenantId, DashboardTestBed.ApplicationIdUri,
            TestRoster.Director.AadObjectId, lifetime: TimeSpan.FromMinutes(30), notBefore: DateTime.UtcNow.AddHours(-1))));

    [Fact]
    public async Task ATokenFromAnotherTenantIsRefused() =>
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync("Bearer " + Identity.EntraToken(DashboardTestBed.OtherTenantId, DashboardTestBed.ApplicationIdUri, TestRoster.Director.AadObjectId)));

    [Fact]
    public async Task ATokenOfOurIssuerClaimingAnotherTenantIsRefused() =>
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync("Bearer " + Identity.EntraToken(DashboardTestBed.OtherTenantId, DashboardTestBed.ApplicationIdUri,
            TestRoster.Director.AadObjectId, issuerTenant: DashboardTestBed.TenantId)));

    [Fact]
    public async Task ATokenForAnotherApplicationIsRefused() =>
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync("Bearer " + Identity.EntraToken(DashboardTestBed.TenantId, "api://someone-else/app", TestRoster.Director.AadObjectId)));

    [Fact]
    public async Task ABotFrameworkChannelTokenIsNoDashboardToken() =>
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync("Bearer " + Identity.ChannelToken(DashboardTestBed.ApplicationIdUri, "https://smba.example/")));

    [Theory]
    [InlineData("Bearer not-a-jwt")]
    [InlineData("Bearer a.b.c")]
    [InlineData("Bearer ")]
    [InlineData("Basic dXNlcjpwYXNz")]
    public async Task AMalformedCredentialGets401NotAServerError(string authorization) =>
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(authorization));

    [Fact]
    public async Task AnUnsignedTokenIsRefused() =>
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync("Bearer " + LocalIdentityProvider.UnsignedToken(DashboardTestBed.ApplicationIdUri, "https://smba.example/")));

    [Fact]
    public async Task AValidTokenForSomeoneNotOnTheRosterGets403AndNoData()
    {
        var response = await Bed.GetAsAsync(TestRoster.Stranger, Me);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("not-on-roster", (await response.Content.ReadFromJsonAsync<JsonObject>())!["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task SomeoneOnTheRosterByEmailOnlyIsMatchedByTheTokensUserName()
    {
        var token = Identity.EntraToken(DashboardTestBed.TenantId, DashboardTestBed.ApplicationIdUri, TestRoster.EmailOnlyRep.AadObjectId, preferredUsername: TestRoster.EmailOnlyRepEmail);

        var response = await Bed.GetAsync(Me, "Bearer " + token);

        Assert.Equal("Priya Nair", (await response.Content.ReadFromJsonAsync<JsonObject>())!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task TheLocalSignInIsRefusedWhenItIsOff() =>
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync("Local " + TestRoster.Director.AadObjectId));

    [Fact]
    public async Task TheLocalSignInOpensTheDashboardAsThatPersonWhenItIsOnInDevelopment()
    {
        await using var bed = await DashboardTestBed.StartAsync(new Dictionary<string, string?> { ["Dashboard:LocalSignIn"] = "true" });

        var response = await bed.GetAsync(Me, "Local " + TestRoster.Lead.AadObjectId);

        Assert.Equal("Hugo Bernard", (await response.Content.ReadFromJsonAsync<JsonObject>())!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task TheServiceRefusesToStartWithTheLocalSignInOutsideDevelopment()
    {
        var output = await BotApp.RefusalAsync(new Dictionary<string, string?> { ["Dashboard:LocalSignIn"] = "true" });

        Assert.Contains("Dashboard:LocalSignIn signs anyone in without Teams", output);
    }
}
