using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CoachBot.Roster;
using CoachBot.SupportRequests;
using CoachBot.Tests.CheckIns;
using CoachBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace CoachBot.Tests.SupportRequests;

/// <summary>
/// The bot (real service, Azurite, loopback connector) on a fake clock, with the test roster plus a second lead of
/// "pumps", a lead of another BU ("automation") and a sponsor for "apac". People install the app through the pipeline
/// and click card buttons as Teams invokes.
/// </summary>
internal sealed class SupportRequestTestBed : IAsyncDisposable
{
    /// <summary>Friday 27 November 2026, 10:00 in Paris (09:00 UTC): a business hour for the BUs.</summary>
    public static readonly DateTimeOffset FridayMorning = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);

    public static readonly TeamsUserAccount Amina = TestRoster.Rep;
    public static readonly TeamsUserAccount Wei = TestRoster.EnglishRep;
    public static readonly TeamsUserAccount Hugo = TestRoster.Lead;
    public static readonly TeamsUserAccount Karim = new("Karim Mansour", "11111111-0000-0000-0000-000000000011", "fr-FR");
    public static readonly TeamsUserAccount Sofia = new("Sofia Rossi", "11111111-0000-0000-0000-000000000012", "en-US");
    public static readonly TeamsUserAccount Claire = TestRoster.Director;
    public static readonly TeamsUserAccount Marc = TestRoster.Sponsor;
    public static readonly TeamsUserAccount Mei = new("Mei Tan", "11111111-0000-0000-0000-000000000013", "en-US");

    public static readonly TeamsUserAccount[] Everyone = [Amina, Wei, Hugo, Karim, Sofia, Claire, Marc, Mei];

    public static Dictionary<string, string?> Settings() => new()
    {
        ["Organization:BusinessUnits:0:Leads:1:Name"] = Karim.Name,
        ["Organization:BusinessUnits:0:Leads:1:AadObjectId"] = Karim.AadObjectId,
        ["Organization:BusinessUnits:1:Id"] = "automation",
        ["Organization:BusinessUnits:1:Name"] = "Automation",
        ["Organization:BusinessUnits:1:InternationalObjective"] = "5000000",
        ["Organization:BusinessUnits:1:Leads:0:Name"] = Sofia.Name,
        ["Organization:BusinessUnits:1:Leads:0:AadObjectId"] = Sofia.AadObjectId,
        ["Organization:Regions:1:Sponsor:Name"] = Mei.Name,
        ["Organization:Regions:1:Sponsor:AadObjectId"] = Mei.AadObjectId,
    };

    private SupportRequestTestBed(BotApp bot, FakeTimeProvider clock)
    {
        Bot = bot;
        Clock = clock;
    }

    public BotApp Bot { get; }
    public FakeTimeProvider Clock { get; }
    public LoopbackConnector Connector => Bot.Connector;
    public SupportRequestStore Store => Bot.Service<SupportRequestStore>();
    public EscalationLadder Ladder => Bot.Service<EscalationLadder>();

    public static async Task<SupportRequestTestBed> StartAsync(DateTimeOffset? now = null, IDictionary<string, string?>? settings = null,
        string? tablePrefix = null, LoopbackConnector? connector = null, Action<IServiceCollection>? services = null)
    {
        var all = Settings();
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }
        var clock = new FakeTimeProvider(now ?? FridayMorning);
        var bot = await BotApp.StartAsync(all, tablePrefix, connector: connector, services: s =>
        {
            s.AddSingleton<TimeProvider>(clock);
            // Quartz runs on the container's clock: the tests move the fake clock themselves (see CheckInTestBed).
            var quartz = s.Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType?.Name == "QuartzHostedService").ToList();
            quartz.ForEach(d => s.Remove(d));
            services?.Invoke(s);
        });
        return new SupportRequestTestBed(bot, clock);
    }

    /// <summary>Everyone installs the app, so proactive cards reach them; the welcome cards are then forgotten.</summary>
    public async Task InstallEveryoneAsync()
    {
        foreach (var user in Everyone)
        {
            (await Bot.Http.PostAsync(TeamsActivities.InstallationAdd(user, Connector.ServiceUrl))).EnsureSuccessStatusCode();
        }
        await Connector.WaitForAsync(_ => Everyone.All(u => Connector.SentTo(u.ConversationId).Count > 0));
        Connector.Activities.Clear();
    }

    public RosterMember Member(TeamsUserAccount user) =>
        Bot.Service<Organization>().Find(user.AadObjectId, null) ?? throw new InvalidOperationException($"{user.Name} is not on the roster.");

    /// <summary>Clicks an <c>Action.Execute</c> button and returns the invoke response's <c>value</c>: the card that replaces the clicked one.</summary>
    public async Task<JsonObject> ClickAsync(TeamsUserAccount user, string verb, JsonObject data)
    {
        var response = await Bot.Http.PostAsync(TeamsActivities.CardAction(user, Connector.ServiceUrl, verb, data));
        response.EnsureSuccessStatusCode();
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("application/vnd.microsoft.card.adaptive", body["type"]?.GetValue<string>());
        return body["value"]!.AsObject();
    }

    /// <summary>Clicks a request card's button (the data names the request, the inputs come along).</summary>
    public Task<JsonObject> ActAsync(TeamsUserAccount user, string verb, string reference, JsonObject? inputs = null)
    {
        var data = (JsonObject?)inputs?.DeepClone() ?? new JsonObject();
        data["reference"] = reference;
        return ClickAsync(user, verb, data);
    }

    /// <summary>Sends the request form with these inputs; returns the card that replaces it.</summary>
    public Task<JsonObject> SubmitFormAsync(TeamsUserAccount user, JsonObject inputs, string? formId = null)
    {
        var data = (JsonObject)inputs.DeepClone();
        data["formId"] = formId ?? Guid.NewGuid().ToString("N");
        return ClickAsync(user, SupportRequestCards.OpenVerb, data);
    }

    /// <summary>Amina opens a valid request to "pumps" and returns its reference.</summary>
    public async Task<string> OpenAsync(TeamsUserAccount? rep = null, JsonObject? inputs = null)
    {
        var before = (await Store.ListAsync(CancellationToken.None)).Select(r => r.Reference).ToHashSet();
        var card = await SubmitFormAsync(rep ?? Amina, inputs ?? Form());
        var created = (await Store.ListAsync(CancellationToken.None)).Single(r => !before.Contains(r.Reference));
        Assert.Contains(created.Reference, CardText.Joined(card));
        return created.Reference;
    }

    public async Task<SupportRequest> GetAsync(string reference) =>
        (await Store.GetAsync(reference, CancellationToken.None))?.Request ?? throw new InvalidOperationException($"No request {reference}.");

    /// <summary>Sends a chat message and returns the bot's reply in that conversation.</summary>
    public async Task<RecordedActivity> SayAsync(TeamsUserAccount user, string text)
    {
        var before = Connector.SentTo(user.ConversationId).Count;
        (await Bot.Http.PostAsync(TeamsActivities.Message(user, Connector.ServiceUrl, text))).EnsureSuccessStatusCode();
        await Connector.WaitForAsync(_ => Connector.SentTo(user.ConversationId).Count > before);
        return Connector.SentTo(user.ConversationId)[before];
    }

    /// <summary>What reached a user's chat since the installs, newest last.</summary>
    public IReadOnlyList<RecordedActivity> Received(TeamsUserAccount user) => Connector.SentTo(user.ConversationId);

    /// <summary>The cards newly posted to a user (not updates) that name <paramref name="reference"/>.</summary>
    public List<JsonObject> CardsAbout(TeamsUserAccount user, string reference) =>
        Received(user).Where(a => a.Method == "POST" && a.Card is { } c && CardText.Joined(c).Contains(reference)).Select(a => a.Card!).ToList();

    public static JsonObject Form(string unit = "pumps", string customer = "OCP", string country = "Morocco", string need = "Quotation",
        string description = "Quotation for 40 slurry pumps, phosphate plant extension.", string due = "2026-12-15", string deal = "",
        string currency = "EUR") => new()
    {
        ["businessUnit"] = unit,
        ["customer"] = customer,
        ["country"] = country,
        ["need"] = need,
        ["description"] = description,
        ["dueDate"] = due,
        ["dealSize"] = deal,
        ["currency"] = currency,
    };

    public ValueTask DisposeAsync() => Bot.DisposeAsync();
}
