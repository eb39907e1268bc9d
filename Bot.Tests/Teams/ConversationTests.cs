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
    public async Task ARepKnownOnlyByEmailIsMatchedThroughTheUpnTeamsReports()
    {
        var rep = TestRoster.EmailOnlyRep;
        await using var bot = await BotApp.StartAsync();
        bot.Connector.Members[rep.UserId] = new JsonObject
        {
            ["id"] = rep.UserId,
            ["name"] = rep.Name,
            ["aadObjectId"] = rep.AadObjectId,
            ["email"] = "priya@contoso.example",
            ["userPrincipalName"] = TestRoster.EmailOnlyRepEmail.ToUpperInvariant(),
        };

        await bot.Http.PostAsync(TeamsActivities.InstallationAdd(rep, bot.Connector.ServiceUrl));

        var welcome = await bot.Connector.WaitForAsync(a => a.ConversationId == rep.ConversationId);
        Assert.Contains(InstallationTests.AllTexts(welcome.Card!), t => t.Contains("Priya Nair"));
        Assert.NotNull(await bot.Service<ConversationReferenceStore>().GetAsync(rep.AadObjectId!, CancellationToken.None));
    }

    [Fact]
    public async Task AnAccountWhoseMailAttributeNamesAMemberKnownByEmailOnlyIsNotThatMember()
    {
        // With no tenant configured, any tenant's administrator can write any mail attribute; only the UPN is vouched for.
        var impostor = new TeamsUserAccount("Mallory", "99999999-0000-0000-0000-000000000abc");
        await using var bot = await BotApp.StartAsync();
        bot.Connector.Members[impostor.UserId] = new JsonObject
        {
            ["id"] = impostor.UserId, ["aadObjectId"] = impostor.AadObjectId,
            ["email"] = TestRoster.EmailOnlyRepEmail, ["userPrincipalName"] = "mallory@elsewhere.example",
        };

        await bot.Http.PostAsync(TeamsActivities.Message(impostor, bot.Connector.ServiceUrl, "help"));

        var reply = await bot.Connector.WaitForAsync(a => a.ConversationId == impostor.ConversationId);
        Assert.Contains("could not find you on its roster", reply.Text);
        Assert.Null(await bot.Service<ConversationReferenceStore>().GetAsync(impostor.AadObjectId!, CancellationToken.None));
    }

    [Fact]
    public async Task AMemberKnownByEmailOnlyStaysTheAccountFirstMatchedToThem()
    {
        var rep = TestRoster.EmailOnlyRep;
        var later = new TeamsUserAccount(rep.Name, "99999999-0000-0000-0000-000000000def");
        await using var bot = await BotApp.StartAsync();
        foreach (var account in new[] { rep, later })
        {
            bot.Connector.Members[account.UserId] = new JsonObject
            {
                ["id"] = account.UserId, ["aadObjectId"] = account.AadObjectId, ["userPrincipalName"] = TestRoster.EmailOnlyRepEmail,
            };
        }

        await bot.Http.PostAsync(TeamsActivities.InstallationAdd(rep, bot.Connector.ServiceUrl));
        await bot.Http.PostAsync(TeamsActivities.InstallationAdd(later, bot.Connector.ServiceUrl));
        // A fresh instance (the pin is in Table Storage, not only in memory) keeps to the first account too.
        await using var restarted = await BotApp.StartAsync(tablePrefix: bot.TablePrefix, connector: bot.Connector);
        var again = new TeamsUserAccount(rep.Name, later.AadObjectId);
        bot.Connector.Members[again.UserId] = new JsonObject
        {
            ["id"] = again.UserId, ["aadObjectId"] = again.AadObjectId, ["userPrincipalName"] = TestRoster.EmailOnlyRepEmail,
        };
        await restarted.Http.PostAsync(TeamsActivities.Message(again, bot.Connector.ServiceUrl, "help"));

        Assert.NotNull((await bot.Connector.WaitForAsync(a => a.ConversationId == rep.ConversationId)).Card);
        Assert.Contains("could not find you on its roster", (await bot.Connector.WaitForAsync(a => a.ConversationId == later.ConversationId)).Text);
        Assert.Contains("could not find you on its roster", (await bot.Connector.WaitForAsync(a => a.ConversationId == again.ConversationId)).Text);
        Assert.Null(await bot.Service<ConversationReferenceStore>().GetAsync(later.AadObjectId!, CancellationToken.None));
        var member = bot.Service<CoachBot.Roster.Organization>().FindById(TestRoster.EmailOnlyRepEmail.ToLowerInvariant())!;
        var reachable = await restarted.Service<ReachableMembers>().ObjectIdsAsync([member], CancellationToken.None);
        Assert.Equal(rep.AadObjectId, reachable[member.Id]);
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
        Assert.Contains(BotTestBed.Text("en", "help_title"), InstallationTests.AllTexts(reply.Card!));
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
        Assert.Equal(BotTestBed.Text("en", "unknown_command", "dance"), reply.Text);
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
        Assert.Equal(BotTestBed.Text("en", "turn_error"), reply.Text);
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
    public async Task ABodyOver256KbGets413AndNoTurn()
    {
        var rep = new TeamsUserAccount(TestRoster.EnglishRep.Name, TestRoster.EnglishRep.AadObjectId);
        await using var bot = await BotApp.StartAsync();
        var message = TeamsActivities.Message(rep, bot.Connector.ServiceUrl, "help");
        message["padding"] = new string('x', 256 * 1024);
        var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(message.ToJsonString())));
        chunked.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        chunked.Headers.ContentLength = null;

        var declared = await bot.Http.PostAsync(message);
        var streamed = await bot.Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = chunked, Headers = { TransferEncodingChunked = true } });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, declared.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, streamed.StatusCode);
        Assert.Equal(0, bot.Connector.RequestsTo(rep.ConversationId));
    }

    [Fact]
    public async Task AnActivityFromAnotherChannelThanTeamsIsRefusedAndNothingIsStored()
    {
        var lead = TestRoster.Lead;
        await using var bot = await BotApp.StartAsync();
        var install = TeamsActivities.InstallationAdd(lead, bot.Connector.ServiceUrl);
        install["channelId"] = "directline";

        var response = await bot.Http.PostAsync(install);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0, bot.Connector.RequestsTo(lead.ConversationId));
        Assert.Null(await bot.Service<ConversationReferenceStore>().GetAsync(lead.AadObjectId!, CancellationToken.None));
    }

    [Fact]
    public async Task OutsideAPersonalChatTheBotSaysWhereItWorks()
    {
        await using var bot = await BotApp.StartAsync();
        var message = TeamsActivities.Message(TestRoster.EnglishRep, bot.Connector.ServiceUrl, "help");
        message["conversation"]!["conversationType"] = "groupChat";

        await bot.Http.PostAsync(message);

        var reply = await bot.Connector.WaitForAsync(a => a.ConversationId == TestRoster.EnglishRep.ConversationId);
        Assert.Equal(BotTestBed.Text("en", "personal_only"), reply.Text);
    }
}
