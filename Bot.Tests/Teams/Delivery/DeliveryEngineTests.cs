using System.Collections.Concurrent;
using Azure.Core;
using CoachBot.Storage;
using CoachBot.Teams;
using CoachBot.Teams.Delivery;
using CoachBot.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace CoachBot.Tests.Teams.Delivery;

public sealed class DeliveryEngineTests
{
    [Fact]
    public async Task EveryRecipientGetsOneCardAndTheRecordKeepsItsActivityId()
    {
        await using var bed = await DeliveryTestBed.StartAsync(recipients: 5);

        var result = await bed.Engine.RunAsync(bed.Campaign("checkin/2026-W48/mea"), CancellationToken.None);

        Assert.Equal(5, result.Sent);
        foreach (var user in bed.Users)
        {
            var sent = Assert.Single(bed.Connector.SentTo(user.ConversationId));
            Assert.NotNull(sent.Card);
            var record = await bed.RecordAsync("checkin/2026-W48/mea", user);
            Assert.Equal(DeliveryState.Sent, record?.State);
            Assert.Equal(sent.ActivityId, record?.ActivityId);
        }
    }

    [Fact]
    public async Task TheResultGivesTheActivityIdOfEachRecipientsMessageSentNowOrByAnEarlierRun()
    {
        await using var bed = await DeliveryTestBed.StartAsync(recipients: 3);
        var campaign = bed.Campaign("request/REQ-2026-0042/opened");
        var earlier = await bed.Engine.RunAsync(campaign with { Recipients = campaign.Recipients.Take(1).ToList() }, CancellationToken.None);
        // Nobody stored a conversation for this one: skipped, no message.
        var unknown = Recipient.WithText(Guid.NewGuid().ToString("D"), "Hello");

        var result = await bed.Engine.RunAsync(campaign with { Recipients = [.. campaign.Recipients, unknown] }, CancellationToken.None);

        Assert.Equal((1, 2, 1), (result.AlreadyDone, result.Sent, result.Skipped));
        for (var i = 0; i < bed.Users.Count; i++)
        {
            var sent = Assert.Single(bed.Connector.SentTo(bed.Users[i].ConversationId));
            Assert.Equal(sent.ActivityId, result.ActivityIdOf(campaign.Recipients[i]));
        }
        Assert.Equal(earlier.ActivityIdOf(campaign.Recipients[0]), result.ActivityIdOf(campaign.Recipients[0]));
        Assert.Null(result.ActivityIdOf(unknown));
        Assert.Equal(3, result.ActivityIds.Count);
        // The object id in another spelling names the same person.
        Assert.Equal(result.ActivityIdOf(campaign.Recipients[1]), result.ActivityIdOf(Recipient.WithText(bed.Users[1].AadObjectId!.ToUpperInvariant(), "Hello")));
    }

    [Fact]
    public async Task ACampaignStartedOnTwoInstancesAtOnceAndAgainLaterSendsEachRecipientOneMessage()
    {
        await using var first = await DeliveryTestBed.StartAsync(recipients: 20);
        await using var second = await first.SecondInstanceAsync();
        var campaign = first.Campaign("reminder/2026-W48/apac");

        var results = await Task.WhenAll(
            first.Engine.RunAsync(campaign, CancellationToken.None),
            second.Engine.RunAsync(campaign, CancellationToken.None));
        var again = await first.Engine.RunAsync(campaign, CancellationToken.None);

        Assert.All(first.Users, user => Assert.Single(first.Connector.SentTo(user.ConversationId)));
        Assert.Equal(20, results.Sum(r => r.Sent));
        Assert.Equal(20, again.AlreadyDone);
        Assert.Equal(0, again.Sent);
    }

