using System.Text.Json.Nodes;
using CoachBot.Digests;
using CoachBot.Localization;
using CoachBot.Tests.Coaching;
using CoachBot.Tests.Digests;
using CoachBot.Tests.Infrastructure;
using CoachBot.Tests.SupportRequests;
using CoachBot.Teams;

namespace CoachBot.Tests.Teams;

/// <summary>
/// Proactive cards follow the rule every reply follows: the person's explicit choice, else the Teams locale last seen
/// from them (kept with their conversation reference), else the roster's language, else the default. Youssef's roster
/// says <c>fr</c> and his Teams <c>en-US</c>; Lina's roster says <c>en</c> and her Teams <c>fr-FR</c>.
/// </summary>
public sealed class ProactiveLanguageTests
{
    private static readonly TeamsUserAccount Youssef = new("Youssef Benali", "11111111-0000-0000-0000-000000000021", "en-US");
    private static readonly TeamsUserAccount Lina = new("Lina Haddad", "11111111-0000-0000-0000-000000000022", "fr-FR");

    private static Dictionary<string, string?> TwoReps() => new()
    {
        ["Organization:Reps:5:Name"] = Youssef.Name,
        ["Organization:Reps:5:AadObjectId"] = Youssef.AadObjectId,
        ["Organization:Reps:5:Region"] = "mea",
        ["Organization:Reps:5:Language"] = "fr",
        ["Organization:Reps:6:Name"] = Lina.Name,
        ["Organization:Reps:6:AadObjectId"] = Lina.AadObjectId,
        ["Organization:Reps:6:Region"] = "mea",
        ["Organization:Reps:6:Language"] = "en",
    };

    /// <summary>The fixed start of a string (before its first placeholder), in a language: what tells a card's language apart.</summary>
    private static string Start(string language, string key)
    {
        var text = new Texts().Get(language, key);
        var cut = text.IndexOf('{', StringComparison.Ordinal);
        return cut > 0 ? text[..cut] : text;
    }

    private static void AssertIn(string language, string key, JsonNode? card)
    {
        var other = language == "en" ? "fr" : "en";
        Assert.Contains(Start(language, key), CardText.Joined(card));
        Assert.DoesNotContain(Start(other, key), CardText.Joined(card));
    }

    [Fact]
    public async Task TheScheduledCheckInIsInTheLanguageOfTheirTeamsNotTheRosters()
    {
        await using var bed = await BotTestBed.StartAsync(BotTestBed.FridayW48, TwoReps());
        await bed.InstallAsync(Youssef, Lina);

        await bed.CheckInCampaigns.SendCheckInAsync("mea", CancellationToken.None);

        AssertIn("en", "checkin_title", bed.Connector.SentTo(Youssef.ConversationId).Last().Card);
        AssertIn("fr", "checkin_title", bed.Connector.SentTo(Lina.ConversationId).Last().Card);
    }

    [Fact]
    public async Task TheirOwnChoiceStillWinsOverTheTeamsLocaleForAScheduledCard()
    {
        await using var bed = await BotTestBed.StartAsync(BotTestBed.FridayW48, TwoReps());
        await bed.InstallAsync(Youssef, Lina);
        await bed.SayAsync(Youssef, "langue fr");
        await bed.SayAsync(Lina, "language en");

        await bed.CheckInCampaigns.SendCheckInAsync("mea", CancellationToken.None);

        AssertIn("fr", "checkin_title", bed.Connector.SentTo(Youssef.ConversationId).Last().Card);
        AssertIn("en", "checkin_title", bed.Connector.SentTo(Lina.ConversationId).Last().Card);
    }

    [Fact]
    public async Task TheLatestTeamsLocaleCountsAndAMessageWithoutOneKeepsIt()
    {
        await using var bed = await BotTestBed.StartAsync(BotTestBed.FridayW48, TwoReps());
        await bed.InstallAsync(Youssef);
        var youssefInFrench = Youssef with { Locale = "fr-FR" };
        var youssefWithoutLocale = Youssef with { Locale = "" };
        await bed.SayAsync(youssefInFrench, "help");
        await bed.SayAsync(youssefWithoutLocale, "help");

        await bed.CheckInCampaigns.SendCheckInAsync("mea", CancellationToken.None);

        AssertIn("fr", "checkin_title", bed.Connector.SentTo(Youssef.ConversationId).Last().Card);
    }

