using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using CoachBot.Teams;
using CoachBot.Tests.Infrastructure;

namespace CoachBot.Tests.Teams;

/// <summary>The foundation as people use it: a language changed later, bursts of turns, tables that vanish, storage that hangs, bad input, dropped connections.</summary>
public sealed class RealUseTests
{
    private const string Apology = "Sorry, something went wrong";
    private const string FrenchApology = "Désolé, un problème est survenu";

    [Fact]
    public async Task ALanguageChangedOnALaterTurnIsKeptAndCanBeChangedBack()
    {
        var lead = TestRoster.Lead; // en-US locale
        await using var bot = await BotApp.StartAsync();
        await bot.Http.PostAsync(TeamsActivities.InstallationAdd(lead, bot.Connector.ServiceUrl));
        await bot.Http.PostAsync(TeamsActivities.Message(lead, bot.Connector.ServiceUrl, "help"));

        await bot.Http.PostAsync(TeamsActivities.Message(lead, bot.Connector.ServiceUrl, "langue fr"));
        await bot.Http.PostAsync(TeamsActivities.Message(lead, bot.Connector.ServiceUrl, "aide"));
        await bot.Http.PostAsync(TeamsActivities.Message(lead, bot.Connector.ServiceUrl, "language en"));
        await bot.Http.PostAsync(TeamsActivities.Message(lead, bot.Connector.ServiceUrl, "help"));

        var replies = bot.Connector.SentTo(lead.ConversationId);
        Assert.Equal(6, replies.Count);
        Assert.Contains("What you can do", InstallationTests.AllTexts(replies[1].Card!));
        Assert.Equal("Désormais, je vous répondrai en français.", replies[2].Text);
        Assert.Contains("Ce que vous pouvez faire", InstallationTests.AllTexts(replies[3].Card!));
        Assert.Equal("From now on I will answer in English.", replies[4].Text);
        Assert.Contains("What you can do", InstallationTests.AllTexts(replies[5].Card!));
        var stored = await bot.Service<UserPreferencesStore>().GetAsync(lead.AadObjectId!, CancellationToken.None);
        Assert.Equal("en", stored.Language);
    }

