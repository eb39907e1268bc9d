using System.Text.Json.Nodes;
using CoachBot.Calendar;
using CoachBot.CheckIns;
using CoachBot.Coaching;
using CoachBot.Roster;
using CoachBot.SupportRequests;
using CoachBot.Teams.Delivery;
using CoachBot.Tests.CheckIns;
using CoachBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CoachBot.Tests.Coaching;

/// <summary>
/// The check-in test bed (real service, Azurite, loopback connector, fake clock, the test roster plus Nadia and Omar in
/// "mea") running the test programme (<see cref="TestProgramme"/>), with support requests from an in-memory history
/// the test fills. Check-ins are stored in the real check-in table.
/// </summary>
internal sealed class CoachingTestBed : IAsyncDisposable
{
    /// <summary>Tuesday of 2026-W49, 09:30 in Casablanca (UTC+1): when that week's prompts go out in "mea".</summary>
    public static readonly DateTimeOffset TuesdayW49 = new(2026, 12, 1, 9, 30, 0, TimeSpan.FromHours(1));

    public const string Casablanca = "Africa/Casablanca";
    public const string Paris = "Europe/Paris";

    private CoachingTestBed(CheckInTestBed bed, InMemoryRequests requests)
    {
        CheckIns = bed;
        Requests = requests;
    }

    public CheckInTestBed CheckIns { get; }
    public BotApp Bot => CheckIns.Bot;
    public LoopbackConnector Connector => CheckIns.Connector;
    public InMemoryRequests Requests { get; }
    public CoachingCampaigns Campaigns => Bot.Service<CoachingCampaigns>();
    public CoachingStore Store => Bot.Service<CoachingStore>();

    public static async Task<CoachingTestBed> StartAsync(DateTimeOffset now, IDictionary<string, string?>? settings = null, bool realTimeWithScheduler = false)
    {
        var all = new Dictionary<string, string?> { ["Coaching:ProgrammeFile"] = TestProgramme.File };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }
        var requests = new InMemoryRequests();
        var bed = await CheckInTestBed.StartAsync(now, all, services: s => s.AddSingleton<ISupportRequestHistory>(requests), realTimeWithScheduler: realTimeWithScheduler);
        return new CoachingTestBed(bed, requests);
    }

    public RosterMember Member(TeamsUserAccount user) => CheckIns.Member(user);

    public Task InstallAsync(params TeamsUserAccount[] users) => CheckIns.InstallAsync(users);

    public void MoveTo(DateTimeOffset instant) => CheckIns.Clock.SetUtcNow(instant);

    /// <summary>Stores a rep's check-in for <paramref name="week"/> in the real check-in table (5 working days).</summary>
    public async Task CheckInAsync(TeamsUserAccount rep, IsoWeek week, int fieldDays, int plannedVisits = 4)
    {
        var answer = new CheckInAnswer(fieldDays + 1, fieldDays, plannedVisits, "", "", "", 3, false);
        var stored = await Bot.Service<CheckInStore>().TryAddAsync(Member(rep).Id, new WeeklyCheckIn(week, answer, 5, week.Monday.ToDateTime(TimeOnly.MinValue), 1), CancellationToken.None);
        Assert.True(stored);
    }

    /// <summary>An answered prompt of long ago, so the person is past their first four weeks in the programme.</summary>
    public async Task StartedLongAgoAsync(TeamsUserAccount user, string promptId)
    {
        var member = Member(user);
        var prompt = Bot.Service<CoachingProgramme>().Find(promptId)!;
        var week = new IsoWeek(2026, 20);
        var at = new DateTimeOffset(week.Monday.ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero);
        Assert.True(await Store.TryAddAsync(new CoachingRecord(member.Id, week, CoachingCalendar.TrackOf(member), prompt.Id, prompt.Theme, "behavioural",
            new SelectionReason(SelectionReason.Programme), at, CoachingOutcome.Done, at), CancellationToken.None));
    }

    public Task<IReadOnlyList<CampaignResult>> SendWeekAsync(string zone = Casablanca) => Campaigns.SendWeekAsync(zone, CancellationToken.None);

    /// <summary>The prompt cards sent to the user, oldest first.</summary>
    public List<RecordedActivity> PromptCards(TeamsUserAccount user) =>
        Connector.SentTo(user.ConversationId).Where(a => CardText.Input(a.Card, CoachingService.Reflection) is not null).ToList();

    public JsonObject LastPromptCard(TeamsUserAccount user) => Assert.IsType<JsonObject>(PromptCards(user).Last().Card);

    /// <summary>The prompt id the card's buttons carry.</summary>
    public static string PromptIdOf(JsonObject card) => card["actions"]![0]!["data"]!["prompt"]!.GetValue<string>();

    public static string WeekOf(JsonObject card) => card["actions"]![0]!["data"]!["week"]!.GetValue<string>();

    /// <summary>Clicks one of the card's buttons with these inputs, as Teams sends them, and returns the card that replaces it.</summary>
    public async Task<JsonObject> AnswerAsync(TeamsUserAccount user, JsonObject card, string verb, JsonObject? inputs = null)
    {
        var data = (JsonObject)(inputs?.DeepClone() ?? new JsonObject());
        data["week"] = WeekOf(card);
        data["prompt"] = PromptIdOf(card);
        return await ClickAsync(user, verb, data);
    }

    public async Task<JsonObject> ClickAsync(TeamsUserAccount user, string verb, JsonObject data)
    {
        var response = await CheckIns.ClickAsync(user, verb, data);
        Assert.Equal("application/vnd.microsoft.card.adaptive", response["type"]?.GetValue<string>());
        return response["value"]!.AsObject();
    }

    public async Task<CoachingRecord> RecordAsync(TeamsUserAccount user, IsoWeek week) =>
        (await Store.GetAsync(Member(user).Id, week, CancellationToken.None))!.Record;

    public ValueTask DisposeAsync() => CheckIns.DisposeAsync();
}

/// <summary>Support requests the test sets, standing in for the support request feature's history (a seam we own).</summary>
internal sealed class InMemoryRequests : ISupportRequestHistory
{
    public List<SupportRequestSnapshot> All { get; } = [];

    public void Declined(RosterMember rep, string businessUnitId, DateTimeOffset at) => All.Add(new SupportRequestSnapshot(
        $"REQ-{All.Count + 1:D4}", rep.Id, rep.RegionId ?? "",
        new RequestAnswer(businessUnitId, "OCP", "Morocco", NeedKind.Quotation, "Quotation for 12 pumps", DateOnly.FromDateTime(at.UtcDateTime.AddDays(30)), null, null),
        RequestState.Declined, EscalationLevel.None, at.AddDays(-2), null, null, at,
        ObjectionCategory.DomesticPriority, null, null,
        [
            new RequestTransition(at.AddDays(-2), rep.Id, RequestAction.Opened, RequestState.Open, RequestState.Open, null),
            new RequestTransition(at, null, RequestAction.Declined, RequestState.Open, RequestState.Declined, "Domestic orders first"),
        ]));

    public Task<IReadOnlyList<SupportRequestSnapshot>> ListAllAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<SupportRequestSnapshot>>(All.ToList());
}
