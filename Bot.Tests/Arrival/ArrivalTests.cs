using System.Text.Json.Nodes;
using CoachBot.Coaching;
using CoachBot.Roster;
using CoachBot.SupportRequests;
using CoachBot.Tests.Infrastructure;

namespace CoachBot.Tests.Arrival;

/// <summary>On install and re-install, each person gets one card: the welcome or "welcome back", and what waits for them.</summary>
public sealed class ArrivalTests
{
    /// <summary>Amina's click on Send the request: a valid request to Pumps & Valves.</summary>
    internal static JsonObject OpenRequestAction(string unit = "pumps") => new()
    {
        ["verb"] = SupportRequestCards.OpenVerb,
        ["data"] = new JsonObject
        {
            ["formId"] = Guid.NewGuid().ToString("N"), ["businessUnit"] = unit, ["customer"] = "OCP", ["country"] = "Morocco",
            ["need"] = "Quotation", ["description"] = "Quotation for 40 slurry pumps, phosphate plant extension.",
            ["dueDate"] = "2026-12-15", ["dealSize"] = "", ["currency"] = "EUR",
        },
    };

    private static async Task<string> OpenRequestAsync(ArrivalBot bot)
    {
        await bot.ClickAsync(TestRoster.Rep, OpenRequestAction());
        return Assert.Single(await bot.Bot.Service<SupportRequestStore>().ListAsync(CancellationToken.None)).Reference;
    }

    [Theory]
    [InlineData("en-US", "Welcome to CoachBot, Hugo Bernard", "Requests waiting on your business unit", "One thing waits for you.", "Open", "Support request {0}", "Back to what waits for you")]
    [InlineData("fr-FR", "Bienvenue dans CoachBot, Hugo Bernard", "Demandes qui attendent votre business unit", "Une chose vous attend.", "Ouvrir", "Demande d’appui {0}", "Retour à ce qui vous attend")]
    public async Task ALeadInstallingAfterARequestWasOpenedGetsItInTheWelcomeWithAButtonToItsCard(
        string locale, string welcome, string heading, string intro, string open, string requestTitle, string back)
    {
        await using var bot = await ArrivalBot.StartAsync();
        await bot.InstallAsync(TestRoster.Rep);
        var reference = await OpenRequestAsync(bot);
        var hugo = TestRoster.Lead with { Locale = locale };

        var card = await bot.InstallAsync(hugo);

        var texts = ArrivalBot.Texts(card);
        Assert.Contains(welcome, texts);
        Assert.Contains(heading, texts);
        Assert.Contains(intro, texts);
        Assert.Contains(texts, t => t.Contains(reference, StringComparison.Ordinal) && t.Contains("Pumps & Valves", StringComparison.Ordinal) && t.Contains("OCP", StringComparison.Ordinal));
        var button = Assert.Single(ArrivalBot.Buttons(card));
        Assert.Equal(open, button["title"]!.GetValue<string>());

        var opened = (await bot.ClickAsync(hugo, button))["value"]!.AsObject();
        var openedTexts = ArrivalBot.Texts(opened);
        Assert.Contains(string.Format(requestTitle, reference), openedTexts);
        var verbs = ArrivalBot.Buttons(opened).Select(b => b["verb"]!.GetValue<string>()).ToList();
        // The lead's own buttons on the request, as its card gives them to him, and the way back.
        Assert.Contains("request.acknowledge", verbs);
        Assert.Contains("request.decline", verbs);
        Assert.Contains(ArrivalBot.Buttons(opened), b => b["title"]!.GetValue<string>() == back);
    }

    [Fact]
    public async Task TheDirectorIsToldOfARequestEscalatedToHerAndOpensItWithHerButtons()
    {
        await using var bot = await ArrivalBot.StartAsync();
        await bot.InstallAsync(TestRoster.Rep);
        var reference = await OpenRequestAsync(bot);
        Assert.NotNull(await bot.Bot.Service<EscalationLadder>().EscalateToDirectorAsync(reference, CancellationToken.None));
        var claire = TestRoster.Director; // fr-FR

        var card = await bot.InstallAsync(claire);

        var texts = ArrivalBot.Texts(card);
        Assert.Contains(BotTestBed.Text("fr", "arrival_requests_escalated"), texts);
        Assert.Contains(texts, t => t.Contains(reference, StringComparison.Ordinal));
        var opened = (await bot.ClickAsync(claire, Assert.Single(ArrivalBot.Buttons(card))))["value"]!;
        var verbs = ArrivalBot.Buttons(opened).Select(b => b["verb"]!.GetValue<string>()).ToList();
        Assert.Contains("request.nudge", verbs);
        Assert.Contains("request.escalate", verbs);
    }

