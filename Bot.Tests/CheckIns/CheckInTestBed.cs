using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CoachBot.CheckIns;
using CoachBot.Roster;
using CoachBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Extensions.Hosting;

namespace CoachBot.Tests.CheckIns;

/// <summary>
/// The bot (real service, Azurite, loopback connector) on a fake clock, with the test roster plus two more reps in
/// "mea" and a week of holidays there at the turn of the year. Reps install the app through the pipeline, and click
/// card buttons as Teams invokes.
/// </summary>
internal sealed class CheckInTestBed : IAsyncDisposable
{
    /// <summary>Friday of 2026-W48, 15:00 in Casablanca (UTC+1): when that week's check-in goes out in "mea".</summary>
    public static readonly DateTimeOffset FridayW48 = new(2026, 11, 27, 15, 0, 0, TimeSpan.FromHours(1));

    public static readonly TeamsUserAccount Nadia = new("Nadia Amrani", "11111111-0000-0000-0000-000000000007", "fr-FR");
    public static readonly TeamsUserAccount Omar = new("Omar Sy", "11111111-0000-0000-0000-000000000008", "en-US");

    public static Dictionary<string, string?> Settings() => new()
    {
        ["Organization:Reps:3:Name"] = Nadia.Name,
        ["Organization:Reps:3:AadObjectId"] = Nadia.AadObjectId,
        ["Organization:Reps:3:Region"] = "mea",
        ["Organization:Reps:3:Language"] = "fr",
        ["Organization:Reps:4:Name"] = Omar.Name,
        ["Organization:Reps:4:AadObjectId"] = Omar.AadObjectId,
        ["Organization:Reps:4:Region"] = "mea",
        // 2026-W52 loses Christmas (already on the test roster); 2026-W53 (28 Dec to 1 Jan) is all holidays.
        ["Organization:Regions:0:Holidays:1"] = "2026-12-28",
        ["Organization:Regions:0:Holidays:2"] = "2026-12-29",
        ["Organization:Regions:0:Holidays:3"] = "2026-12-30",
        ["Organization:Regions:0:Holidays:4"] = "2026-12-31",
        ["Organization:Regions:0:Holidays:5"] = "2027-01-01",
        ["Admin:ApiKey"] = "test-admin-key",
    };

    private CheckInTestBed(BotApp bot, FakeTimeProvider clock)
    {
        Bot = bot;
        Clock = clock;
    }

    public BotApp Bot { get; }
    /// <summary>The bot's clock; not wired in when the bed runs in real time with the scheduler.</summary>
    public FakeTimeProvider Clock { get; }
    public LoopbackConnector Connector => Bot.Connector;
    public CheckInService Service => Bot.Service<CheckInService>();
    public CheckInCampaigns Campaigns => Bot.Service<CheckInCampaigns>();
    public CheckInStore Store => Bot.Service<CheckInStore>();

