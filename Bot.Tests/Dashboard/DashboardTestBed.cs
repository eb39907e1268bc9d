using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CoachBot.Calendar;
using CoachBot.Coaching;
using CoachBot.Dashboard;
using CoachBot.SupportRequests;
using CoachBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CoachBot.Tests.Dashboard;

/// <summary>
/// The digest bed (<see cref="BotTestBed.StartDigestsAsync"/>: check-ins in Azurite, in-memory request and coaching histories, a fake clock on
/// Monday of 2026-W49) with Teams single sign-on pointed at a local Entra ID: <see cref="LocalIdentityProvider"/> serves
/// the tenant's OpenID configuration and keys over HTTPS, and issues the users' tokens.
/// </summary>
internal sealed class DashboardTestBed : IAsyncDisposable
{
    public const string TenantId = "7d0f1c2e-0000-4000-8000-00000000c0ac";
    public const string OtherTenantId = "0badc0de-0000-4000-8000-0000000000ff";
    public static readonly string AppId = "3b9ac9e2-0000-4000-8000-0000000000a9";
    public static readonly string ApplicationIdUri = $"api://coachbot.test/{AppId}";
    public static readonly TeamsUserAccount Sofia = new("Sofia Rossi", "11111111-0000-0000-0000-00000000000b", "en-GB");

    private DashboardTestBed(LocalIdentityProvider identity, BotTestBed bed)
    {
        Identity = identity;
        Bed = bed;
    }

    public LocalIdentityProvider Identity { get; }
    public BotTestBed Bed { get; }
    public BotApp Bot => Bed.Bot;
    public InMemoryRequestHistory Requests => Bed.Requests;
    public InMemoryCoachingHistory Coaching => Bed.Coaching;

    /// <param name="tenantId">The organisation's tenant; <see cref="TeamsActivities.TenantId"/> for a test that also talks to the bot in Teams.</param>
    public static async Task<DashboardTestBed> StartAsync(IDictionary<string, string?>? settings = null, string tenantId = TenantId)
    {
        var identity = await LocalIdentityProvider.StartAsync();
        var all = new Dictionary<string, string?>
        {
            ["Organization:TenantId"] = tenantId,
            ["Dashboard:Authority"] = identity.EntraAuthority(tenantId),
            ["Dashboard:ApplicationIdUri"] = ApplicationIdUri,
            // Every view reads afresh unless a test is about the cache.
            ["Dashboard:CacheDuration"] = "00:00:00",
            // A second BU, so that a lead's scope can be told from everything.
            ["Organization:BusinessUnits:1:Id"] = "automation",
            ["Organization:BusinessUnits:1:Name"] = "Automation",
            ["Organization:BusinessUnits:1:InternationalObjective"] = "8000000",
            ["Organization:BusinessUnits:1:Leads:0:Name"] = Sofia.Name,
            ["Organization:BusinessUnits:1:Leads:0:AadObjectId"] = Sofia.AadObjectId,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }
        var bed = await BotTestBed.StartDigestsAsync(settings: all, services: s =>
            // The bot trusts the local issuer's self-signed certificate, and only it (in production: the system's roots).
            s.AddHttpClient(DashboardSignIn.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => new HttpClientHandler
            {
                ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate?.Thumbprint == identity.Certificate.Thumbprint,
            }));
        return new DashboardTestBed(identity, bed);
    }

    /// <summary>What Teams single sign-on gets for <paramref name="user"/>: a token of the organisation's tenant for the app's API.</summary>
    public string TokenFor(TeamsUserAccount user) => Identity.EntraToken(TenantId, ApplicationIdUri, user.AadObjectId);

    public Task<HttpResponseMessage> GetAsync(string path, string? authorization)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }
        return Bot.Http.SendAsync(request);
    }

    public Task<HttpResponseMessage> GetAsAsync(TeamsUserAccount user, string path) => GetAsync(path, "Bearer " + TokenFor(user));

    /// <summary>The view's JSON as <paramref name="user"/> sees it; fails the test unless the answer is 200.</summary>
    public async Task<JsonObject> ViewAsync(TeamsUserAccount user, string path)
    {
        var response = await GetAsAsync(user, "/api/dashboard/" + path);
        Assert.True(response.IsSuccessStatusCode, $"{path} as {user.Name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    public string IdOf(TeamsUserAccount user) => Bed.Member(user).Id;

    /// <summary>A request as the support-request feature would report it.</summary>
    public static SupportRequestSnapshot Request(string reference, string repId, string region, string unit, RequestState state, DateTimeOffset openedAt,
        DateTimeOffset? acknowledgedAt = null, ObjectionCategory? objection = null, DateTimeOffset? declinedAt = null,
        DateTimeOffset? deliveredAt = null, decimal? dealSize = null, EscalationLevel escalation = EscalationLevel.None) =>
        new(reference, repId, region,
            new RequestAnswer(unit, "OCP", "MA", NeedKind.Quotation, "Quote for 12 pumps", DateOnly.FromDateTime(openedAt.UtcDateTime).AddDays(14), dealSize, dealSize is null ? null : "EUR"),
            state, escalation, openedAt, acknowledgedAt, null, declinedAt, objection, deliveredAt, null,
            escalation == EscalationLevel.None ? [] : [new RequestTransition(openedAt.AddDays(2), null, RequestAction.EscalatedToDirector, RequestState.Open, RequestState.Open, null)]);

    public static CoachingEntry Coached(string memberId, string track, string prompt, IsoWeek week, CoachingOutcome outcome, string? commitment = null) =>
        new(memberId, track, prompt, "planning", "behavioural", week.ToString(), week.Monday.ToDateTime(new TimeOnly(9, 30)), outcome,
            outcome == CoachingOutcome.Sent ? null : week.Monday.ToDateTime(new TimeOnly(11, 0)), null, commitment, null);

    public async ValueTask DisposeAsync()
    {
        await Bed.DisposeAsync();
        await Identity.DisposeAsync();
    }
}

internal static class JsonNodes
{
    public static List<string> Strings(this JsonNode? array) => array!.AsArray().Select(n => n!.GetValue<string>()).ToList();

    public static List<double?> Rates(this JsonNode? array) => array!.AsArray().Select(n => n is null ? (double?)null : n.GetValue<double>()).ToList();
}
