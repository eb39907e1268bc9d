using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CoachBot.CheckIns;
using CoachBot.Coaching;
using CoachBot.Localization;
using CoachBot.Roster;
using CoachBot.SupportRequests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace CoachBot.Tests.Infrastructure;

/// <summary>
/// The bot (real service, Azurite, loopback connector) on a fake clock with the scheduler off (or in real time with
/// it), the test roster plus the people of one of the <see cref="BedRoster"/>s, and, where the test sets the figures,
/// in-memory histories in place of the features' own. People install the app through the pipeline, talk to the bot and
/// click card buttons as Teams invokes. One start per kind of test: <see cref="StartAsync"/> (check-ins, and the bed
/// other features build on), <see cref="StartCoachingAsync"/>, <see cref="StartDigestsAsync"/>,
/// <see cref="StartSupportRequestsAsync"/>.
/// </summary>
internal sealed partial class BotTestBed : IAsyncDisposable
{
    private static readonly Texts Strings = new();

    private readonly BedRoster _roster;
    private readonly InMemoryRequestHistory? _requests;
    private readonly InMemoryCoachingHistory? _coaching;

    private BotTestBed(BotApp bot, FakeTimeProvider clock, BedRoster roster, InMemoryRequestHistory? requests, InMemoryCoachingHistory? coaching)
    {
        Bot = bot;
        Clock = clock;
        _roster = roster;
        _requests = requests;
        _coaching = coaching;
    }

    public BotApp Bot { get; }
    /// <summary>The bot's clock; not wired in when the bed runs in real time with the scheduler.</summary>
    public FakeTimeProvider Clock { get; }
    public LoopbackConnector Connector => Bot.Connector;
    public CheckInService CheckInService => Bot.Service<CheckInService>();
    public CheckInCampaigns CheckInCampaigns => Bot.Service<CheckInCampaigns>();
    public CheckInStore CheckInStore => Bot.Service<CheckInStore>();
    public CoachingCampaigns CoachingCampaigns => Bot.Service<CoachingCampaigns>();
    public CoachingStore CoachingStore => Bot.Service<CoachingStore>();
    public SupportRequestStore SupportRequestStore => Bot.Service<SupportRequestStore>();
    public EscalationLadder Ladder => Bot.Service<EscalationLadder>();

    /// <summary>The support requests the test sets (coaching and digest beds); the other beds read the real table.</summary>
    public InMemoryRequestHistory Requests => _requests ?? throw new InvalidOperationException("This bed reads the support requests' own table.");

    /// <summary>The coaching entries the test sets (digest beds); the other beds read the real table.</summary>
    public InMemoryCoachingHistory Coaching => _coaching ?? throw new InvalidOperationException("This bed reads the coaching feature's own table.");

    /// <summary>The check-in bed: the test roster plus Nadia and Omar in "mea" and the year-end holidays there.</summary>
    public static Task<BotTestBed> StartAsync(
        DateTimeOffset now, IDictionary<string, string?>? settings = null, string? tablePrefix = null, LoopbackConnector? connector = null,
        Action<IServiceCollection>? services = null, bool realTimeWithScheduler = false) =>
        StartAsync(now, BedRoster.RepsInMea, settings, null, null, tablePrefix, connector, services, realTimeWithScheduler);

    /// <summary>The check-in bed running the test programme (<see cref="Tests.Coaching.TestProgramme"/>), with support requests from an in-memory history the test fills.</summary>
    public static Task<BotTestBed> StartCoachingAsync(DateTimeOffset now, IDictionary<string, string?>? settings = null, bool realTimeWithScheduler = false)
    {
        var all = Merge(new Dictionary<string, string?> { ["Coaching:ProgrammeFile"] = Tests.Coaching.TestProgramme.File }, settings);
        var requests = new InMemoryRequestHistory();
        // Added, not replacing the table: coaching reads the last history registered.
        return StartAsync(now, BedRoster.RepsInMea, all, requests, null, null, null, s => s.AddSingleton<ISupportRequestHistory>(requests), realTimeWithScheduler);
    }

    /// <summary>
    /// The check-in bed on Monday of 2026-W49 with in-memory request and coaching histories in place of the features'
    /// own (DigestRealHistoryTests read the real ones).
    /// </summary>
    public static Task<BotTestBed> StartDigestsAsync(
        DateTimeOffset? now = null, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var requests = new InMemoryRequestHistory();
        var coaching = new InMemoryCoachingHistory();
        return StartAsync(now ?? MondayW49, BedRoster.RepsInMea, settings, requests, coaching, null, null, s =>
        {
            s.RemoveAll<ISupportRequestHistory>();
            s.RemoveAll<ICoachingHistory>();
            s.AddSingleton<ISupportRequestHistory>(requests);
            s.AddSingleton<ICoachingHistory>(coaching);
            services?.Invoke(s);
        }, realTimeWithScheduler: false);
    }

