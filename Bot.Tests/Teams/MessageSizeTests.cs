using System.Text;
using System.Text.Json.Nodes;
using CoachBot.Features;
using CoachBot.Teams;
using CoachBot.Teams.Delivery;
using CoachBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CoachBot.Tests.Teams;

/// <summary>
/// No message Teams would refuse: every activity is measured where it crosses to the SDK (replies, card answers,
/// proactive sends), and one over 28 KB is replaced by a short notice in the person's language.
/// </summary>
public sealed class MessageSizeTests
{
    /// <summary>A feature of the test's own that answers with a card of the size asked: <c>huge</c> by chat, <c>huge.click</c> by button.</summary>
    private sealed class HugeCards : IFeature
    {
        public static readonly ChatCommand Huge = new("huge", "énorme", "cmd_reach");

        public IReadOnlyList<ChatCommand> Commands { get; } = [Huge];

        public IReadOnlyList<string> Verbs { get; } = ["huge.click"];

        public Task<FeatureReply> RunCommandAsync(ChatCommand command, string argument, Caller caller, CancellationToken cancellationToken) =>
            Task.FromResult(FeatureReply.Card(Card(int.Parse(argument, System.Globalization.CultureInfo.InvariantCulture))));

        public Task<FeatureReply> RunActionAsync(CardAction action, Caller caller, CancellationToken cancellationToken) =>
            Task.FromResult(FeatureReply.Card(Card(action.Data["bytes"]!.GetValue<int>())));
    }

    internal static JsonObject Card(int bytes) => new()
    {
        ["type"] = "AdaptiveCard",
        ["version"] = "1.5",
        ["body"] = new JsonArray(new JsonObject { ["type"] = "TextBlock", ["text"] = new string('x', bytes), ["wrap"] = true }),
    };

    private static Task<BotApp> StartAsync() => BotApp.StartAsync(services: s => s.AddSingleton<IFeature, HugeCards>());

    /// <summary>The size of an activity as the connector received it.</summary>
    internal static int Bytes(RecordedActivity activity) => Encoding.UTF8.GetByteCount(activity.Activity.ToJsonString());

    [Fact]
    public async Task AReplyOverTheLimitIsReplacedByANoticeInTheCallersLanguageAndOneUnderItGoesAsItIs()
    {
        await using var bot = await StartAsync();
        var rep = TestRoster.EnglishRep;

        await bot.Http.PostAsync(TeamsActivities.Message(rep, bot.Connector.ServiceUrl, "huge 20000"));
        var small = await bot.Connector.WaitForAsync(a => a.ConversationId == rep.ConversationId);
        await bot.Http.PostAsync(TeamsActivities.Message(rep, bot.Connector.ServiceUrl, "huge 40000"));
        await bot.Connector.WaitForAsync(_ => bot.Connector.SentTo(rep.ConversationId).Count == 2);
        var large = bot.Connector.SentTo(rep.ConversationId)[1];

        Assert.NotNull(small.Card);
        Assert.Null(large.Card);
        Assert.Equal(BotTestBed.Text("en", "message_too_large"), large.Text);
        Assert.InRange(Bytes(large), 1, MessageSize.MaxBytes);
    }

    [Fact]
    public async Task ACardAnswerOverTheLimitLeavesTheClickedCardAndShowsTheNoticeInFrench()
    {
        await using var bot = await StartAsync();

        var response = await bot.Http.PostAsync(TeamsActivities.CardAction(TestRoster.Rep, bot.Connector.ServiceUrl, "huge.click", new JsonObject { ["bytes"] = 40_000 }));
        var answer = (await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<JsonObject>(response.Content))!;

        Assert.Equal("application/vnd.microsoft.activity.message", answer["type"]!.GetValue<string>());
        Assert.Equal(BotTestBed.Text("fr", "message_too_large"), answer["value"]!.GetValue<string>());
    }

    [Fact]
    public async Task AProactiveCardOverTheLimitGoesOutAsTheNoticeInstead()
    {
        await using var bot = await StartAsync();
        var rep = TestRoster.EnglishRep;
        await bot.Http.PostAsync(TeamsActivities.InstallationAdd(rep, bot.Connector.ServiceUrl));
        await bot.Connector.WaitForAsync(a => a.ConversationId == rep.ConversationId);
        var reference = (await bot.Service<ConversationReferenceStore>().GetAsync(rep.AadObjectId!, CancellationToken.None))!.Reference;

        await bot.Service<ProactiveSender>().SendAsync(reference, Card(60_000), CancellationToken.None);

        var sent = bot.Connector.SentTo(rep.ConversationId)[^1];
        Assert.Null(sent.Card);
        Assert.Equal(BotTestBed.Text("en", "message_too_large"), sent.Text);
    }
}
