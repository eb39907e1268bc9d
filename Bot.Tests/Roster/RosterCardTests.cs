using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CoachBot.Roster;
using CoachBot.Tests.Infrastructure;
using CoachBot.Tests.Teams;

namespace CoachBot.Tests.Roster;

public sealed class RosterCardTests
{
    private static readonly TeamsUserAccount Claire = TestRoster.Director;
    private static readonly TeamsUserAccount Nadia = RosterTestBed.Nadia;

    // Nadia is an admin with no other role.
    private static readonly Dictionary<string, string?> WithAdmin = new()
    {
        ["Organization:Admins:0:Name"] = Nadia.Name,
        ["Organization:Admins:0:AadObjectId"] = Nadia.AadObjectId,
    };

    internal static async Task<Dictionary<string, JsonObject>> EveryCardAsync()
    {
        await using var bot = await RosterTestBed.StartAsync(Azurite.NewPrefix(), settings: WithAdmin);
        var all = new Dictionary<string, JsonObject>();
        await ActAsync(bot, Claire, "roster.remove", new JsonObject { ["memberId"] = TestRoster.EnglishRep.AadObjectId, ["version"] = "1", ["confirmed"] = "true" });
        foreach (var language in (string[])["en", "fr"])
        {
            var user = Claire with { Locale = language == "fr" ? "fr-FR" : "en-US" };
            all[$"Roster/Cards/roster.json {language}"] = await ActAsync(bot, user, "roster.show", new JsonObject { ["search"] = "" });
            all[$"Roster/Cards/roster.json {language} searched"] = await ActAsync(bot, user, "roster.show", new JsonObject { ["search"] = "zz" });
            all[$"Roster/Cards/person.json {language} blank"] = await ActAsync(bot, user, "roster.add", []);
            all[$"Roster/Cards/person.json {language} refused"] = await ActAsync(bot, user, "roster.save", new JsonObject { ["name"] = "", ["aadObjectId"] = "x", ["role"] = "rep" });
            all[$"Roster/Cards/history.json {language}"] = await ActAsync(bot, user, "roster.history", []);
            all[$"Roster/Cards/confirm.json {language}"] = await ActAsync(bot, user, "roster.remove", new JsonObject { ["memberId"] = TestRoster.Rep.AadObjectId, ["version"] = "2" });
            all[$"Roster/Cards/place.json {language} region"] = await ActAsync(bot, user, "roster.place", new JsonObject { ["kind"] = "region", ["placeId"] = "mea" });
            all[$"Roster/Cards/place.json {language} new unit refused"] = await ActAsync(bot, user, "roster.place.save",
                new JsonObject { ["kind"] = "unit", ["placeId"] = "", ["id"] = "", ["timeZone"] = "Nowhere", ["objective"] = "-1", ["currency"] = "euro" });
        }
        return all;
    }

    [Fact]
    public async Task EveryRosterCardInEveryLanguageParsesCleanly()
    {
        var results = await CardValidator.ValidateAsync(await EveryCardAsync());
        Assert.Empty(results.Where(r => r.Value.Count > 0).Select(r => $"{r.Key}: {string.Join("; ", r.Value)}"));
    }

    [Fact]
    public async Task TheDirectorSeesThePeopleByRoleAndRegionAndABusinessUnitWithNoLeadIsNamed()
    {
        var organization = new Dictionary<string, string?>(WithAdmin) { ["Organization:BusinessUnits:1:Id"] = "motors", ["Organization:BusinessUnits:1:Name"] = "Motors" };
        await using var bot = await RosterTestBed.StartAsync(Azurite.NewPrefix(), settings: organization);

        await bot.Http.PostAsync(TeamsActivities.Message(Claire, bot.Connector.ServiceUrl, "effectif"));

        var card = (await bot.Connector.WaitForAsync(a => a.ConversationId == Claire.ConversationId)).Card!;
        var texts = InstallationTests.AllTexts(card).ToList();
        Assert.Contains("Effectif", texts);
        Assert.Contains(BotTestBed.Text("fr", "roster_group_reps", "Middle East & Africa"), texts);
        Assert.Contains(BotTestBed.Text("fr", "roster_group_reps", "Asia-Pacific"), texts);
        Assert.Contains("Amina Haddad", texts);
        Assert.Contains(BotTestBed.Text("fr", "roster_group_admins"), texts);
        Assert.Contains(BotTestBed.Plural("fr", "roster_no_lead", 1, "Motors"), texts);
        Assert.Contains(BotTestBed.Text("fr", "roster_people_many", "7"), texts);
    }

