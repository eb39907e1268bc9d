using CoachBot.Calendar;
using System.Text.Json.Nodes;
using CoachBot.CheckIns;
using CoachBot.Coaching;
using CoachBot.SupportRequests;
using CoachBot.Teams.Delivery;

namespace CoachBot.Tests.Infrastructure;

/// <summary>What people do in each feature, and what the tests store directly in the features' tables.</summary>
internal sealed partial class BotTestBed
{
    // Check-ins

    /// <summary>Check-in inputs as Teams sends them: strings.</summary>
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

    /// <summary>Submits the check-in card for <paramref name="week"/> with these inputs and returns the card that replaces it.</summary>
    public Task<JsonObject> SubmitAsync(TeamsUserAccount user, string week, JsonObject inputs)
    {
        var data = (JsonObject)inputs.DeepClone();
        data["week"] = week;
        return ClickAsync(user, CheckInCards.SubmitVerb, data);
    }

    /// <summary>Stores a rep's answer for a week in the real table, submitted on the Monday at 16:00.</summary>
    public Task StoreAsync(TeamsUserAccount rep, IsoWeek week, int fieldDays, int workingDays = 5, int visits = 4, string customers = "OCP (Maroc)") =>
        AddCheckInAsync(rep, new WeeklyCheckIn(week, new CheckInAnswer(visits, fieldDays, 3, customers, "", "", 4, false), workingDays, week.Monday.ToDateTime(new TimeOnly(16, 0)), 1));

    /// <summary>Stores a rep's check-in for <paramref name="week"/> in the real table (5 working days), submitted on the Monday at midnight.</summary>
    public Task CheckInAsync(TeamsUserAccount rep, IsoWeek week, int fieldDays, int plannedVisits = 4) =>
        AddCheckInAsync(rep, new WeeklyCheckIn(week, new CheckInAnswer(fieldDays + 1, fieldDays, plannedVisits, "", "", "", 3, false), 5, week.Monday.ToDateTime(TimeOnly.MinValue), 1));

    private async Task AddCheckInAsync(TeamsUserAccount rep, WeeklyCheckIn checkIn) =>
        Assert.True(await CheckInStore.TryAddAsync(Member(rep).Id, checkIn, CancellationToken.None));

    // Coaching

    /// <summary>An answered prompt of long ago, so the person is past their first four weeks in the programme.</summary>
    public async Task StartedLongAgoAsync(TeamsUserAccount user, string promptId)
    {
        var member = Member(user);
        var prompt = Bot.Service<CoachingProgramme>().Find(promptId)!;
        var week = new IsoWeek(2026, 20);
        var at = new DateTimeOffset(week.Monday.ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero);
        Assert.True(await CoachingStore.TryAddAsync(new CoachingRecord(member.Id, week, CoachingCalendar.TrackOf(member), prompt.Id, prompt.Theme, "behavioural",
            new SelectionReason(SelectionReason.Programme), at, CoachingOutcome.Done, at), CancellationToken.None));
    }

    public Task<IReadOnlyList<CampaignResult>> SendWeekAsync(string zone = Casablanca) => CoachingCampaigns.SendWeekAsync(zone, CancellationToken.None);

    /// <summary>The prompt cards sent to the user, oldest first.</summary>
    public List<RecordedActivity> PromptCards(TeamsUserAccount user) =>
        Connector.SentTo(user.ConversationId).Where(a => CardText.Input(a.Card, CoachingService.Reflection) is not null).ToList();

    public JsonObject LastPromptCard(TeamsUserAccount user) => Assert.IsType<JsonObject>(PromptCards(user).Last().Card);

    /// <summary>The prompt id the card's buttons carry.</summary>
    public static string PromptIdOf(JsonObject card) => card["actions"]![0]!["data"]!["prompt"]!.GetValue<string>();

    public static string WeekOf(JsonObject card) => card["actions"]![0]!["data"]!["week"]!.GetValue<string>();

    /// <summary>Clicks one of the prompt card's buttons with these inputs, as Teams sends them, and returns the card that replaces it.</summary>
    public Task<JsonObject> AnswerAsync(TeamsUserAccount user, JsonObject card, string verb, JsonObject? inputs = null)
    {
        var data = (JsonObject)(inputs?.DeepClone() ?? new JsonObject());
        data["week"] = WeekOf(card);
        data["prompt"] = PromptIdOf(card);
        return ClickAsync(user, verb, data);
    }

    public async Task<CoachingRecord> RecordAsync(TeamsUserAccount user, IsoWeek week) =>
        (await CoachingStore.GetAsync(Member(user).Id, week, CancellationToken.None))!.Record;

    // Support requests

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

    /// <summary>Amina (or <paramref name="rep"/>) opens a valid request to "pumps" and returns its reference.</summary>
    public async Task<string> OpenAsync(TeamsUserAccount? rep = null, JsonObject? inputs = null)
    {
        var before = (await SupportRequestStore.ListAsync(CancellationToken.None)).Select(r => r.Reference).ToHashSet();
        var card = await SubmitFormAsync(rep ?? Amina, inputs ?? Form());
        var created = (await SupportRequestStore.ListAsync(CancellationToken.None)).Single(r => !before.Contains(r.Reference));
        Assert.Contains(created.Reference, CardText.Joined(card));
        return created.Reference;
    }

    public async Task<SupportRequest> GetAsync(string reference) =>
        (await SupportRequestStore.GetAsync(reference, CancellationToken.None))?.Request ?? throw new InvalidOperationException($"No request {reference}.");

    /// <summary>The cards newly posted to a user (not updates) that name <paramref name="reference"/>.</summary>
    public List<JsonObject> CardsAbout(TeamsUserAccount user, string reference) =>
        Received(user).Where(a => a.Method == "POST" && a.Card is { } c && CardText.Joined(c).Contains(reference)).Select(a => a.Card!).ToList();
}
