using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using CoachBot.Tests.Infrastructure;

namespace CoachBot.Tests.Dashboard;

/// <summary>
/// Who the client is and who the account is: a token of the tenant for the tab is not enough; it must be a user's, carry the
/// tab's scope, come from a Teams client (or one configured), and its account must be the roster member by the chat's own
/// rule (pins included). Real validation (Microsoft.IdentityModel) against the local Entra ID.
/// </summary>
public sealed class DashboardClientTests(DashboardBot fixture) : IClassFixture<DashboardBot>
{
    private const string Me = "/api/dashboard/me";
    private const string TeamsWebClient = "5e3ce6c0-2b1f-4285-8d4b-75ee78787346";
    private DashboardTestBed Bed => fixture.Bed;

    private string Token(string? scope = "access_as_user", string? client = LocalIdentityProvider.TeamsDesktopClient, string? idtyp = null, string version = "2.0",
        string? objectId = null) =>
        Bed.Identity.EntraToken(DashboardTestBed.TenantId, DashboardTestBed.ApplicationIdUri, objectId ?? TestRoster.Director.AadObjectId,
            scope: scope, client: client, idtyp: idtyp, version: version);

    private async Task<HttpStatusCode> StatusAsync(string token, DashboardTestBed? bed = null) => (await (bed ?? Bed).GetAsync(Me, "Bearer " + token)).StatusCode;

    [Fact]
    public async Task ATokenTheTeamsDesktopOrWebClientAskedForWithTheTabsScopeSignsIn()
    {
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(Token()));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(Token(client: TeamsWebClient)));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(Token(idtyp: "user", scope: "openid access_as_user profile")));
        // v1.0 tokens name the client in appid.
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(Token(version: "1.0", client: TeamsWebClient)));
    }

    [Fact]
    public async Task ATokenWithoutTheTabsScopeIsRefused()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(Token(scope: null)));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(Token(scope: "User.Read")));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(Token(scope: "access_as_user_too")));
    }

    [Fact]
    public async Task AnApplicationsOwnTokenWithTheDirectorsOidIsRefused()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(Token(idtyp: "app")));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(Token(idtyp: "app", scope: null)));
    }

    [Fact]
    public async Task ATokenAnotherClientAskedForIsRefused()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(Token(client: Guid.NewGuid().ToString())));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(Token(client: null)));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(Token(version: "1.0", client: Guid.NewGuid().ToString())));
    }

    [Fact]
    public async Task AConfiguredClientApplicationIsAcceptedBesidesTheTeamsClients()
    {
        var ours = Guid.NewGuid().ToString();
        await using var bed = await DashboardTestBed.StartAsync(new Dictionary<string, string?> { ["Dashboard:ClientApplications:0"] = ours });

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(bed.Identity.EntraToken(DashboardTestBed.TenantId, DashboardTestBed.ApplicationIdUri, TestRoster.Director.AadObjectId, client: ours), bed));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(bed.Identity.EntraToken(DashboardTestBed.TenantId, DashboardTestBed.ApplicationIdUri, TestRoster.Director.AadObjectId), bed));
    }

    [Fact]
    public async Task WhenTheKeysCannotBeReadAgainAfterARolloverTheAnswerIs401NotAServerError()
    {
        await using var bed = await DashboardTestBed.StartAsync();
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(bed.Identity.EntraToken(DashboardTestBed.TenantId, DashboardTestBed.ApplicationIdUri, TestRoster.Director.AadObjectId), bed));
        bed.Identity.EntraMetadataAvailable = false;
        using var rolled = RSA.Create(2048);

        var response = await bed.GetAsync(Me, "Bearer " + bed.Identity.EntraToken(DashboardTestBed.TenantId, DashboardTestBed.ApplicationIdUri, TestRoster.Director.AadObjectId,
            signWith: rolled, keyId: "rolled-key"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task WhenTheKeysWereNeverReadTheAnswerIs401NotAServerError()
    {
        await using var bed = await DashboardTestBed.StartAsync();
        bed.Identity.EntraMetadataAvailable = false;

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(bed.Identity.EntraToken(DashboardTestBed.TenantId, DashboardTestBed.ApplicationIdUri, TestRoster.Director.AadObjectId), bed));
    }

    [Fact]
    public async Task TheAccountTeamsRefusesForSomeoneKnownByEmailCannotReadTheirPage()
    {
        await using var bed = await DashboardTestBed.StartAsync(tenantId: TeamsActivities.TenantId);
        // Priya's own account installs the app first in Teams: it is pinned to her.
        await bed.Bed.InstallAsync(TestRoster.EmailOnlyRep);
        var impostor = Guid.NewGuid().ToString();

        var theirs = await bed.GetAsync(Me, "Bearer " + bed.Identity.EntraToken(TeamsActivities.TenantId, DashboardTestBed.ApplicationIdUri, impostor,
            preferredUsername: TestRoster.EmailOnlyRepEmail));
        var hers = await bed.GetAsync(Me, "Bearer " + bed.Identity.EntraToken(TeamsActivities.TenantId, DashboardTestBed.ApplicationIdUri, TestRoster.EmailOnlyRep.AadObjectId,
            preferredUsername: TestRoster.EmailOnlyRepEmail));

        Assert.Equal(HttpStatusCode.Forbidden, theirs.StatusCode);
        Assert.Equal("Priya Nair", (await hers.Content.ReadFromJsonAsync<JsonObject>())!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task TheFirstAccountSignedInToTheTabIsPinnedForTheChatToo()
    {
        await using var bed = await DashboardTestBed.StartAsync(tenantId: TeamsActivities.TenantId);
        var first = Guid.NewGuid().ToString();
        Assert.Equal(HttpStatusCode.OK, (await bed.GetAsync(Me, "Bearer " + bed.Identity.EntraToken(TeamsActivities.TenantId, DashboardTestBed.ApplicationIdUri, first,
            preferredUsername: TestRoster.EmailOnlyRepEmail))).StatusCode);

        // Priya's Teams account comes second: it is not the account pinned to her, so the chat refuses it as a stranger.
        var rep = TestRoster.EmailOnlyRep;
        bed.Bed.Connector.Members[rep.UserId] = new JsonObject
        {
            ["id"] = rep.UserId, ["aadObjectId"] = rep.AadObjectId, ["userPrincipalName"] = TestRoster.EmailOnlyRepEmail,
        };
        var reply = await bed.Bed.SayAsync(rep, "help");

        Assert.Equal(BotTestBed.Text("en", "not_on_roster"), reply.Text);
    }
}