    [Fact]
    public async Task SomeoneElseAskingForTheRosterIsToldWhoCan()
    {
        await using var bot = await RosterTestBed.StartAsync(Azurite.NewPrefix(), settings: WithAdmin);
        var wei = TestRoster.EnglishRep;

        await bot.Http.PostAsync(TeamsActivities.Message(wei, bot.Connector.ServiceUrl, "roster"));
        var answer = await bot.Connector.WaitForAsync(a => a.ConversationId == wei.ConversationId);
        Assert.Equal(BotTestBed.Text("en", "roster_who_can", "Claire Fontaine, Nadia Benali"), answer.Text);

        var clicked = await bot.Http.PostAsync(TeamsActivities.CardAction(wei, bot.Connector.ServiceUrl, "roster.remove", new JsonObject { ["memberId"] = TestRoster.Rep.AadObjectId }));
        Assert.Contains("Only the export sales director", (await clicked.Content.ReadFromJsonAsync<JsonObject>())!["value"]!.GetValue<string>());
        Assert.NotNull(bot.Service<Organization>().Find(TestRoster.Rep.AadObjectId, null));
    }

    [Fact]
    public async Task AnAdminWithNoOtherRoleOpensTheRosterAndGetsNoScheduledCards()
    {
        await using var bot = await RosterTestBed.StartAsync(Azurite.NewPrefix(), settings: WithAdmin);

        await bot.Http.PostAsync(TeamsActivities.Message(Nadia, bot.Connector.ServiceUrl, "roster"));

        var card = (await bot.Connector.WaitForAsync(a => a.ConversationId == Nadia.ConversationId)).Card!;
        Assert.Contains("Roster", InstallationTests.AllTexts(card));
        Assert.DoesNotContain(bot.Service<Organization>().Members, m => m.Name == Nadia.Name);
    }

    [Fact]
    public async Task AnAdminAddsARepThroughTheCardAndTheyAreRecognisedAtOnce()
    {
        await using var bot = await RosterTestBed.StartAsync(Azurite.NewPrefix(), settings: WithAdmin);
        var newcomer = new TeamsUserAccount("Omar Said", "33333333-0000-0000-0000-000000000008");

        var card = await ActAsync(bot, Nadia, "roster.save", new JsonObject
        {
            ["name"] = "Omar Said", ["email"] = "", ["aadObjectId"] = newcomer.AadObjectId, ["role"] = "rep", ["region"] = "mea", ["businessUnit"] = "", ["language"] = "fr", ["version"] = "1",
        });

        Assert.Contains(BotTestBed.Text("en", "roster_saved_added", "Omar Said"), InstallationTests.AllTexts(card));
        var omar = bot.Service<Organization>().Find(newcomer.AadObjectId, null)!;
        Assert.Equal("mea", omar.RegionId);
        Assert.Equal("fr", omar.Language);
        await bot.Http.PostAsync(TeamsActivities.Message(newcomer, bot.Connector.ServiceUrl, "help"));
        Assert.NotNull((await bot.Connector.WaitForAsync(a => a.ConversationId == newcomer.ConversationId)).Card);
    }

    [Fact]
    public async Task AWrongAnswerComesBackOnTheCardWithItsReasonTheOtherAnswersKeptAndNothingChanges()
    {
        await using var bot = await RosterTestBed.StartAsync(Azurite.NewPrefix(), settings: WithAdmin);

        var card = await ActAsync(bot, Claire with { Locale = "en-US" }, "roster.save", new JsonObject
        {
            ["name"] = "Omar Said", ["email"] = "omar.said@coachbot.example", ["aadObjectId"] = "not-a-guid", ["role"] = "lead", ["region"] = "", ["businessUnit"] = "", ["version"] = "1",
        });

        var texts = InstallationTests.AllTexts(card).ToList();
        Assert.Contains(BotTestBed.Text("en", "roster_refused"), texts);
        Assert.Contains(BotTestBed.Text("en", "roster_error_object_id"), texts);
        Assert.Contains(BotTestBed.Text("en", "roster_error_unit"), texts);
        Assert.Equal("omar.said@coachbot.example", Input(card, "email")["value"]!.GetValue<string>());
        Assert.Equal("Omar Said", Input(card, "name")["value"]!.GetValue<string>());
        Assert.Equal(1, bot.Service<Organization>().Version.Number);
    }