    [Fact]
    public async Task ARecipientClaimedByALiveOwnerIsNotSentAgainWhenThatOwnerRecordsTheSend()
    {
        await using var bed = await DeliveryTestBed.StartAsync(recipients: 3);
        const string campaignId = "digest/2026-W48/director";
        var taken = bed.Users[0];
        var other = await bed.Bot.Service<DeliveryLedger>().OpenAsync(campaignId, CancellationToken.None);
        var claim = await other.TryClaimAsync(taken.AadObjectId!, "another-instance", null);
        Assert.NotNull(claim);

        var run = bed.Engine.RunAsync(bed.Campaign(campaignId), CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.False(run.IsCompleted, "the run must wait for the other owner, neither send nor give up");
        await other.TryCompleteAsync(claim, DeliveryState.Sent, "sent-by-the-other-instance", null, false);
        await other.DisposeAsync();
        var result = await run;

        Assert.Empty(bed.Connector.SentTo(taken.ConversationId));
        Assert.Equal(2, result.Sent);
        Assert.Equal(1, result.AlreadyDone);
        Assert.Equal("sent-by-the-other-instance", (await bed.RecordAsync(campaignId, taken))?.ActivityId);
        Assert.Equal("sent-by-the-other-instance", result.ActivityIds[taken.AadObjectId!]);
    }

    [Fact]
    public async Task AResumedCampaignSendsOnlyWhatTheCrashedRunHadNotRecordedAndCountsTheTakeoverAsAPossibleDuplicate()
    {
        await using var bed = await DeliveryTestBed.StartAsync(recipients: 4);
        const string campaignId = "coaching/2026-W48/mea";
        // The crashed run, an hour ago: it recorded two sends, then died holding a claim on the third.
        var anHourAgo = new FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(-1));
        await using (var crashed = await new DeliveryLedger(bed.Bot.Service<Tables>(), anHourAgo).OpenAsync(campaignId, CancellationToken.None))
        {
            foreach (var done in bed.Users.Take(2))
            {
                var claim = await crashed.TryClaimAsync(done.AadObjectId!, "crashed-instance", null);
                await crashed.TryCompleteAsync(claim!, DeliveryState.Sent, "sent-before-the-crash", null, false);
            }
            await crashed.TryClaimAsync(bed.Users[2].AadObjectId!, "crashed-instance", null);
        }

        var result = await bed.Engine.RunAsync(bed.Campaign(campaignId), CancellationToken.None);

        Assert.Empty(bed.Connector.SentTo(bed.Users[0].ConversationId));
        Assert.Empty(bed.Connector.SentTo(bed.Users[1].ConversationId));
        Assert.Single(bed.Connector.SentTo(bed.Users[2].ConversationId));
        Assert.Single(bed.Connector.SentTo(bed.Users[3].ConversationId));
        Assert.Equal(2, result.AlreadyDone);
        Assert.Equal(2, result.Sent);
        Assert.Equal(1, result.PossibleDuplicates);
        Assert.Equal(2, (await bed.RecordAsync(campaignId, bed.Users[2]))?.Claims);
    }

    [Fact]
    public async Task AStorageFailureOnOneRecipientFailsOnlyThatRecipientAndTheOthersAreSentExactlyOnce()
    {
        var storage = new StorageFaults();
        await using var bed = await DeliveryTestBed.StartAsync(recipients: 5, storageFaults: storage);
        const string campaignId = "storageoutage/2026-W48/mea";
        var unlucky = bed.Users[2];
        // The look-up of this one recipient's conversation reference fails; every other request reaches Azurite.
        storage.Fail = request => request.Method == RequestMethod.Get
            && request.Uri.ToString().Contains(ConversationReferenceStore.TableName, StringComparison.Ordinal)
            && request.Uri.ToString().Contains(unlucky.AadObjectId!, StringComparison.OrdinalIgnoreCase);

        var result = await bed.Engine.RunAsync(bed.Campaign(campaignId), CancellationToken.None);

        Assert.Equal(4, result.Sent);
        Assert.Equal(1, result.Failed);
        Assert.Equal(0, bed.Connector.RequestsTo(unlucky.ConversationId));
        foreach (var user in bed.Users.Where(u => u != unlucky))
        {
            Assert.Equal(1, bed.Connector.RequestsTo(user.ConversationId));
            Assert.Equal(DeliveryState.Sent, (await bed.RecordAsync(campaignId, user))?.State);
        }

        storage.Fail = null;
        var resumed = await bed.Engine.RunAsync(bed.Campaign(campaignId), CancellationToken.None);

        Assert.Equal(1, resumed.Sent);
        Assert.Equal(4, resumed.AlreadyDone);
        Assert.All(bed.Users, user => Assert.Equal(1, bed.Connector.RequestsTo(user.ConversationId)));
    }