    [Fact]
    public async Task TheLocaleIsWrittenOnlyWhenItChanges()
    {
        await using var bed = await BotTestBed.StartAsync(BotTestBed.FridayW48, TwoReps());
        await bed.InstallAsync(Youssef);
        var table = await bed.Bot.TableAsync(ConversationReferenceStore.TableName);
        async Task<(string? Locale, string ETag)> RowAsync()
        {
            var row = (await table.GetEntityAsync<Azure.Data.Tables.TableEntity>(Youssef.AadObjectId, "personal")).Value;
            return (row.GetString("Locale"), row.ETag.ToString());
        }

        var installed = await RowAsync();
        await bed.SayAsync(Youssef, "help");
        var sameLocale = await RowAsync();
        await bed.SayAsync(Youssef with { Locale = "" }, "help");
        var noLocale = await RowAsync();
        await bed.SayAsync(Youssef with { Locale = "fr-CA" }, "help");
        var changed = await RowAsync();

        Assert.Equal("en-US", installed.Locale);
        Assert.Equal(installed, sameLocale);
        Assert.Equal(installed, noLocale);
        Assert.Equal("fr-CA", changed.Locale);
        Assert.NotEqual(installed.ETag, changed.ETag);
    }

    [Fact]
    public async Task TheWeeklyCoachingCardIsInTheLanguageOfTheirTeams()
    {
        await using var bed = await BotTestBed.StartCoachingAsync(BotTestBed.TuesdayW49, TwoReps());
        await bed.InstallAsync(Youssef, Lina);

        await bed.SendWeekAsync();

        AssertIn("en", "coaching_title", bed.LastPromptCard(Youssef));
        AssertIn("fr", "coaching_title", bed.LastPromptCard(Lina));
    }

    [Fact]
    public async Task EveryCopyOfARequestIsInTheLanguageOfItsHoldersTeams()
    {
        // Hugo (lead, Teams en-US) says fr on the roster; Karim (lead, Teams fr-FR) says en; Youssef opens the request.
        var settings = TwoReps();
        settings["Organization:BusinessUnits:0:Leads:0:Language"] = "fr";
        settings["Organization:BusinessUnits:0:Leads:1:Language"] = "en";
        await using var bed = await BotTestBed.StartSupportRequestsAsync(settings: settings);
        await bed.InstallEveryoneAsync();
        await bed.Bot.Http.PostAsync(TeamsActivities.InstallationAdd(Youssef, bed.Connector.ServiceUrl));

        var reference = await bed.OpenAsync(Youssef);

        AssertIn("en", "request_title", Assert.Single(bed.CardsAbout(Youssef, reference)));
        AssertIn("en", "request_title", Assert.Single(bed.CardsAbout(BotTestBed.Hugo, reference)));
        AssertIn("fr", "request_title", Assert.Single(bed.CardsAbout(BotTestBed.Karim, reference)));
    }

    [Theory]
    [InlineData("fr", "en-US", "en")]
    [InlineData("en", "fr-FR", "fr")]
    public async Task TheDirectorsDigestIsInTheLanguageOfTheirTeams(string rosterLanguage, string teamsLocale, string expected)
    {
        await using var bed = await BotTestBed.StartDigestsAsync(settings: new Dictionary<string, string?> { ["Organization:Director:Language"] = rosterLanguage });
        var director = TestRoster.Director with { Locale = teamsLocale };
        await bed.InstallAsync(director);

        await bed.Bot.Service<DigestCampaigns>().SendDirectorAsync(CancellationToken.None);

        AssertIn(expected, "digest_director_title", bed.Bot.Connector.SentTo(director.ConversationId).Last().Card);
    }
}