    [Fact]
    public async Task ARepGivenASecondRoleIsRefusedOnTheCardInTheirLanguage()
    {
        await using var bot = await RosterTestBed.StartAsync(Azurite.NewPrefix(), settings: WithAdmin);

        var card = await ActAsync(bot, Claire, "roster.save", new JsonObject
        {
            ["name"] = "Amina Haddad", ["aadObjectId"] = TestRoster.Rep.AadObjectId, ["role"] = "lead", ["businessUnit"] = "pumps", ["version"] = "1",
        });

        Assert.Contains("Amina Haddad a déjà un autre rôle\u00a0; un commercial n’en a pas d’autre (hormis administrateur).", InstallationTests.AllTexts(card));
        Assert.Equal([Role.Rep], bot.Service<Organization>().Find(TestRoster.Rep.AadObjectId, null)!.Roles);
    }

    [Fact]
    public async Task ARepMovedToAnotherRegionKeepsTheirIdAndSoTheirHistory()
    {
        await using var bot = await RosterTestBed.StartAsync(Azurite.NewPrefix(), settings: WithAdmin);
        var before = bot.Service<Organization>().Find(TestRoster.Rep.AadObjectId, null)!;

        await ActAsync(bot, Claire, "roster.save", new JsonObject
        {
            ["memberId"] = before.Id, ["editedRole"] = "rep", ["editedPlace"] = "mea",
            ["name"] = "Amina Haddad", ["aadObjectId"] = TestRoster.Rep.AadObjectId, ["role"] = "rep", ["region"] = "apac", ["language"] = "", ["version"] = "1",
        });

        var after = bot.Service<Organization>().Find(TestRoster.Rep.AadObjectId, null)!;
        Assert.Equal("apac", after.RegionId);
        Assert.Equal(before.Id, after.Id);
    }

    [Fact]
    public async Task OfTwoAdminsChangingTheRosterAtOnceOneWinsAndTheOtherSeesTheCurrentRosterAndWhoChangedIt()
    {
        var prefix = Azurite.NewPrefix();
        await using var first = await RosterTestBed.StartAsync(prefix, settings: WithAdmin);
        await using var second = await RosterTestBed.StartAsync(prefix, settings: WithAdmin);

        // Both hold version 1; Claire removes Wei through one instance, Nadia then saves a change through the other.
        await ActAsync(first, Claire with { Locale = "en-US" }, "roster.remove", new JsonObject { ["memberId"] = TestRoster.EnglishRep.AadObjectId, ["version"] = "1", ["confirmed"] = "true" });
        var card = await ActAsync(second, Nadia, "roster.save", new JsonObject
        {
            ["name"] = "Omar Said", ["aadObjectId"] = "33333333-0000-0000-0000-000000000008", ["role"] = "rep", ["region"] = "mea", ["version"] = "1",
        });

        var texts = InstallationTests.AllTexts(card).ToList();
        Assert.Contains(texts, t => t.StartsWith("Claire Fontaine changed the roster on ", StringComparison.Ordinal) && t.EndsWith("Nothing of yours was saved.", StringComparison.Ordinal));
        Assert.DoesNotContain("Wei Lin", texts);
        Assert.Null(second.Service<Organization>().Find("33333333-0000-0000-0000-000000000008", null));
        Assert.Equal(2, second.Service<Organization>().Version.Number);
    }

