using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using CoachBot.Teams;
using CoachBot.Teams.Delivery;
using CoachBot.Tests.Infrastructure;

namespace CoachBot.Tests.Teams.Delivery;

/// <summary>Updates of cards already sent (PUT on their activity) and plain text messages, through the same engine and ledger as sends.</summary>
public sealed class DeliveryUpdateTests
{
    private static JsonObject Card(string text) => new()
    {
        ["type"] = "AdaptiveCard",
        ["version"] = "1.5",
        ["body"] = new JsonArray(new JsonObject { ["type"] = "TextBlock", ["text"] = text }),
    };

    /// <summary>Sends each user the request card and returns each one's activity id, read from the ledger as a caller would.</summary>
    private static async Task<Dictionary<TeamsUserAccount, string>> SendCardsAsync(DeliveryTestBed bed, string campaignId)
    {
        var campaign = new Campaign(campaignId, bed.Users.Select(u => Recipient.WithCard(u.AadObjectId!, () => Card("REQ-2026-0042: open"))).ToList());
        Assert.Equal(bed.Users.Count, (await bed.Engine.RunAsync(campaign, CancellationToken.None)).Sent);
        var records = await bed.Bot.Service<DeliveryLedger>().ReadCampaignAsync(campaignId, CancellationToken.None);
        return bed.Users.ToDictionary(u => u, u => records[u.AadObjectId!].ActivityId!);
    }

    private static string? TextOf(RecordedActivity activity) =>
        activity.Card?["body"]?[0]?["text"]?.GetValue<string>();

    [Fact]
    public async Task AnUpdateReplacesTheRightActivityOfEachHolderAndIsLedgeredOnceWhenTheCampaignRunsTwice()
    {
        await using var bed = await DeliveryTestBed.StartAsync(recipients: 3);
        var sent = await SendCardsAsync(bed, "request/REQ-2026-0042/opened");
        var update = new Campaign("request/REQ-2026-0042/acknowledged", bed.Users
            .Select(u => Recipient.Update(u.AadObjectId!, sent[u], () => Card("REQ-2026-0042: acknowledged")))
            .ToList());

        var first = await bed.Engine.RunAsync(update, CancellationToken.None);
        var second = await bed.Engine.RunAsync(update, CancellationToken.None);

        Assert.Equal(3, first.Sent);
        Assert.Equal(0, second.Sent);
        Assert.Equal(3, second.AlreadyDone);
        foreach (var user in bed.Users)
        {
            var activities = bed.Connector.SentTo(user.ConversationId);
            Assert.Equal(["POST", "PUT"], activities.Select(a => a.Method));
            var put = activities[1];
            Assert.Equal(sent[user], put.ActivityId);
            Assert.Equal("REQ-2026-0042: acknowledged", TextOf(put));
            var record = await bed.Bot.Service<DeliveryLedger>().GetAsync(
                "request/REQ-2026-0042/acknowledged", DeliveryLedger.RecipientKey(user.AadObjectId!, sent[user]), CancellationToken.None);
            Assert.Equal(DeliveryState.Sent, record?.State);
            Assert.Equal(sent[user], record?.ActivityId);
        }
    }

    [Fact]
    public async Task TwoCopiesHeldByOnePersonAreBothUpdatedInOneCampaign()
    {
        await using var bed = await DeliveryTestBed.StartAsync(recipients: 1);
        var user = bed.Users[0];
        // The same person got the card twice, say as the BU's lead and as the director.
        var asLead = (await SendCardsAsync(bed, "request/REQ-2026-0043/leads"))[user];
        var asDirector = (await SendCardsAsync(bed, "request/REQ-2026-0043/director"))[user];

        var campaign = new Campaign("request/REQ-2026-0043/closed",
        [
            Recipient.Update(user.AadObjectId!, asLead, () => Card("closed")),
            Recipient.Update(user.AadObjectId!, asDirector, () => Card("closed")),
            Recipient.Update(user.AadObjectId!, asDirector, () => Card("closed")),
        ]);
        var result = await bed.Engine.RunAsync(campaign, CancellationToken.None);

        Assert.Equal(2, result.Sent);
        Assert.Equal(new[] { asLead, asDirector }, campaign.Recipients.Take(2).Select(result.ActivityIdOf));
        var puts = bed.Connector.SentTo(user.ConversationId).Where(a => a.Method == "PUT").ToList();
        Assert.Equal(new[] { asLead, asDirector }.Order(), puts.Select(p => p.ActivityId).Order());
    }