    [Theory]
    [InlineData("fr-FR", "Votre point hebdomadaire", "La semaine 48", "Votre exercice de coaching", "Semaine 48\u00a0: ", "2 choses vous attendent.")]
    [InlineData("en-US", "Your check-in", "Week 48", "Your coaching prompt", "Week 48: ", "2 things wait for you.")]
    public async Task ARepIsToldOfTheUnansweredCheckInAndTheCoachingPromptEachWithAButtonToItsCard(
        string locale, string checkInHeading, string checkInLine, string coachingHeading, string coachingLine, string intro)
    {
        await using var bot = await ArrivalBot.StartAsync();
        var amina = TestRoster.Rep with { Locale = locale };
        var member = bot.Bot.Service<Organization>().Find(amina.AadObjectId, null)!;
        var week = bot.Bot.Service<CoachingCalendar>().WeekOf(member, bot.Clock.GetUtcNow());
        Assert.NotEmpty(await bot.Bot.Service<CoachingService>().PrepareWeekAsync([member], week, CancellationToken.None));

        var card = await bot.InstallAsync(amina);

        var texts = ArrivalBot.Texts(card);
        Assert.Contains(intro, texts);
        Assert.Contains(checkInHeading, texts);
        Assert.Contains(texts, t => t.StartsWith(checkInLine, StringComparison.Ordinal));
        Assert.Contains(coachingHeading, texts);
        Assert.Contains(texts, t => t.StartsWith(coachingLine, StringComparison.Ordinal));
        var buttons = ArrivalBot.Buttons(card);
        Assert.Equal(["checkin", "coaching"], buttons.Select(b => b["data"]!["section"]!.GetValue<string>()));

        var checkIn = (await bot.ClickAsync(amina, buttons[0]))["value"]!;
        Assert.Contains(ArrivalBot.Buttons(checkIn), b => b["verb"]!.GetValue<string>() == "checkin.submit");
        var prompt = (await bot.ClickAsync(amina, buttons[1]))["value"]!;
        Assert.Contains(ArrivalBot.Buttons(prompt), b => b["verb"]!.GetValue<string>() == "coaching.done");
    }

    [Theory]
    [InlineData("en-GB", "Nothing waits for you right now.")]
    [InlineData("fr-FR", "Rien ne vous attend pour l’instant.")]
    public async Task WhenNothingWaitsTheCardSaysSo(string locale, string zero)
    {
        await using var bot = await ArrivalBot.StartAsync();
        var marc = TestRoster.Sponsor with { Locale = locale };

        var card = await bot.InstallAsync(marc);

        Assert.Contains(zero, ArrivalBot.Texts(card));
        Assert.Empty(ArrivalBot.Buttons(card));
    }

    [Fact]
    public async Task AReinstallIsWelcomeBackWithWhatArrivedMeanwhileNeverTheNewcomersWelcome()
    {
        await using var bot = await ArrivalBot.StartAsync();
        var hugo = TestRoster.Lead;
        await bot.InstallAsync(TestRoster.Rep);
        Assert.Contains(BotTestBed.Text("en", "welcome_title", "Hugo Bernard"), ArrivalBot.Texts(await bot.InstallAsync(hugo)));
        await bot.UninstallAsync(hugo);
        var reference = await OpenRequestAsync(bot);

        var back = ArrivalBot.Texts(await bot.InstallAsync(hugo));

        Assert.Contains(BotTestBed.Text("en", "arrival_back_title", "Hugo Bernard"), back);
        Assert.DoesNotContain(back, t => t.StartsWith("Welcome to CoachBot", StringComparison.Ordinal));
        Assert.Contains(back, t => t.Contains(reference, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ThePlaygroundPlayingSomeoneAgainLaterIsAReturnWhileTheSameInstallDeliveredTwiceGreetsOnce()
    {
        await using var bot = await ArrivalBot.StartAsync();
        var hugo = TestRoster.Lead;
        await bot.InstallAsync(hugo);
        (await bot.Bot.Http.PostAsync(TeamsActivities.InstallationAdd(hugo, bot.Connector.ServiceUrl))).EnsureSuccessStatusCode();
        Assert.Single(bot.Connector.SentTo(hugo.ConversationId));

        await bot.InstallAsync(TestRoster.Rep);
        var reference = await OpenRequestAsync(bot);
        bot.Clock.Advance(TimeSpan.FromMinutes(10));
        var back = ArrivalBot.Texts(await bot.InstallAsync(hugo));

        Assert.Contains(BotTestBed.Text("en", "arrival_back_title", "Hugo Bernard"), back);
        Assert.Contains(back, t => t.Contains(reference, StringComparison.Ordinal));
    }
}