    [Fact]
    public async Task AThrottledSendWaitsTheRetryAfterTeamsGivesThenSucceeds()
    {
        await using var bed = await DeliveryTestBed.StartAsync(recipients: 1);
        using var delays = new DeliveryMeasurements("coachbot.delivery.retry_delay");
        var attempts = new ConcurrentQueue<DateTimeOffset>();
        bed.Connector.Fault = request =>
        {
            attempts.Enqueue(DateTimeOffset.UtcNow);
            return attempts.Count == 1 ? 429 : null;
        };
        bed.Connector.FaultRetryAfter = _ => TimeSpan.FromSeconds(1);

        var result = await bed.Engine.RunAsync(bed.Campaign("throttlewithheader/1"), CancellationToken.None);

        Assert.Equal(1, result.Sent);
        Assert.Equal(1, result.Throttled);
        Assert.Single(bed.Connector.SentTo(bed.Users[0].ConversationId));
        var delay = Assert.Single(delays.Values, v => v.Tags["campaign"] == "throttlewithheader");
        Assert.Equal("retry-after", delay.Tags["source"]);
        Assert.Equal(1.0, delay.Value, precision: 3);
        var times = attempts.ToArray();
        Assert.True(times[1] - times[0] >= TimeSpan.FromSeconds(0.9), $"retried after {(times[1] - times[0]).TotalMilliseconds} ms");
    }

    [Fact]
    public async Task AThrottledSendWhoseRetryAfterExceedsMaxRetryDelayIsNotRetriedEarlyButLeftRetryableForTheNextRun()
    {
        await using var bed = await DeliveryTestBed.StartAsync(recipients: 2, new Dictionary<string, string?> { ["Delivery:MaxRetryDelay"] = "00:00:00.500" });
        const string campaignId = "longretryafter/1";
        var throttled = bed.Users[0];
        bed.Connector.Fault = request => DeliveryTestBed.ConversationOf(request) == throttled.ConversationId ? 429 : null;
        bed.Connector.FaultRetryAfter = _ => TimeSpan.FromSeconds(2);

        var result = await bed.Engine.RunAsync(bed.Campaign(campaignId), CancellationToken.None);

        // One request, no retry: retrying within MaxRetryDelay would be earlier than Teams asked.
        Assert.Equal(1, bed.Connector.RequestsTo(throttled.ConversationId));
        Assert.Equal(1, result.Failed);
        Assert.Equal(1, result.Throttled);
        Assert.Equal(0, result.Retries);
        Assert.Equal(1, result.Sent);
        var record = await bed.RecordAsync(campaignId, throttled);
        Assert.Equal(DeliveryState.Failed, record?.State);
        Assert.True(record?.Retryable);

        bed.Connector.Fault = null;
        var next = await bed.Engine.RunAsync(bed.Campaign(campaignId), CancellationToken.None);
        Assert.Equal(1, next.Sent);
        Assert.Equal(1, next.AlreadyDone);
        Assert.Single(bed.Connector.SentTo(throttled.ConversationId));
    }

