using System.Text.Json.Nodes;
using Azure.Data.Tables;
using CoachBot.Teams;
using CoachBot.Teams.Delivery;
using CoachBot.Tests.Arrival;
using CoachBot.Tests.Infrastructure;

namespace CoachBot.Tests.Teams.Delivery;

/// <summary>
/// The local run's Playground answers 404 to a send to anyone it does not play right now: there the conversation
/// stays active (it comes back when the Playground plays that person). A signed bot in Production still takes a 404 as
/// Teams means it: the conversation is gone.
/// </summary>
public sealed class LocalRunDeliveryTests
{
    private static readonly JsonObject Card = new()
    {
        ["type"] = "AdaptiveCard", ["version"] = "1.5",
        ["body"] = new JsonArray(new JsonObject { ["type"] = "TextBlock", ["text"] = "Your request was acknowledged" }),
    };

    private static Campaign CampaignTo(TeamsUserAccount user, string id) => new(id, [Recipient.WithCard(user.AadObjectId!, () => Card.DeepClone().AsObject())]);

    [Fact]
    public async Task InTheLocalRunA404FromThePlaygroundKeepsTheConversationActiveAndTheNextSendReachesThePerson()
    {
        var wei = TestRoster.EnglishRep;
        await using var bot = await BotApp.StartAsync(new Dictionary<string, string?>(DeliveryTestBed.FastSettings) { [LocalRunPolicy.Setting] = "true" });
        (await bot.Http.PostAsync(TeamsActivities.InstallationAdd(wei, bot.Connector.ServiceUrl))).EnsureSuccessStatusCode();
        bot.Connector.Fault = request => DeliveryTestBed.ConversationOf(request) == wei.ConversationId ? 404 : null;
        var engine = bot.Service<DeliveryEngine>();

        var away = await engine.RunAsync(CampaignTo(wei, "local404/1"), CancellationToken.None);

        Assert.Equal(0, away.Inactive);
        Assert.Equal(1, away.Failed);
        var stored = await bot.Service<ConversationReferenceStore>().GetAsync(wei.AadObjectId!, CancellationToken.None);
        Assert.True(stored!.Active);

        // The Playground plays Wei again: the next message reaches him.
        bot.Connector.Fault = null;
        var back = await engine.RunAsync(CampaignTo(wei, "local404/2"), CancellationToken.None);
        Assert.Equal(1, back.Sent);
    }

    [Fact]
    public async Task WithoutTheLocalRunSettingA404StillMarksTheConversationInactiveInDevelopment()
    {
        var wei = TestRoster.EnglishRep;
        await using var bot = await BotApp.StartAsync(new Dictionary<string, string?>(DeliveryTestBed.FastSettings));
        (await bot.Http.PostAsync(TeamsActivities.InstallationAdd(wei, bot.Connector.ServiceUrl))).EnsureSuccessStatusCode();
        bot.Connector.Fault = request => DeliveryTestBed.ConversationOf(request) == wei.ConversationId ? 404 : null;

        var result = await bot.Service<DeliveryEngine>().RunAsync(CampaignTo(wei, "dev404/1"), CancellationToken.None);

        Assert.Equal(1, result.Inactive);
        Assert.False((await bot.Service<ConversationReferenceStore>().GetAsync(wei.AadObjectId!, CancellationToken.None))!.Active);
    }

    [Fact]
    public async Task ASignedBotInProductionMarksTheConversationInactiveOnA404EvenWithTheLocalRunSetting()
    {
        await using var identity = await LocalIdentityProvider.StartAsync();
        await using var connector = await LoopbackConnector.StartAsync();
        var bundle = identity.WriteTrustBundle();
        try
        {
            var appId = Guid.NewGuid().ToString();
            var prefix = Azurite.NewPrefix();
            var settings = new Dictionary<string, string>
            {
                ["MicrosoftAppType"] = "MultiTenant", ["MicrosoftAppId"] = appId, ["MicrosoftAppPassword"] = "a-client-secret",
                ["SSL_CERT_FILE"] = bundle, ["Storage:ConnectionString"] = await Azurite.ConnectionStringAsync(), ["Storage:TablePrefix"] = prefix,
                [LocalRunPolicy.Setting] = "true",
            };
            foreach (var (key, value) in identity.BotSettings().Concat(TestRoster.Settings().Select(p => KeyValuePair.Create(p.Key, p.Value ?? ""))))
            {
                settings[key] = value;
            }
            await using var bot = await BotProcess.StartAsync(settings);
            var signed = "Bearer " + identity.ChannelToken(appId, connector.ServiceUrl.ToString());
            var (amina, hugo) = (TestRoster.Rep, TestRoster.Lead);
            foreach (var user in new[] { amina, hugo })
            {
                (await bot.Http.PostAsync(TeamsActivities.InstallationAdd(user, connector.ServiceUrl), signed)).EnsureSuccessStatusCode();
            }
            connector.Fault = request => DeliveryTestBed.ConversationOf(request) == hugo.ConversationId ? 404 : null;

            // Amina opens a request: its card goes to Hugo, the BU lead, and Teams answers 404.
            var open = ArrivalTests.OpenRequestAction();
            open["data"]!["dueDate"] = DateTime.UtcNow.AddDays(21).ToString("yyyy-MM-dd");
            (await bot.Http.PostAsync(TeamsActivities.CardAction(amina, connector.ServiceUrl, open["verb"]!.GetValue<string>(), open["data"]!.DeepClone().AsObject()), signed))
                .EnsureSuccessStatusCode();

            var table = new TableClient(await Azurite.ConnectionStringAsync(), prefix + ConversationReferenceStore.TableName);
            var deadline = DateTime.UtcNow.AddSeconds(30);
            bool? active = true;
            while (active == true && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
                var row = await table.GetEntityIfExistsAsync<TableEntity>(hugo.AadObjectId!, "personal");
                active = row.HasValue ? row.Value!.GetBoolean("Active") : null;
            }
            Assert.True(connector.RequestsTo(hugo.ConversationId) >= 1, bot.Output);
            Assert.False(active, bot.Output);
        }
        finally
        {
            File.Delete(bundle);
        }
    }
}
