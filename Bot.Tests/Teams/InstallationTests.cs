using System.Net;
using System.Text.Json.Nodes;
using CoachBot.Teams;
using CoachBot.Tests.Infrastructure;

namespace CoachBot.Tests.Teams;

public sealed class InstallationTests
{
    public static TheoryData<string, string, string> Roles => new()
    {
        // who, the role line we expect, a line of what that role gets today (the check-in for reps, support requests for the others)
        { nameof(TestRoster.Rep), "Commercial(e) export, région Middle East & Africa", "visites clients" },
        { nameof(TestRoster.EnglishRep), "Export sales rep, region Asia-Pacific", "customer visits" },
        { nameof(TestRoster.Lead), "Business unit lead, Pumps & Valves", "Support requests from the export reps" },
        { nameof(TestRoster.Director), "Direction commerciale export", "Les demandes qu’une BU laisse sans réponse" },
        { nameof(TestRoster.Sponsor), "Executive sponsor, region Middle East & Africa", "Support requests the export sales director takes up to you" },
    };

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task InstallStoresTheReferenceAndSendsTheRolesWelcomeCardInTheUsersLanguage(string who, string roleLine, string duty)
    {
        var user = User(who);
        await using var bot = await BotApp.StartAsync();

        var response = await bot.Http.PostAsync(TeamsActivities.InstallationAdd(user, bot.Connector.ServiceUrl));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var welcome = await bot.Connector.WaitForAsync(a => a.ConversationId == user.ConversationId);
        var card = Assert.IsType<JsonObject>(welcome.Card);
        var texts = AllTexts(card);
        Assert.Contains(texts, t => t.Contains(user.Name));
        Assert.Contains(roleLine, texts);
        Assert.Contains(texts, t => t.Contains(duty));

        var stored = await bot.Service<ConversationReferenceStore>().GetAsync(user.AadObjectId!, CancellationToken.None);
        Assert.NotNull(stored);
        Assert.True(stored.Active);
        Assert.Equal(user.ConversationId, stored.Reference.Conversation.Id);
        Assert.Equal(bot.Connector.ServiceUrl.ToString(), stored.Reference.ServiceUrl);
    }

    [Fact]
    public async Task TheWelcomeCardPromisesOnlyWhatRunsToday()
    {
        await using var bot = await BotApp.StartAsync();

        await bot.Http.PostAsync(TeamsActivities.InstallationAdd(TestRoster.EnglishRep, bot.Connector.ServiceUrl));

        var texts = AllTexts((await bot.Connector.WaitForAsync(a => a.ConversationId == TestRoster.EnglishRep.ConversationId)).Card!);
        Assert.Contains(texts, t => t.Contains("coaching prompt", StringComparison.OrdinalIgnoreCase)); // "my programme" runs
        Assert.Contains(texts, t => t.Contains("Ask a business unit for support", StringComparison.Ordinal));
    }