    public static async Task<CheckInTestBed> StartAsync(
        DateTimeOffset now, IDictionary<string, string?>? settings = null, string? tablePrefix = null, LoopbackConnector? connector = null,
        Action<IServiceCollection>? services = null, bool realTimeWithScheduler = false)
    {
        var all = Settings();
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }
        var clock = new FakeTimeProvider(now);
        var bot = await BotApp.StartAsync(all, tablePrefix, connector: connector, services: s =>
        {
            if (!realTimeWithScheduler)
            {
                s.AddSingleton<TimeProvider>(clock);
                // Quartz runs on the container's clock: moving the fake clock across a Friday or a Monday would fire the
                // schedules in the middle of a test (and its shutdown waits on that clock). These tests run the campaigns
                // themselves; a test of the jobs runs in real time instead.
                var quartz = s.Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType?.Name == "QuartzHostedService").ToList();
                Assert.NotEmpty(quartz);
                quartz.ForEach(d => s.Remove(d));
            }
            services?.Invoke(s);
        });
        return new CheckInTestBed(bot, clock);
    }

    /// <summary>Another instance of the bot on the same tables and connector, with a clock of its own set to the same time.</summary>
    public Task<CheckInTestBed> SecondInstanceAsync() => StartAsync(Clock.GetUtcNow(), tablePrefix: Bot.TablePrefix, connector: Connector);

    public RosterMember Member(TeamsUserAccount user) =>
        Bot.Service<Organization>().Find(user.AadObjectId, user == TestRoster.EmailOnlyRep ? TestRoster.EmailOnlyRepEmail : null)
        ?? throw new InvalidOperationException($"{user.Name} is not on the roster.");

    /// <summary>The user installs the app (as Teams reports it), so proactive cards can reach them.</summary>
    public async Task InstallAsync(params TeamsUserAccount[] users)
    {
        foreach (var user in users)
        {
            if (user == TestRoster.EmailOnlyRep)
            {
                Connector.Members[user.UserId] = new JsonObject
                {
                    ["id"] = user.UserId,
                    ["name"] = user.Name,
                    ["aadObjectId"] = user.AadObjectId,
                    ["email"] = TestRoster.EmailOnlyRepEmail,
                    ["userPrincipalName"] = TestRoster.EmailOnlyRepEmail,
                };
            }
            var response = await Bot.Http.PostAsync(TeamsActivities.InstallationAdd(user, Connector.ServiceUrl));
            response.EnsureSuccessStatusCode();
        }
    }

    /// <summary>Clicks an <c>Action.Execute</c> button and returns the invoke response: <c>type</c> and <c>value</c> (the new card, or a message).</summary>
    public async Task<JsonObject> ClickAsync(TeamsUserAccount user, string verb, JsonObject data)
    {
        var response = await Bot.Http.PostAsync(TeamsActivities.CardAction(user, Connector.ServiceUrl, verb, data));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    /// <summary>Submits the check-in card for <paramref name="week"/> with these inputs (as Teams sends them: strings) and returns the card that replaces it.</summary>
    public async Task<JsonObject> SubmitAsync(TeamsUserAccount user, string week, JsonObject inputs)
    {
        var data = (JsonObject)inputs.DeepClone();
        data["week"] = week;
        var response = await ClickAsync(user, CheckInCards.SubmitVerb, data);
        Assert.Equal("application/vnd.microsoft.card.adaptive", response["type"]?.GetValue<string>());
        return response["value"]!.AsObject();
    }

    /// <summary>Sends a chat message and returns the bot's reply in that conversation.</summary>
    public async Task<RecordedActivity> SayAsync(TeamsUserAccount user, string text)
    {
        var before = Connector.SentTo(user.ConversationId).Count;
        (await Bot.Http.PostAsync(TeamsActivities.Message(user, Connector.ServiceUrl, text))).EnsureSuccessStatusCode();
        await Connector.WaitForAsync(_ => Connector.SentTo(user.ConversationId).Count > before);
        return Connector.SentTo(user.ConversationId)[before];
    }

    public static JsonObject Answer(string visits = "6", string fieldDays = "3", string planned = "5", string confidence = "4",
        string customers = "OCP (Maroc)", string win = "Order for 12 pumps", string blocker = "", string support = "false") => new()
    {
        ["visits"] = visits,
        ["fieldDays"] = fieldDays,
        ["plannedVisits"] = planned,
        ["customers"] = customers,
        ["win"] = win,
        ["blocker"] = blocker,
        ["confidence"] = confidence,
        ["needsBuSupport"] = support,
    };

    public ValueTask DisposeAsync() => Bot.DisposeAsync();
}

/// <summary>Reading cards in assertions.</summary>
internal static class CardText
{
    /// <summary>Every text a card shows: text blocks, fact titles and values, labels, input values, button titles.</summary>
    public static List<string> All(JsonNode? node)
    {
        var found = new List<string>();
        Walk(node, found);
        return found;
    }

    public static string Joined(JsonNode? card) => string.Join(" | ", All(card));

    /// <summary>The input with this id, or null.</summary>
    public static JsonObject? Input(JsonNode? card, string id) => Elements(card).FirstOrDefault(e => e["id"]?.GetValue<string>() == id);

    public static IEnumerable<JsonObject> Elements(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                yield return obj;
                foreach (var (_, value) in obj)
                {
                    foreach (var inner in Elements(value))
                    {
                        yield return inner;
                    }
                }
                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    foreach (var inner in Elements(item))
                    {
                        yield return inner;
                    }
                }
                break;
        }
    }

    private static void Walk(JsonNode? node, List<string> found)
    {
        foreach (var element in Elements(node))
        {
            foreach (var key in (string[])["text", "title", "value", "label"])
            {
                if (element[key] is JsonValue v && v.TryGetValue<string>(out var s))
                {
                    found.Add(s);
                }
            }
        }
    }
}