    /// <summary>The support-request bed: the test roster plus Karim, Sofia and Mei, on Friday 27 November 2026 at 10:00 in Paris unless told.</summary>
    public static Task<BotTestBed> StartSupportRequestsAsync(DateTimeOffset? now = null, IDictionary<string, string?>? settings = null,
        string? tablePrefix = null, LoopbackConnector? connector = null, Action<IServiceCollection>? services = null) =>
        StartAsync(now ?? FridayMorning, BedRoster.MoreLeads, settings, null, null, tablePrefix, connector, services, realTimeWithScheduler: false);

    private static async Task<BotTestBed> StartAsync(DateTimeOffset now, BedRoster roster, IDictionary<string, string?>? settings,
        InMemoryRequestHistory? requests, InMemoryCoachingHistory? coaching, string? tablePrefix, LoopbackConnector? connector,
        Action<IServiceCollection>? services, bool realTimeWithScheduler)
    {
        var clock = new FakeTimeProvider(now);
        var bot = await BotApp.StartAsync(Merge(SettingsOf(roster), settings), tablePrefix, connector: connector, services: s =>
        {
            if (!realTimeWithScheduler)
            {
                s.AddSingleton<TimeProvider>(clock);
                s.RemoveScheduler();
            }
            services?.Invoke(s);
        });
        return new BotTestBed(bot, clock, roster, requests, coaching);
    }

    private static Dictionary<string, string?> Merge(Dictionary<string, string?> all, IDictionary<string, string?>? settings)
    {
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }
        return all;
    }

    /// <summary>Another instance of the bot on the same tables, connector and roster, with a clock of its own set to the same time.</summary>
    public Task<BotTestBed> SecondInstanceAsync() =>
        StartAsync(Clock.GetUtcNow(), _roster, null, null, null, Bot.TablePrefix, Connector, null, realTimeWithScheduler: false);

    public RosterMember Member(TeamsUserAccount user) =>
        Bot.Service<Organization>().Find(user.AadObjectId, user == TestRoster.EmailOnlyRep ? TestRoster.EmailOnlyRepEmail : null)
        ?? throw new InvalidOperationException($"{user.Name} is not on the roster.");

    public void MoveTo(DateTimeOffset instant) => Clock.SetUtcNow(instant);

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

    /// <summary>Everyone of the support-request roster installs the app, so proactive cards reach them; the welcome cards are then forgotten.</summary>
    public async Task InstallEveryoneAsync()
    {
        await InstallAsync(Everyone);
        await Connector.WaitForAsync(_ => Everyone.All(u => Connector.SentTo(u.ConversationId).Count > 0));
        Connector.Activities.Clear();
    }

    /// <summary>Sends a chat message and returns the bot's reply in that conversation.</summary>
    public async Task<RecordedActivity> SayAsync(TeamsUserAccount user, string text)
    {
        var before = Connector.SentTo(user.ConversationId).Count;
        (await Bot.Http.PostAsync(TeamsActivities.Message(user, Connector.ServiceUrl, text))).EnsureSuccessStatusCode();
        await Connector.WaitForAsync(_ => Connector.SentTo(user.ConversationId).Count > before);
        return Connector.SentTo(user.ConversationId)[before];
    }

    /// <summary>Clicks an <c>Action.Execute</c> button and returns the invoke response: <c>type</c> and <c>value</c> (the new card, or a message).</summary>
    public async Task<JsonObject> InvokeAsync(TeamsUserAccount user, string verb, JsonObject data)
    {
        var response = await Bot.Http.PostAsync(TeamsActivities.CardAction(user, Connector.ServiceUrl, verb, data));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    /// <summary>Clicks an <c>Action.Execute</c> button and returns the card that replaces the clicked one.</summary>
    public async Task<JsonObject> ClickAsync(TeamsUserAccount user, string verb, JsonObject data)
    {
        var response = await InvokeAsync(user, verb, data);
        Assert.Equal("application/vnd.microsoft.card.adaptive", response["type"]?.GetValue<string>());
        return response["value"]!.AsObject();
    }

    /// <summary>What reached a user's chat (since the installs, for <see cref="InstallEveryoneAsync"/>), newest last.</summary>
    public IReadOnlyList<RecordedActivity> Received(TeamsUserAccount user) => Connector.SentTo(user.ConversationId);

    /// <summary>
    /// A string of the bot in <paramref name="language"/>, filled with <paramref name="args"/> as the bot fills it: what a
    /// test asserts through the key, so that a reworded sentence does not break the tests that are not about its wording.
    /// </summary>
    public static string Text(string language, string key, params object?[] args) =>
        args.Length == 0 ? Strings.Get(language, key) : Strings.Format(language, key, args);

    /// <summary>A counted string of the bot (<see cref="Texts.Plural"/>), as the bot writes it.</summary>
    public static string Plural(string language, string key, long count, params object?[] args) => Strings.Plural(language, key, count, args);

    public ValueTask DisposeAsync() => Bot.DisposeAsync();
}