    [Fact]
    public async Task LeadsTheDirectorAndSponsorsAreToldOfTheirOwnCoachingPrompt()
    {
        await using var bot = await BotApp.StartAsync();
        var expected = new[]
        {
            (User: TestRoster.Lead with { Locale = "en-US" }, Line: "what export work can bring your unit"),
            (User: TestRoster.Director with { Locale = "en-US" }, Line: "steering the team rather than running its deals"),
            (User: TestRoster.Sponsor with { Locale = "en-US" }, Line: "acting for your region"),
        };

        foreach (var (user, line) in expected)
        {
            await bot.Http.PostAsync(TeamsActivities.InstallationAdd(user, bot.Connector.ServiceUrl));
            var texts = AllTexts((await bot.Connector.WaitForAsync(a => a.ConversationId == user.ConversationId)).Card!);
            Assert.Contains(texts, t => t.Contains(line, StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("en-GB", "Executive sponsor, regions Middle East & Africa, Asia-Pacific")]
    [InlineData("fr-FR", "Sponsor Comex, régions Middle East & Africa, Asia-Pacific")]
    public async Task ASponsorOfTwoRegionsIsNamedForBoth(string locale, string roleLine)
    {
        var sponsor = TestRoster.Sponsor with { Locale = locale };
        await using var bot = await BotApp.StartAsync(new Dictionary<string, string?>
        {
            ["Organization:Regions:1:Sponsor:Name"] = sponsor.Name,
            ["Organization:Regions:1:Sponsor:AadObjectId"] = sponsor.AadObjectId,
        });

        await bot.Http.PostAsync(TeamsActivities.InstallationAdd(sponsor, bot.Connector.ServiceUrl));

        var texts = AllTexts((await bot.Connector.WaitForAsync(a => a.ConversationId == sponsor.ConversationId)).Card!);
        Assert.Contains(roleLine, texts);
    }

    [Fact]
    public async Task AnInstallEventDeliveredTwiceWelcomesOnce()
    {
        var user = TestRoster.Rep;
        await using var bot = await BotApp.StartAsync();

        await bot.Http.PostAsync(TeamsActivities.InstallationAdd(user, bot.Connector.ServiceUrl));
        await bot.Http.PostAsync(TeamsActivities.BotAdded(user, bot.Connector.ServiceUrl));
        await bot.Http.PostAsync(TeamsActivities.InstallationAdd(user, bot.Connector.ServiceUrl));

        Assert.Single(bot.Connector.SentTo(user.ConversationId));
    }

    [Fact]
    public async Task UninstallMarksTheReferenceInactiveAndAReinstallWelcomesAgain()
    {
        var user = TestRoster.Lead;
        await using var bot = await BotApp.StartAsync();
        var store = bot.Service<ConversationReferenceStore>();
        await bot.Http.PostAsync(TeamsActivities.InstallationAdd(user, bot.Connector.ServiceUrl));

        var response = await bot.Http.PostAsync(TeamsActivities.InstallationRemove(user, bot.Connector.ServiceUrl));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stored = await store.GetAsync(user.AadObjectId!, CancellationToken.None);
        Assert.NotNull(stored);
        Assert.False(stored.Active);
        Assert.Equal("uninstalled", stored.InactiveReason);
        await foreach (var active in store.ListActiveAsync(CancellationToken.None))
        {
            Assert.NotEqual(user.AadObjectId, active.AadObjectId);
        }

        await bot.Http.PostAsync(TeamsActivities.InstallationAdd(user, bot.Connector.ServiceUrl));
        Assert.Equal(2, bot.Connector.SentTo(user.ConversationId).Count(a => a.Card is not null));
        Assert.True((await store.GetAsync(user.AadObjectId!, CancellationToken.None))!.Active);
    }

    [Fact]
    public async Task ConversationReferencesSurviveARestartOfTheBot()
    {
        var user = TestRoster.EnglishRep;
        var prefix = Azurite.NewPrefix();
        await using var connector = await LoopbackConnector.StartAsync();
        await using (var first = await BotApp.StartAsync(tablePrefix: prefix, connector: connector))
        {
            await first.Http.PostAsync(TeamsActivities.InstallationAdd(user, connector.ServiceUrl));
        }

        await using var second = await BotApp.StartAsync(tablePrefix: prefix, connector: connector);
        var stored = await second.Service<ConversationReferenceStore>().GetAsync(user.AadObjectId!, CancellationToken.None);

        Assert.NotNull(stored);
        Assert.Equal(user.ConversationId, stored.Reference.Conversation.Id);
        // The stored reference is good enough to reach the user proactively.
        var adapter = second.Service<CoachBotAdapter>();
        await adapter.ContinueConversationAsync("", stored.Reference, (turn, ct) => turn.SendActivityAsync("proactive hello", cancellationToken: ct), CancellationToken.None);
        await connector.WaitForAsync(a => a.ConversationId == user.ConversationId && a.Text == "proactive hello");
    }

    [Fact]
    public async Task EveryMessageRefreshesTheStoredReference()
    {
        var user = TestRoster.Rep;
        await using var bot = await BotApp.StartAsync();
        await bot.Http.PostAsync(TeamsActivities.InstallationAdd(user, bot.Connector.ServiceUrl));
        await using var movedConnector = await LoopbackConnector.StartAsync();

        await bot.Http.PostAsync(TeamsActivities.Message(user, movedConnector.ServiceUrl, "help"));

        var stored = await bot.Service<ConversationReferenceStore>().GetAsync(user.AadObjectId!, CancellationToken.None);
        Assert.Equal(movedConnector.ServiceUrl.ToString(), stored!.Reference.ServiceUrl);
    }

    internal static TeamsUserAccount User(string who) =>
        (TeamsUserAccount)typeof(TestRoster).GetField(who)!.GetValue(null)!;

    internal static List<string> AllTexts(JsonNode node) => node switch
    {
        JsonObject obj => obj.SelectMany(p => p.Key is "text" or "title" or "value" && p.Value is JsonValue v && v.TryGetValue<string>(out var s)
            ? [s]
            : p.Value is null ? [] : AllTexts(p.Value)).ToList(),
        JsonArray array => array.Where(n => n is not null).SelectMany(n => AllTexts(n!)).ToList(),
        _ => [],
    };
}