    [Fact]
    public async Task ARemovedPersonGetsTheStrangersAnswerAndTheHistorySaysWhoChangedWhat()
    {
        await using var bot = await RosterTestBed.StartAsync(Azurite.NewPrefix(), settings: WithAdmin);
        var wei = TestRoster.EnglishRep;
        await bot.Http.PostAsync(TeamsActivities.Message(wei, bot.Connector.ServiceUrl, "help"));
        Assert.NotNull((await bot.Connector.WaitForAsync(a => a.ConversationId == wei.ConversationId)).Card);

        // One click on Remove asks, and removes nobody; the confirmation's button removes.
        var asked = await ActAsync(bot, Claire with { Locale = "en-US" }, "roster.remove", new JsonObject { ["memberId"] = wei.AadObjectId, ["version"] = "1" });
        Assert.Contains(BotTestBed.Text("en", "roster_remove_title", "Wei Lin"), InstallationTests.AllTexts(asked));
        Assert.Equal("true", asked["actions"]![0]!["data"]!["confirmed"]!.GetValue<string>());
        Assert.NotNull(bot.Service<Organization>().Find(wei.AadObjectId, null));
        var card = await ActAsync(bot, Claire with { Locale = "en-US" }, "roster.remove", asked["actions"]![0]!["data"]!.DeepClone().AsObject());
        Assert.Contains(BotTestBed.Text("en", "roster_saved_removed", "Wei Lin"), InstallationTests.AllTexts(card));

        bot.Connector.Activities.Clear();
        await bot.Http.PostAsync(TeamsActivities.Message(wei, bot.Connector.ServiceUrl, "checkin"));
        Assert.Contains("could not find you on its roster", (await bot.Connector.WaitForAsync(a => a.ConversationId == wei.ConversationId)).Text);
        Assert.Equal("Wei Lin", bot.Service<Organization>().FindFormer(wei.AadObjectId!)?.Name);

        await bot.Http.PostAsync(TeamsActivities.Message(Claire with { Locale = "en-US" }, bot.Connector.ServiceUrl, "roster history"));
        var history = InstallationTests.AllTexts((await bot.Connector.WaitForAsync(a => a.ConversationId == Claire.ConversationId && a.Card is not null)).Card!).ToList();
        // In the director's zone (Paris), named; a removal says so in words.
        Assert.Contains(history, t => t.StartsWith("Version 2 · Claire Fontaine · ", StringComparison.Ordinal) && t.EndsWith("(Paris time)", StringComparison.Ordinal));
        Assert.Contains($"Removed: Wei Lin: rep apac · {wei.AadObjectId}", history);
    }

    [Fact]
    public async Task SomeoneReAddedWithTheSameObjectIdIsNoLongerAFormerMember()
    {
        await using var bot = await RosterTestBed.StartAsync(Azurite.NewPrefix(), settings: WithAdmin);
        var wei = TestRoster.EnglishRep;
        await ActAsync(bot, Claire, "roster.remove", new JsonObject { ["memberId"] = wei.AadObjectId, ["version"] = "1", ["confirmed"] = "true" });

        await ActAsync(bot, Claire, "roster.save", new JsonObject { ["name"] = wei.Name, ["aadObjectId"] = wei.AadObjectId, ["role"] = "rep", ["region"] = "apac", ["version"] = "2" });

        Assert.Equal(wei.AadObjectId, bot.Service<Organization>().Find(wei.AadObjectId, null)!.Id);
        Assert.Null(bot.Service<Organization>().FindFormer(wei.AadObjectId!));
    }

    private static JsonObject Input(JsonObject card, string id) =>
        card["body"]!.AsArray().OfType<JsonObject>().Single(e => (string?)e["id"] == id);

    internal static async Task<JsonObject> ActAsync(BotApp bot, TeamsUserAccount user, string verb, JsonObject data)
    {
        var response = await bot.Http.PostAsync(TeamsActivities.CardAction(user, bot.Connector.ServiceUrl, verb, data));
        response.EnsureSuccessStatusCode();
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("application/vnd.microsoft.card.adaptive", body["type"]?.GetValue<string>());
        return body["value"]!.AsObject();
    }
}

public sealed class RosterPlaceCardTests
{
    private static readonly TeamsUserAccount Claire = TestRoster.Director with { Locale = "en-US" };

