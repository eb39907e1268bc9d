using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using CoachBot.Storage;
using CoachBot.Teams;
using CoachBot.Tests.Infrastructure;

namespace CoachBot.Tests.Teams;

public sealed class ConversationTests
{
    [Fact]
    public async Task SomeoneNotOnTheRosterGetsAPoliteRefusalAndNothingOfTheirsIsStored()
    {
        var stranger = TestRoster.Stranger;
        await using var bot = await BotApp.StartAsync();

        await bot.Http.PostAsync(TeamsActivities.InstallationAdd(stranger, bot.Connector.ServiceUrl));
        await bot.Http.PostAsync(TeamsActivities.Message(stranger, bot.Connector.ServiceUrl, "help"));
        await bot.Http.PostAsync(TeamsActivities.Message(stranger, bot.Connector.ServiceUrl, "language fr"));

        var replies = bot.Connector.SentTo(stranger.ConversationId);
        Assert.Equal(3, replies.Count);
        Assert.All(replies, r =>
        {
            Assert.Null(r.Card);
            Assert.Contains("could not find you on its roster", r.Text);
        });
        Assert.Null(await bot.Service<ConversationReferenceStore>().GetAsync(stranger.AadObjectId!, CancellationToken.None));
        var preferences = await bot.TableAsync(UserPreferencesStore.TableName);
        Assert.Empty(await preferences.QueryAsync<TableEntity>().ToListAsync());
    }

    [Fact]
    public async Task ARepKnownOnlyByEmailIsMatchedThroughTheEmailTeamsReports()
    {
        var rep = TestRoster.EmailOnlyRep;
        await using var bot = await BotApp.StartAsync();
        bot.Connector.Members[rep.UserId] = new JsonObject
        {
            ["id"] = rep.UserId,
            ["name"] = rep.Name,
            ["aadObjectId"] = rep.AadObjectId,
            ["email"] = TestRoster.EmailOnlyRepEmail.ToUpperInvariant(),
            ["userPrincipalName"] = "priya@contoso.example",
        };

        await bot.Http.PostAsync(TeamsActivities.InstallationAdd(rep, bot.Connector.ServiceUrl));

        var welcome = await bot.Connector.WaitForAsync(a => a.ConversationId == rep.ConversationId);
        Assert.Contains(InstallationTests.AllTexts(welcome.Card!), t => t.Contains("Priya Nair"));
        Assert.NotNull(await bot.Service<ConversationReferenceStore>().GetAsync(rep.AadObjectId!, CancellationToken.None));
    }

    [Fact]
    public async Task SomeoneWhoseEmailTeamsDoesNotKnowIsNotMatched()
    {
        var rep = TestRoster.EmailOnlyRep;
        await using var bot = await BotApp.StartAsync();
        bot.Connector.Members[rep.UserId] = new JsonObject { ["id"] = rep.UserId, ["email"] = "someone.else@coachbot.example" };

        await bot.Http.PostAsync(TeamsActivities.Message(rep, bot.Connector.ServiceUrl, "help"));

        var reply = await bot.Connector.WaitForAsync(a => a.ConversationId == rep.ConversationId);
        Assert.Contains("could not find you on its roster", reply.Text);
    }

    [Fact]
    public async Task AnAccountWhoseMailNamesAMemberKnownByObjectIdIsNotThatMember()
    {
        var impostor = TestRoster.Stranger;
        await using var bot = await BotApp.StartAsync(new Dictionary<string, string?> { ["Organization:Director:Email"] = "claire.fontaine@coachbot.example" });
        bot.Connector.Members[impostor.UserId] = new JsonObject
        {
            ["id"] = impostor.UserId, ["aadObjectId"] = impostor.AadObjectId, ["email"] = "claire.fontaine@coachbot.example",
        };

        await bot.Http.PostAsync(TeamsActivities.Message(impostor, bot.Connector.ServiceUrl, "help"));

        var reply = await bot.Connector.WaitForAsync(a => a.ConversationId == impostor.ConversationId);
        Assert.Contains("could not find you on its roster", reply.Text);
    }

    [Theory]
    [InlineData("0b2c7d3e-1111-4222-8333-944455556666", false)]
    [InlineData(TeamsActivities.TenantId, true)]
    public async Task WithTheOrganisationsTenantConfiguredOnlyItsUsersAreRecognised(string tenantId, bool recognised)
    {
        var rep = TestRoster.EnglishRep;
        await using var bot = await BotApp.StartAsync(new Dictionary<string, string?> { ["Organization:TenantId"] = tenantId });

        await bot.Http.PostAsync(TeamsActivities.Message(rep, bot.Connector.ServiceUrl, "help"));

        var reply = await bot.Connector.WaitForAsync(a => a.ConversationId == rep.ConversationId);
        Assert.Equal(recognised, reply.Card is not null);
        Assert.Equal(recognised, await bot.Service<ConversationReferenceStore>().GetAsync(rep.AadObjectId!, CancellationToken.None) is not null);
    }