    [Fact]
    public async Task ATextMessageReachesThePersonOnceAsPlainText()
    {
        await using var bed = await DeliveryTestBed.StartAsync(recipients: 2);
        var rep = bed.Users[0];
        var campaign = new Campaign("request/REQ-2026-0044/acknowledged/rep",
            [Recipient.WithText(rep.AadObjectId!, "Hugo Bernard acknowledged REQ-2026-0044: delivery by 4 December.")]);

        var first = await bed.Engine.RunAsync(campaign, CancellationToken.None);
        var second = await bed.Engine.RunAsync(campaign, CancellationToken.None);

        Assert.Equal(1, first.Sent);
        Assert.Equal(1, second.AlreadyDone);
        var message = Assert.Single(bed.Connector.SentTo(rep.ConversationId));
        Assert.Equal("POST", message.Method);
        Assert.Equal("message", message.Type);
        Assert.Equal("Hugo Bernard acknowledged REQ-2026-0044: delivery by 4 December.", message.Text);
        Assert.Null(message.Card);
        Assert.Empty(bed.Connector.SentTo(bed.Users[1].ConversationId));
        Assert.Equal(message.ActivityId, (await bed.RecordAsync("request/REQ-2026-0044/acknowledged/rep", rep))?.ActivityId);
    }

    [Fact]
    public async Task AThrottledUpdateWaitsTheRetryAfterTeamsGivesThenSucceeds()
    {
        await using var bed = await DeliveryTestBed.StartAsync(recipients: 1);
        var user = bed.Users[0];
        var activityId = (await SendCardsAsync(bed, "request/REQ-2026-0045/opened"))[user];
        var attempts = new ConcurrentQueue<DateTimeOffset>();
        bed.Connector.Fault = request =>
        {
            if (request.Method != "PUT")
            {
                return null;
            }
            attempts.Enqueue(DateTimeOffset.UtcNow);
            return attempts.Count == 1 ? 429 : null;
        };
        bed.Connector.FaultRetryAfter = _ => TimeSpan.FromSeconds(1);

        var result = await bed.Engine.RunAsync(new Campaign("request/REQ-2026-0045/acknowledged",
            [Recipient.Update(user.AadObjectId!, activityId, () => Card("acknowledged"))]), CancellationToken.None);

        Assert.Equal(1, result.Sent);
        Assert.Equal(1, result.Throttled);
        var times = attempts.ToArray();
        Assert.Equal(2, times.Length);
        Assert.True(times[1] - times[0] >= TimeSpan.FromSeconds(0.9), $"retried after {(times[1] - times[0]).TotalMilliseconds} ms");
        var put = Assert.Single(bed.Connector.SentTo(user.ConversationId), a => a.Method == "PUT");
        Assert.Equal(activityId, put.ActivityId);
    }

    [Fact]
    public async Task AnUpdateOfAMessageThatNoLongerExistsFailsForGoodButLeavesTheConversationActive()
    {
        await using var bed = await DeliveryTestBed.StartAsync(recipients: 1);
        var user = bed.Users[0];
        var activityId = (await SendCardsAsync(bed, "request/REQ-2026-0046/opened"))[user];
        bed.Connector.Fault = request => request.Method == "PUT" ? 404 : null;
        var update = new Campaign("request/REQ-2026-0046/acknowledged",
            [Recipient.Update(user.AadObjectId!, activityId, () => Card("acknowledged"))]);

        var result = await bed.Engine.RunAsync(update, CancellationToken.None);
        var again = await bed.Engine.RunAsync(update, CancellationToken.None);
        var sentence = await bed.Engine.RunAsync(new Campaign("request/REQ-2026-0046/acknowledged/rep",
            [Recipient.WithText(user.AadObjectId!, "REQ-2026-0046 was acknowledged.")]), CancellationToken.None);

        Assert.Equal(1, result.Failed);
        Assert.Equal(0, result.Inactive);
        Assert.Equal(1, again.AlreadyDone);
        // The one PUT, not retried; the conversation still takes messages.
        Assert.Equal(3, bed.Connector.RequestsTo(user.ConversationId));
        var stored = await bed.Bot.Service<ConversationReferenceStore>().GetAsync(user.AadObjectId!, CancellationToken.None);
        Assert.True(stored!.Active);
        Assert.Equal(1, sentence.Sent);
        var record = await bed.Bot.Service<DeliveryLedger>().GetAsync(
            "request/REQ-2026-0046/acknowledged", DeliveryLedger.RecipientKey(user.AadObjectId!, activityId), CancellationToken.None);
        Assert.Equal(DeliveryState.Failed, record?.State);
        Assert.False(record?.Retryable);
        Assert.StartsWith("activity gone: 404", record?.Reason);
    }

    [Fact]
    public async Task AnUpdateToSomeoneWhoBlockedTheBotMarksTheConversationInactiveAsASendWould()
    {
        await using var bed = await DeliveryTestBed.StartAsync(recipients: 1);
        var user = bed.Users[0];
        var activityId = (await SendCardsAsync(bed, "request/REQ-2026-0047/opened"))[user];
        bed.Connector.Fault = request => request.Method == "PUT" ? 403 : null;

        var result = await bed.Engine.RunAsync(new Campaign("request/REQ-2026-0047/acknowledged",
            [Recipient.Update(user.AadObjectId!, activityId, () => Card("acknowledged"))]), CancellationToken.None);

        Assert.Equal(1, result.Inactive);
        var stored = await bed.Bot.Service<ConversationReferenceStore>().GetAsync(user.AadObjectId!, CancellationToken.None);
        Assert.False(stored!.Active);
    }
}