    [Fact]
    public async Task ARegionsTimeZoneAndHolidaysAreChangedOnTheCardAndABadTimeZoneIsRefusedThereWithTheOtherAnswersKept()
    {
        await using var bot = await RosterTestBed.StartAsync(Azurite.NewPrefix());

        var refused = await RosterCardTests.ActAsync(bot, Claire, "roster.place.save", new JsonObject
        {
            ["kind"] = "region", ["placeId"] = "mea", ["name"] = "MEA", ["timeZone"] = "Mars/Olympus", ["holidays"] = "2026-12-25, 2027-13-01", ["version"] = "1",
        });
        var texts = InstallationTests.AllTexts(refused).ToList();
        Assert.Contains(BotTestBed.Text("en", "roster_error_time_zone", "Mars/Olympus"), texts);
        Assert.Contains(BotTestBed.Text("en", "roster_error_holidays", "2027-13-01"), texts);
        Assert.Equal("Africa/Casablanca", bot.Service<Organization>().Regions["mea"].TimeZone);

        var saved = await RosterCardTests.ActAsync(bot, Claire, "roster.place.save", new JsonObject
        {
            ["kind"] = "region", ["placeId"] = "mea", ["name"] = "MEA", ["timeZone"] = "Africa/Cairo", ["holidays"] = "2026-12-25, 2027-01-01", ["version"] = "1",
        });
        Assert.Contains(BotTestBed.Text("en", "roster_saved_place", "MEA"), InstallationTests.AllTexts(saved));
        var mea = bot.Service<Organization>().Regions["mea"];
        Assert.Equal(("Africa/Cairo", "MEA"), (mea.TimeZone, mea.Name));
        Assert.Equal([new DateOnly(2026, 12, 25), new DateOnly(2027, 1, 1)], mea.Holidays);
        Assert.Equal(TestRoster.Sponsor.Name, mea.Sponsor?.Name);
    }

    [Fact]
    public async Task ANewBusinessUnitIsAddedWithItsObjectiveAndIsNamedAsHavingNoLead()
    {
        await using var bot = await RosterTestBed.StartAsync(Azurite.NewPrefix());

        var card = await RosterCardTests.ActAsync(bot, Claire, "roster.place.save", new JsonObject
        {
            ["kind"] = "unit", ["placeId"] = "", ["id"] = "motors", ["name"] = "Motors", ["timeZone"] = "", ["objective"] = "3500000", ["currency"] = "usd", ["version"] = "1",
        });

        Assert.Contains(BotTestBed.Plural("en", "roster_no_lead", 1, "Motors"), InstallationTests.AllTexts(card));
        var motors = bot.Service<Organization>().BusinessUnits["motors"];
        Assert.Equal((3_500_000m, "USD", (string?)null), (motors.InternationalObjective, motors.ObjectiveCurrency, motors.TimeZone));
    }
}

public sealed class RosterReturnerIdTests
{
    private static readonly TeamsUserAccount Claire = TestRoster.Director with { Locale = "en-US" };

    [Fact]
    public async Task SomeoneListedByObjectIdReAddedWithAnEmailTooKeepsTheIdTheirHistoryIsUnderOnEveryInstanceAndAfterLaterChanges()
    {
        var prefix = Azurite.NewPrefix();
        await using var first = await RosterTestBed.StartAsync(prefix);
        await using var second = await RosterTestBed.StartAsync(prefix);
        var wei = TestRoster.EnglishRep;
        await RosterCardTests.ActAsync(first, Claire, "roster.remove", new JsonObject { ["memberId"] = wei.AadObjectId, ["version"] = "1", ["confirmed"] = "true" });

        // Back with an e-mail as well: by default the e-mail would be his id, and his history (under his object id) lost.
        await RosterCardTests.ActAsync(first, Claire, "roster.save", new JsonObject
        {
            ["name"] = wei.Name, ["email"] = "wei.lin@example.com", ["aadObjectId"] = wei.AadObjectId, ["role"] = "rep", ["region"] = "apac", ["version"] = "2",
        });
        await RosterCardTests.ActAsync(first, Claire, "roster.save", new JsonObject
        {
            ["name"] = "Omar Said", ["aadObjectId"] = "33333333-0000-0000-0000-000000000008", ["role"] = "rep", ["region"] = "mea", ["version"] = "3",
        });

        await RosterTestBed.EventuallyAsync(() => second.Service<Organization>().Version.Number == 4);
        foreach (var bot in new[] { first, second })
        {
            var organization = bot.Service<Organization>();
            Assert.Equal(wei.AadObjectId, organization.Find(wei.AadObjectId, null)!.Id);
            Assert.Equal("wei.lin@example.com", organization.FindById(wei.AadObjectId!)!.Email);
            Assert.Null(organization.FindFormer(wei.AadObjectId!));
        }
        await using var restarted = await RosterTestBed.StartAsync(prefix);
        Assert.Equal(wei.AadObjectId, restarted.Service<Organization>().Find(wei.AadObjectId, null)!.Id);
    }
}