    [Fact]
    public async Task HelpListsWhatTheUserCanDoInTheirLanguage()
    {
        await using var bot = await BotApp.StartAsync();

        await bot.Http.PostAsync(TeamsActivities.Message(TestRoster.Rep, bot.Connector.ServiceUrl, "aide"));
        await bot.Http.PostAsync(TeamsActivities.Message(TestRoster.EnglishRep, bot.Connector.ServiceUrl, "Help"));

        var french = InstallationTests.AllTexts((await bot.Connector.WaitForAsync(a => a.ConversationId == TestRoster.Rep.ConversationId)).Card!);
        Assert.Contains("Ce que vous pouvez faire", french);
        Assert.Contains("aide", french);
        Assert.Contains("afficher cette liste", french);
        var english = InstallationTests.AllTexts((await bot.Connector.WaitForAsync(a => a.ConversationId == TestRoster.EnglishRep.ConversationId)).Card!);
        Assert.Contains("What you can do", english);
        Assert.Contains("help", english);
    }

    [Fact]
    public async Task TheWelcomeCardsHelpButtonShowsHelp()
    {
        await using var bot = await BotApp.StartAsync();

        await bot.Http.PostAsync(TeamsActivities.CardSubmit(TestRoster.Lead, bot.Connector.ServiceUrl, new JsonObject { ["command"] = "help" }));

        var reply = await bot.Connector.WaitForAsync(a => a.ConversationId == TestRoster.Lead.ConversationId);
        Assert.Contains("What you can do", InstallationTests.AllTexts(reply.Card!));
    }

    [Fact]
    public async Task AUsersLanguageChoiceIsKeptInTheirPreferencesAndOverridesTheirLocale()
    {
        var rep = TestRoster.EnglishRep;
        await using var bot = await BotApp.StartAsync();

        await bot.Http.PostAsync(TeamsActivities.Message(rep, bot.Connector.ServiceUrl, "language fr"));
        await bot.Http.PostAsync(TeamsActivities.Message(rep, bot.Connector.ServiceUrl, "help"));

        var replies = bot.Connector.SentTo(rep.ConversationId);
        Assert.Equal("Désormais, je vous répondrai en français.", replies[0].Text);
        Assert.Contains("Ce que vous pouvez faire", InstallationTests.AllTexts(replies[1].Card!));
    }

    [Fact]
    public async Task AnUnknownCommandGetsAHint()
    {
        await using var bot = await BotApp.StartAsync();

        await bot.Http.PostAsync(TeamsActivities.Message(TestRoster.EnglishRep, bot.Connector.ServiceUrl, "dance"));

        var reply = await bot.Connector.WaitForAsync(a => a.ConversationId == TestRoster.EnglishRep.ConversationId);
        Assert.Equal("Sorry, I did not understand \"dance\". Type \"help\" to see what you can do.", reply.Text);
    }

    [Fact]
    public async Task AFailedTurnApologisesInTheUsersLanguageAndTheBotKeepsWorking()
    {
        var rep = TestRoster.Rep;
        await using var bot = await BotApp.StartAsync();
        // Teams refuses the bot's reply once: the turn fails after the user was identified and their state loaded.
        var calls = 0;
        bot.Connector.Fault = _ => Interlocked.Increment(ref calls) == 1 ? 500 : null;

        var response = await bot.Http.PostAsync(TeamsActivities.Message(rep, bot.Connector.ServiceUrl, "help"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var apology = await bot.Connector.WaitForAsync(a => a.ConversationId == rep.ConversationId);
        Assert.StartsWith("Désolé, un problème est survenu", apology.Text);

        await bot.Http.PostAsync(TeamsActivities.Message(rep, bot.Connector.ServiceUrl, "help"));
        await bot.Connector.WaitForAsync(a => a.ConversationId == rep.ConversationId && a.Card is not null);
    }

    [Fact]
    public async Task WhenStorageIsDownTheUserIsToldTheirMessageWasNotProcessed()
    {
        var rep = TestRoster.EnglishRep;
        await using var bot = await BotApp.StartAsync(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = Azurite.ConnectionStringFor(Azurite.FreePort()),
        });

        var response = await bot.Http.PostAsync(TeamsActivities.Message(rep, bot.Connector.ServiceUrl, "language fr"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = Assert.Single(bot.Connector.SentTo(rep.ConversationId));
        Assert.Equal("Sorry, something went wrong on my side and your last message was not processed. Please try again in a moment.", reply.Text);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("")]
    [InlineData("{\"text\":\"no type\"}")]
    [InlineData("[1,2,3]")]
    public async Task AMalformedRequestGets400(string body)
    {
        await using var bot = await BotApp.StartAsync();

        var response = await bot.Http.PostAsync("/api/messages", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task OutsideAPersonalChatTheBotSaysWhereItWorks()
    {
        await using var bot = await BotApp.StartAsync();
        var message = TeamsActivities.Message(TestRoster.EnglishRep, bot.Connector.ServiceUrl, "help");
        message["conversation"]!["conversationType"] = "groupChat";

        await bot.Http.PostAsync(message);

        var reply = await bot.Connector.WaitForAsync(a => a.ConversationId == TestRoster.EnglishRep.ConversationId);
        Assert.Equal("I only work in a personal chat. Open a chat with CoachBot to talk to me.", reply.Text);
    }
}