    [Fact]
    public async Task ABurstOfMessagesFromOneMemberIsAnsweredInFullWithoutApologies()
    {
        var rep = TestRoster.EnglishRep;
        await using var bot = await BotApp.StartAsync();
        await bot.Http.PostAsync(TeamsActivities.InstallationAdd(rep, bot.Connector.ServiceUrl));

        var responses = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ =>
            bot.Http.PostAsync(TeamsActivities.Message(rep, bot.Connector.ServiceUrl, "help"))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var replies = bot.Connector.SentTo(rep.ConversationId).Skip(1).ToList();
        Assert.Equal(100, replies.Count(r => r.Card is not null));
        Assert.DoesNotContain(replies, r => r.Text?.StartsWith(Apology, StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task FreshMembersSendingAtOnceAreAllAnsweredAndEveryChoiceIsKept()
    {
        await using var bot = await BotApp.StartAsync(withTestRoster: false, settings: ManyReps(20));
        var reps = Enumerable.Range(0, 20).Select(i => new TeamsUserAccount($"Rep {i}", RepObjectId(i))).ToList();

        // Each new member's first turns race: two "help" and two "langue fr" at once, nothing stored before.
        var responses = await Task.WhenAll(reps.SelectMany(rep => new[] { "help", "langue fr", "help", "langue fr" }
            .Select(text => bot.Http.PostAsync(TeamsActivities.Message(rep, bot.Connector.ServiceUrl, text)))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        foreach (var rep in reps)
        {
            var replies = bot.Connector.SentTo(rep.ConversationId);
            Assert.Equal(4, replies.Count);
            Assert.Equal(2, replies.Count(r => r.Card is not null));
            Assert.Equal(2, replies.Count(r => r.Text == BotTestBed.Text("fr", "language_set")));
            Assert.Equal("fr", (await bot.Service<UserPreferencesStore>().GetAsync(rep.AadObjectId!, CancellationToken.None)).Language);
            Assert.NotNull(await bot.Service<ConversationReferenceStore>().GetAsync(rep.AadObjectId!, CancellationToken.None));
        }
    }

    [Fact]
    public async Task ATurnThatChangesNothingWritesNothing()
    {
        var rep = TestRoster.EnglishRep;
        var writes = new StorageFaults();
        var counted = 0;
        writes.Fail = request =>
        {
            if (request.Method != Azure.Core.RequestMethod.Get)
            {
                Interlocked.Increment(ref counted);
            }
            return false;
        };
        await using var bot = await BotApp.StartAsync(services: writes.AddTo);
        await bot.Http.PostAsync(TeamsActivities.InstallationAdd(rep, bot.Connector.ServiceUrl));
        await bot.Http.PostAsync(TeamsActivities.Message(rep, bot.Connector.ServiceUrl, "help"));
        var before = Volatile.Read(ref counted);

        await bot.Http.PostAsync(TeamsActivities.Message(rep, bot.Connector.ServiceUrl, "help"));
        await bot.Http.PostAsync(TeamsActivities.Message(rep, bot.Connector.ServiceUrl, "dance"));

        Assert.Equal(before, Volatile.Read(ref counted));
        Assert.Equal(4, bot.Connector.SentTo(rep.ConversationId).Count);
    }

    [Fact]
    public async Task TablesDeletedWhileTheBotRunsAreCreatedAgainAndTheTurnSucceeds()
    {
        var rep = TestRoster.EnglishRep;
        await using var bot = await BotApp.StartAsync();
        await bot.Http.PostAsync(TeamsActivities.Message(rep, bot.Connector.ServiceUrl, "language fr"));
        var service = new TableServiceClient(await Azurite.ConnectionStringAsync());
        await service.DeleteTableAsync(bot.TablePrefix + ConversationReferenceStore.TableName);
        await service.DeleteTableAsync(bot.TablePrefix + UserPreferencesStore.TableName);

        await bot.Http.PostAsync(TeamsActivities.Message(rep, bot.Connector.ServiceUrl, "language en"));
        await bot.Http.PostAsync(TeamsActivities.Message(rep, bot.Connector.ServiceUrl, "help"));

        var replies = bot.Connector.SentTo(rep.ConversationId);
        Assert.Equal(3, replies.Count);
        Assert.Equal(BotTestBed.Text("en", "language_set"), replies[1].Text);
        Assert.Contains(BotTestBed.Text("en", "help_title"), InstallationTests.AllTexts(replies[2].Card!));
        Assert.NotNull(await bot.Service<ConversationReferenceStore>().GetAsync(rep.AadObjectId!, CancellationToken.None));
    }

    [Fact]
    public async Task WhenStorageHangsTheUserHearsBackByTheTurnsDeadline()
    {
        // A storage endpoint that accepts connections and never answers, like a frozen process.
        using var frozen = new TcpListener(IPAddress.Loopback, 0);
        frozen.Start();
        var held = new List<Socket>();
        _ = Task.Run(async () =>
        {
            while (true)
            {
                try
                {
                    held.Add(await frozen.AcceptSocketAsync());
                }
                catch (Exception)
                {
                    return;
                }
            }
        });
        var rep = TestRoster.EnglishRep;
        await using var bot = await BotApp.StartAsync(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = Azurite.ConnectionStringFor(((IPEndPoint)frozen.LocalEndpoint).Port),
            ["Turns:Timeout"] = "00:00:02",
        });
        // Without a deadline the request would hang for as long as the storage does: the client gives up first.
        bot.Http.Timeout = TimeSpan.FromSeconds(30);

        var response = await bot.Http.PostAsync(TeamsActivities.Message(rep, bot.Connector.ServiceUrl, "help"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = Assert.Single(bot.Connector.SentTo(rep.ConversationId));
        Assert.StartsWith(Apology, reply.Text);
        frozen.Stop();
        held.ForEach(s => s.Dispose());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not a url")]
    [InlineData("ftp://files.example/")]
    public async Task AnActivityWithoutAUsableServiceUrlGets400(string? serviceUrl)
    {
        await using var bot = await BotApp.StartAsync();
        var activity = TeamsActivities.Message(TestRoster.EnglishRep, bot.Connector.ServiceUrl, "help");
        activity["serviceUrl"] = serviceUrl;

        Assert.Equal(HttpStatusCode.BadRequest, (await bot.Http.PostAsync(activity)).StatusCode);
    }

    [Fact]
    public async Task ABodyThatIsNotJsonByItsContentTypeGets415()
    {
        await using var bot = await BotApp.StartAsync();
        var activity = TeamsActivities.Message(TestRoster.EnglishRep, bot.Connector.ServiceUrl, "help");

        var response = await bot.Http.PostAsync("/api/messages", new StringContent(activity.ToJsonString(), Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Empty(bot.Connector.Activities);
    }

    [Fact]
    public async Task AnInvokeTheBotDoesNotHandleGets400()
    {
        await using var bot = await BotApp.StartAsync();

        var response = await bot.Http.PostAsync(TeamsActivities.Invoke(TestRoster.EnglishRep, bot.Connector.ServiceUrl, "composeExtension/query", []));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task AButtonWithAnUnknownVerbGetsAClearMessageInTheUsersLanguage()
    {
        await using var bot = await BotApp.StartAsync();

        var response = await bot.Http.PostAsync(TeamsActivities.CardAction(TestRoster.Rep, bot.Connector.ServiceUrl, "nothing.here", new JsonObject { ["week"] = "2026-W48" }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("application/vnd.microsoft.activity.message", body["type"]!.GetValue<string>());
        Assert.StartsWith("Ce bouton n’est plus en service.", body["value"]!.GetValue<string>());
    }

    [Fact]
    public async Task ACallerWhoHangsUpAfterTheAnswerWasSentGetsNoApology()
    {
        var rep = TestRoster.Rep;
        await using var bot = await BotApp.StartAsync();
        await bot.Http.PostAsync(TeamsActivities.Message(rep, bot.Connector.ServiceUrl, "help"));
        // The next reply takes a while to reach Teams; the caller gives up before the turn ends, as Teams does at 15 s.
        bot.Connector.Delay = _ => TimeSpan.FromMilliseconds(800);
        using var hangUp = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            bot.Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/messages")
            {
                Content = System.Net.Http.Json.JsonContent.Create(TeamsActivities.Message(rep, bot.Connector.ServiceUrl, "aide")),
            }, hangUp.Token));
        bot.Connector.Delay = null;
        await bot.Http.PostAsync(TeamsActivities.Message(rep, bot.Connector.ServiceUrl, "aide"));
        // The abandoned request's turn carries on and its card arrives once the connector's delay is over.
        await bot.Connector.WaitForAsync(_ => bot.Connector.SentTo(rep.ConversationId).Count(r => r.Card is not null) == 3);

        var replies = bot.Connector.SentTo(rep.ConversationId);
        Assert.Equal(3, replies.Count(r => r.Card is not null));
        Assert.DoesNotContain(replies, r => r.Text?.StartsWith(FrenchApology, StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task TheSameActivityDeliveredAgainIsAnsweredOnce()
    {
        var rep = TestRoster.EnglishRep;
        await using var bot = await BotApp.StartAsync();
        var activity = TeamsActivities.Message(rep, bot.Connector.ServiceUrl, "help");
        // The first delivery is still in its turn when the resend arrives, as when Teams gives up after 15 s.
        bot.Connector.Delay = _ => TimeSpan.FromMilliseconds(500);

        var both = await Task.WhenAll(bot.Http.PostAsync(activity), bot.Http.PostAsync(activity));
        bot.Connector.Delay = null;
        var later = await bot.Http.PostAsync(activity);

        Assert.All(both.Append(later), r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Single(bot.Connector.SentTo(rep.ConversationId));
    }

    private static string RepObjectId(int i) => $"22222222-0000-0000-0000-{i:D12}";

    private static Dictionary<string, string?> ManyReps(int count)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Organization:DefaultLanguage"] = "en",
            ["Organization:Regions:0:Id"] = "mea",
            ["Organization:Regions:0:Name"] = "Middle East & Africa",
            ["Organization:Regions:0:TimeZone"] = "Africa/Casablanca",
        };
        for (var i = 0; i < count; i++)
        {
            settings[$"Organization:Reps:{i}:Name"] = $"Rep {i}";
            settings[$"Organization:Reps:{i}:AadObjectId"] = RepObjectId(i);
            settings[$"Organization:Reps:{i}:Region"] = "mea";
        }
        return settings;
    }
}
