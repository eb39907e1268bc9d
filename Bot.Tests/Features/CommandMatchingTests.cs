using System.Text.Json.Nodes;
using CoachBot.Localization;
using CoachBot.Tests.Infrastructure;
using CoachBot.Tests.SupportRequests;

namespace CoachBot.Tests.Features;

/// <summary>Commands as people type them: accents and case never matter, and a command of another role is named and explained.</summary>
public sealed class CommandMatchingTests
{
    private static readonly Texts Texts = new();

    [Theory]
    [InlineData("equipe")]
    [InlineData("ÉQUIPE")]
    [InlineData("Équipe")]
    [InlineData("Team")]
    public async Task TheDirectorsTeamCommandIsUnderstoodWhateverTheAccentsAndCase(string typed)
    {
        await using var bed = await BotTestBed.StartAsync(BotTestBed.FridayW48);

        var reply = await bed.SayAsync(TestRoster.Director, typed);

        Assert.NotNull(reply.Card);
        Assert.Contains(TextStart("fr", "team_title"), CardText.Joined(reply.Card));
    }

    [Theory]
    [InlineData("MES STATS")]
    [InlineData("Mes  Stats")]
    [InlineData("My Stats")]
    public async Task ARepsCommandIsUnderstoodWhateverTheCase(string typed)
    {
        await using var bed = await BotTestBed.StartAsync(BotTestBed.FridayW48);

        var reply = await bed.SayAsync(TestRoster.EnglishRep, typed);

        Assert.Contains(Texts.Get("en", "checkin_stats_title"), CardText.Joined(reply.Card));
    }

    [Theory]
    [InlineData("team", "en", "command_for_Director")]
    [InlineData("export", "en", "command_for_Director")]
    [InlineData("equipe", "fr", "command_for_Director")]
    [InlineData("bilan amina", "fr", "command_for_Director")]
    public async Task ARepTypingACommandOfAnotherRoleIsToldWhoseItIsAndWhatItDoes(string typed, string language, string roleKey)
    {
        await using var bed = await BotTestBed.StartAsync(BotTestBed.FridayW48);
        var rep = language == "en" ? TestRoster.EnglishRep : TestRoster.Rep;

        var reply = await bed.SayAsync(rep, typed);

        Assert.Null(reply.Card);
        Assert.DoesNotContain(Texts.Format(language, "unknown_command", typed), reply.Text);
        Assert.Contains(Texts.Get(language, roleKey), reply.Text);
        Assert.StartsWith(TextStart(language, "command_not_yours"), reply.Text);
    }

    [Fact]
    public async Task ALeadTypingACommandForRepsIsToldItIsForRepsWithItsDescription()
    {
        await using var bed = await BotTestBed.StartAsync(BotTestBed.FridayW48);

        var reply = await bed.SayAsync(TestRoster.Lead, "checkin");

        Assert.Equal(Texts.Format("en", "command_not_yours", "checkin", Texts.Get("en", "command_for_Rep"), Texts.Get("en", "cmd_checkin")), reply.Text);
    }

    /// <summary>
    /// A command's roles are the one check: the feature never sees it typed by anyone outside them (it holds no role
    /// check of its own for commands), and whoever else types it is told whose it is, in their language.
    /// </summary>
    [Theory]
    [InlineData("sponsor", "brief amina", "brief NAME")]
    [InlineData("sponsor", "export", "export [YYYY-MM-DD YYYY-MM-DD]")]
    [InlineData("englishRep", "brief amina", "brief NAME")]
    [InlineData("lead", "team", "team")]
    [InlineData("director", "checkin", "checkin")]
    [InlineData("lead", "my stats", "my stats")]
    [InlineData("lead", "away until 24/12/2026", "away until DD/MM/YYYY")]
    [InlineData("director", "retour", "back")]
    public async Task SomeoneOutsideACommandsRolesGetsTheNotYoursAnswerWithoutReachingItsFeature(string who, string typed, string command)
    {
        var account = who switch
        {
            "sponsor" => TestRoster.Sponsor,
            "englishRep" => TestRoster.EnglishRep,
            "lead" => TestRoster.Lead,
            _ => TestRoster.Director,
        };
        var language = account.Locale.StartsWith("fr", StringComparison.Ordinal) ? "fr" : "en";
        await using var bed = await BotTestBed.StartAsync(BotTestBed.FridayW48);
        var chatCommand = bed.Bot.Service<IEnumerable<CoachBot.Features.IFeature>>().SelectMany(f => f.Commands).Single(c => c.English == command);
        Assert.False(chatCommand.IsFor(bed.Member(account)));

        var reply = await bed.SayAsync(account, typed);

        Assert.Null(reply.Card);
        Assert.Equal(bed.Bot.Service<CoachBot.Roster.Onboarding>().NotYours(chatCommand, language), reply.Text);
    }

    [Fact]
    public async Task WordsNoFeatureKnowsAreStillNotUnderstood()
    {
        await using var bed = await BotTestBed.StartAsync(BotTestBed.FridayW48);

        var reply = await bed.SayAsync(TestRoster.EnglishRep, "weather");

        Assert.Equal(Texts.Format("en", "unknown_command", "weather"), reply.Text);
    }

    [Theory]
    [InlineData("requests", "en")]
    [InlineData("demandes", "fr")]
    public async Task EachLineOfTheRequestsListHasAButtonThatOpensTheRequest(string command, string language)
    {
        await using var bed = await BotTestBed.StartSupportRequestsAsync();
        await bed.InstallEveryoneAsync();
        var reference = await bed.OpenAsync();
        var hugo = BotTestBed.Hugo with { Locale = language == "en" ? "en-US" : "fr-FR" };

        var list = (await bed.SayAsync(hugo, command)).Card!;
        var button = Assert.Single(CardText.Elements(list), e => e["type"]?.GetValue<string>() == "Action.Submit");
        Assert.Equal(Texts.Format(language, "request_list_open", reference), button["title"]!.GetValue<string>());

        // Teams sends a plain submit as a message whose value is the button's data.
        var before = bed.Received(hugo).Count;
        (await bed.Bot.Http.PostAsync(TeamsActivities.CardSubmit(hugo, bed.Connector.ServiceUrl, button["data"]!.AsObject().DeepClone().AsObject()))).EnsureSuccessStatusCode();
        await bed.Connector.WaitForAsync(_ => bed.Received(hugo).Count > before);

        var opened = bed.Received(hugo)[before].Card;
        Assert.Contains(Texts.Format(language, "request_title", reference), CardText.Joined(opened));
        Assert.Contains(CardText.Elements(opened), e => e["verb"]?.GetValue<string>() == "request.acknowledge");
    }

    private static string TextStart(string language, string key)
    {
        var text = Texts.Get(language, key);
        var cut = text.IndexOf('{', StringComparison.Ordinal);
        return cut > 0 ? text[..cut] : text;
    }
}