    [Fact]
    public async Task AThrottledSendWithoutRetryAfterBacksOffExponentiallyWithJitter()
    {
        await using var bed = await DeliveryTestBed.StartAsync(recipients: 1);
        using var delays = new DeliveryMeasurements("coachbot.delivery.retry_delay");
        var attempts = 0;
        bed.Connector.Fault = _ => Interlocked.Increment(ref attempts) <= 3 ? 429 : null;

        var result = await bed.Engine.RunAsync(bed.Campaign("throttlenoheader/1"), CancellationToken.None);

        Assert.Equal(1, result.Sent);
        Assert.Equal(3, result.Throttled);
        Assert.Single(bed.Connector.SentTo(bed.Users[0].ConversationId));
        var waits = delays.Values.Where(v => v.Tags["campaign"] == "throttlenoheader").ToList();
        Assert.Equal(3, waits.Count);
        Assert.All(waits, w => Assert.Equal("backoff", w.Tags["source"]));
        // Base 50 ms: at least half of 50 ms × 2^attempt is always waited, and never more than MaxRetryDelay (2 s).
        Assert.All(waits.Select((w, attempt) => (w.Value, attempt)), w => Assert.InRange(w.Value, 0.025 * Math.Pow(2, w.attempt), 2.0));
        Assert.True(waits.Select(w => w.Value).Distinct().Count() > 1, "jittered backoff does not repeat the same delay");
    }

    [Theory]
    [InlineData(403)]
    [InlineData(404)]
    public async Task AConversationTeamsRefusesIsMarkedInactiveAndNotRetried(int status)
    {
        await using var bed = await DeliveryTestBed.StartAsync(recipients: 2);
        var blocked = bed.Users[0];
        bed.Connector.Fault = request => DeliveryTestBed.ConversationOf(request) == blocked.ConversationId ? status : null;

        var result = await bed.Engine.RunAsync(bed.Campaign($"blocked{status}/1"), CancellationToken.None);

        // Exactly the one refused send reached the conversation: no retry, and no "something went wrong" message from OnTurnError.
        Assert.Equal(1, bed.Connector.RequestsTo(blocked.ConversationId));
        Assert.Equal(1, result.Inactive);
        Assert.Equal(1, result.Sent);
        var stored = await bed.Bot.Service<ConversationReferenceStore>().GetAsync(blocked.AadObjectId!, CancellationToken.None);
        Assert.False(stored!.Active);
        Assert.Equal(DeliveryState.Failed, (await bed.RecordAsync($"blocked{status}/1", blocked))?.State);

        var later = await bed.Engine.RunAsync(bed.Campaign($"blocked{status}/2"), CancellationToken.None);
        Assert.Equal(1, bed.Connector.RequestsTo(blocked.ConversationId));
        Assert.Equal(1, later.Skipped);
    }

    [Fact]
    public async Task ATransientFailureIsRetriedExactlyMaxRetriesTimesWithNoHiddenRetryInTheSdk()
    {
        await using var bed = await DeliveryTestBed.StartAsync(recipients: 1);
        var attempts = 0;
        bed.Connector.Fault = _ =>
        {
            Interlocked.Increment(ref attempts);
            return 502;
        };

        var result = await bed.Engine.RunAsync(bed.Campaign("outage/1"), CancellationToken.None);

        // MaxRetries is 3 in the test bed: one attempt and three retries, each a single HTTP request.
        Assert.Equal(4, attempts);
        Assert.Equal(1, result.Failed);
        var record = await bed.RecordAsync("outage/1", bed.Users[0]);
        Assert.Equal(DeliveryState.Failed, record?.State);
        Assert.True(record?.Retryable);

        bed.Connector.Fault = null;
        var resumed = await bed.Engine.RunAsync(bed.Campaign("outage/1"), CancellationToken.None);
        Assert.Equal(1, resumed.Sent);
        Assert.Single(bed.Connector.SentTo(bed.Users[0].ConversationId));
    }
}
