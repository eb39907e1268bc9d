using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using CoachBot.Storage;
using CoachBot.Teams.Delivery;
using CoachBot.Tests.Infrastructure;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CoachBot.Tests.Teams.Delivery;

/// <summary>The ledger on its own, on Azurite: each state change, each lost race, and the group commit.</summary>
public sealed class DeliveryLedgerTests
{
    private const string CampaignId = "checkin/2026-W48/mea";
    private static readonly TimeSpan Hung = TimeSpan.FromSeconds(30);
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task AClaimRecordsItsOwnerAndTimeAndOfTwoClaimsOnOneRecipientTheSecondLoses()
    {
        var ledger = await LedgerAsync();
        await using var records = await ledger.Ledger.OpenAsync(CampaignId, CancellationToken.None);

        var claim = await records.TryClaimAsync("rep-1", "instance-a", null);
        var late = await records.TryClaimAsync("rep-1", "instance-b", null);

        Assert.NotNull(claim);
        Assert.Null(late);
        var stored = await ledger.Ledger.GetAsync(CampaignId, "rep-1", CancellationToken.None);
        Assert.Equal(claim, stored);
        Assert.Equal(DeliveryState.Claimed, stored!.State);
        Assert.Equal("instance-a", stored.Owner);
        Assert.Equal(Now, stored.ClaimedAt);
        Assert.Equal(1, stored.Claims);
        Assert.False(stored.IsFinished);
    }

    [Fact]
    public async Task ATakeoverCountsTheClaimAndAStaleRecordCannotBeClaimedAgain()
    {
        var ledger = await LedgerAsync();
        await using var records = await ledger.Ledger.OpenAsync(CampaignId, CancellationToken.None);
        var first = await records.TryClaimAsync("rep-1", "crashed", null);

        var takeover = await records.TryClaimAsync("rep-1", "instance-b", first);
        var stale = await records.TryClaimAsync("rep-1", "instance-c", first);

        Assert.Equal(2, takeover?.Claims);
        Assert.Equal("instance-b", takeover?.Owner);
        Assert.Null(stale);
        Assert.Equal(takeover, await ledger.Ledger.GetAsync(CampaignId, "rep-1", CancellationToken.None));
    }

    [Fact]
    public async Task TheOutcomeIsRecordedOverTheOwnClaimKeepingTheClaimAndOnlyOnce()
    {
        var ledger = await LedgerAsync();
        await using var records = await ledger.Ledger.OpenAsync(CampaignId, CancellationToken.None);
        var claim = await records.TryClaimAsync("rep-1", "instance-a", null);
        ledger.Clock.Advance(TimeSpan.FromSeconds(3));

        var sent = await records.TryCompleteAsync(claim!, DeliveryState.Sent, "activity-1", null, false);
        var again = await records.TryCompleteAsync(claim!, DeliveryState.Failed, null, "late", true);

        Assert.NotNull(sent);
        Assert.Null(again);
        var stored = await ledger.Ledger.GetAsync(CampaignId, "rep-1", CancellationToken.None);
        Assert.Equal(sent, stored);
        Assert.Equal(DeliveryState.Sent, stored!.State);
        Assert.Equal("activity-1", stored.ActivityId);
        Assert.Equal("instance-a", stored.Owner);
        Assert.Equal(Now, stored.ClaimedAt);
        Assert.Equal(1, stored.Claims);
        Assert.True(stored.IsFinished);
        var raw = await ledger.RawAsync("rep-1");
        Assert.Equal(Now.AddSeconds(3), raw.GetDateTimeOffset("CompletedAt"));
    }

    [Fact]
    public async Task ARetryableFailureIsRecordedWithItsReasonAndIsNotFinished()
    {
        var ledger = await LedgerAsync();
        await using var records = await ledger.Ledger.OpenAsync(CampaignId, CancellationToken.None);
        var claim = await records.TryClaimAsync("rep-1", "instance-a", null);

        var failed = await records.TryCompleteAsync(claim!, DeliveryState.Failed, null, "throttled", retryable: true);

        var stored = await ledger.Ledger.GetAsync(CampaignId, "rep-1", CancellationToken.None);
        Assert.Equal(failed, stored);
        Assert.Equal(DeliveryState.Failed, stored!.State);
        Assert.Equal("throttled", stored.Reason);
        Assert.True(stored.Retryable);
        Assert.False(stored.IsFinished);
    }

    [Fact]
    public async Task ASkipIsRecordedWithoutAClaimAndKeepsTheClaimsCount()
    {
        var ledger = await LedgerAsync();
        await using var records = await ledger.Ledger.OpenAsync(CampaignId, CancellationToken.None);
        var claimed = await records.TryClaimAsync("rep-2", "instance-a", null);
        ledger.Clock.Advance(TimeSpan.FromMinutes(1));

        var fresh = await records.TrySkipAsync("rep-1", "no conversation", null);
        var overClaim = await records.TrySkipAsync("rep-2", "app removed", claimed);
        var lost = await records.TrySkipAsync("rep-1", "no conversation", null);

        Assert.Null(lost);
        Assert.Equal(DeliveryState.Skipped, fresh?.State);
        Assert.Equal(0, fresh?.Claims);
        Assert.Equal("no conversation", fresh?.Reason);
        Assert.Null(fresh?.Owner);
        Assert.True(fresh?.IsFinished);
        Assert.Equal(1, overClaim?.Claims);
        Assert.Equal("app removed", overClaim?.Reason);
        Assert.Equal(overClaim, await ledger.Ledger.GetAsync(CampaignId, "rep-2", CancellationToken.None));
        Assert.Equal(Now.AddMinutes(1), (await ledger.RawAsync("rep-1")).GetDateTimeOffset("CompletedAt"));
    }

    [Fact]
    public async Task ARecordDeletedSinceItWasReadIsALostRaceNotAnError()
    {
        var ledger = await LedgerAsync();
        await using var records = await ledger.Ledger.OpenAsync(CampaignId, CancellationToken.None);
        var claim = await records.TryClaimAsync("rep-1", "instance-a", null);
        var table = await ledger.Tables.GetAsync(DeliveryLedger.TableName, CancellationToken.None);
        await table.DeleteEntityAsync(DeliveryLedger.PartitionKeyOf(CampaignId), "rep-1");

        Assert.Null(await records.TryCompleteAsync(claim!, DeliveryState.Sent, "activity-1", null, false));
        Assert.Null(await ledger.Ledger.GetAsync(CampaignId, "rep-1", CancellationToken.None));
    }

    [Fact]
    public async Task AStorageFailureOnAWriteIsThrownToTheCallerNotTakenForALostRace()
    {
        var faults = new StorageFaults();
        var ledger = await LedgerAsync(faults);
        faults.Fail = _ => true;
        await using var records = await ledger.Ledger.OpenAsync(CampaignId, CancellationToken.None);

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => records.TryClaimAsync("rep-1", "instance-a", null));

        Assert.Equal(503, error.Status);
    }

    [Fact]
    public async Task ACampaignIsReadWholeAndWithoutAnyOtherCampaignsRecords()
    {
        var ledger = await LedgerAsync();
        await using (var records = await ledger.Ledger.OpenAsync(CampaignId, CancellationToken.None))
        await using (var other = await ledger.Ledger.OpenAsync("checkin/2026-W48/apac", CancellationToken.None))
        {
            await records.TryClaimAsync("rep-1", "instance-a", null);
            await records.TrySkipAsync("rep-2", "no conversation", null);
            await other.TryClaimAsync("rep-3", "instance-a", null);
        }

        var read = await ledger.Ledger.ReadCampaignAsync(CampaignId, CancellationToken.None);

        Assert.Equal(new[] { "rep-1", "rep-2" }, read.Keys.Order());
        Assert.Equal(DeliveryState.Claimed, read["rep-1"].State);
        Assert.Equal(DeliveryState.Skipped, read["rep-2"].State);
        Assert.Empty(await ledger.Ledger.ReadCampaignAsync("checkin/2026-W49/mea", CancellationToken.None));
        Assert.Null(await ledger.Ledger.GetAsync(CampaignId, "rep-3", CancellationToken.None));
    }

    [Fact]
    public async Task ARecordInAStateThisVersionDoesNotKnowReadsAsFailed()
    {
        var ledger = await LedgerAsync();
        var table = await ledger.Tables.GetAsync(DeliveryLedger.TableName, CancellationToken.None);
        await table.AddEntityAsync(new TableEntity(DeliveryLedger.PartitionKeyOf(CampaignId), "rep-1") { ["State"] = "Archived", ["Claims"] = 1 });

        var record = await ledger.Ledger.GetAsync(CampaignId, "rep-1", CancellationToken.None);

        Assert.Equal(DeliveryState.Failed, record?.State);
    }

    [Theory]
    [InlineData(DeliveryState.Claimed, false, false)]
    [InlineData(DeliveryState.Sent, false, true)]
    [InlineData(DeliveryState.Skipped, false, true)]
    [InlineData(DeliveryState.Failed, false, true)]
    [InlineData(DeliveryState.Failed, true, false)]
    public void OnlySentSkippedAndFailuresThatWillNotPassAreFinished(DeliveryState state, bool retryable, bool finished)
    {
        var record = new DeliveryRecord("rep-1", state, null, null, 1, null, null, ETag.All) { Retryable = retryable };

        Assert.Equal(finished, record.IsFinished);
    }

    [Fact]
    public async Task WritesQueuedBehindOneInFlightGoOutTogetherInOneGroupCommit()
    {
        var gate = new StorageGate();
        var ledger = await LedgerAsync(gate);
        await using var records = await ledger.Ledger.OpenAsync(CampaignId, CancellationToken.None);

        var (first, queued) = await QueueBehindAsync(gate, records, 30);

        Assert.NotNull(await first);
        var claims = await Task.WhenAll(queued).WaitAsync(Hung);
        Assert.Equal(1, gate.Transactions);
        var stored = await ledger.Ledger.ReadCampaignAsync(CampaignId, CancellationToken.None);
        Assert.Equal(31, stored.Count);
        // Each answer carries the ETag the row has now, so the caller's next conditional write goes through.
        Assert.All(claims, claim => Assert.Equal(stored[claim!.RecipientId], claim));
        var completed = await Task.WhenAll(claims.Select(c => records.TryCompleteAsync(c!, DeliveryState.Sent, "activity", null, false)));
        Assert.All(completed, Assert.NotNull);
    }

    [Fact]
    public async Task MoreWritesThanOneTransactionHoldsAreCommittedInSeveral()
    {
        var gate = new StorageGate();
        var ledger = await LedgerAsync(gate);
        await using var records = await ledger.Ledger.OpenAsync(CampaignId, CancellationToken.None);

        var (first, queued) = await QueueBehindAsync(gate, records, 150);

        await first;
        Assert.All(await Task.WhenAll(queued).WaitAsync(Hung), Assert.NotNull);
        Assert.Equal(2, gate.Transactions);
        Assert.Equal(151, (await ledger.Ledger.ReadCampaignAsync(CampaignId, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task AGroupCommitWithOneLostRaceIsRetriedOneByOneSoOnlyThatWriteLoses()
    {
        var gate = new StorageGate { Armed = false };
        var ledger = await LedgerAsync(gate);
        await using var records = await ledger.Ledger.OpenAsync(CampaignId, CancellationToken.None);
        await using (var other = await ledger.Ledger.OpenAsync(CampaignId, CancellationToken.None))
        {
            Assert.NotNull(await other.TryClaimAsync("rep-5", "another-instance", null));
        }
        gate.Armed = true;

        var (first, queued) = await QueueBehindAsync(gate, records, 10);

        await first;
        var claims = await Task.WhenAll(queued).WaitAsync(Hung);
        Assert.Null(claims[4]);
        Assert.Equal(9, claims.Count(c => c is not null));
        Assert.Equal("another-instance", (await ledger.Ledger.GetAsync(CampaignId, "rep-5", CancellationToken.None))?.Owner);
        Assert.All(claims.Where(c => c is not null), c => Assert.Equal("instance-a", c!.Owner));
    }

    [Fact]
    public async Task AGroupCommitThatFailsFailsEveryWriteInItInsteadOfLeavingThemWaiting()
    {
        var gate = new StorageGate { FailTransactions = true };
        var ledger = await LedgerAsync(gate);
        await using var records = await ledger.Ledger.OpenAsync(CampaignId, CancellationToken.None);

        var (first, queued) = await QueueBehindAsync(gate, records, 10);

        Assert.NotNull(await first);
        foreach (var write in queued)
        {
            var error = await Assert.ThrowsAsync<RequestFailedException>(() => write.WaitAsync(Hung));
            Assert.Equal(503, error.Status);
        }
        Assert.Single(await ledger.Ledger.ReadCampaignAsync(CampaignId, CancellationToken.None));
    }

    [Fact]
    public async Task NothingCanBeWrittenOnceTheRunHasClosedItsRecords()
    {
        var ledger = await LedgerAsync();
        var records = await ledger.Ledger.OpenAsync(CampaignId, CancellationToken.None);
        var written = await records.TryClaimAsync("rep-1", "instance-a", null);

        await records.DisposeAsync().AsTask().WaitAsync(Hung);

        Assert.NotNull(written);
        Assert.Throws<ObjectDisposedException>(() => { _ = records.TryClaimAsync("rep-2", "instance-a", null); });
    }

    [Fact]
    public async Task ClosingTheRecordsWaitsForTheWritesStillQueued()
    {
        var gate = new StorageGate();
        var ledger = await LedgerAsync(gate);
        var records = await ledger.Ledger.OpenAsync(CampaignId, CancellationToken.None);
        var first = records.TryClaimAsync("rep-0", "instance-a", null);
        await gate.Held.Task.WaitAsync(Hung);
        var queued = Enumerable.Range(1, 5).Select(i => records.TryClaimAsync($"rep-{i}", "instance-a", null)).ToList();

        var closing = records.DisposeAsync().AsTask();
        Assert.False(closing.IsCompleted, "the records closed while a write was still in flight");
        gate.Open();
        await closing.WaitAsync(Hung);

        Assert.True(first.IsCompletedSuccessfully);
        Assert.All(queued, write => Assert.True(write.IsCompletedSuccessfully));
        Assert.Equal(6, (await ledger.Ledger.ReadCampaignAsync(CampaignId, CancellationToken.None)).Count);
    }

    /// <summary>
    /// Claims rep-0 and holds its write at the gate, then claims rep-1..rep-N while it is held, so that they are queued
    /// when it returns.
    /// </summary>
    private static async Task<(Task<DeliveryRecord?> First, Task<DeliveryRecord?>[] Queued)> QueueBehindAsync(StorageGate gate, CampaignRecords records, int count)
    {
        var first = records.TryClaimAsync("rep-0", "instance-a", null);
        await gate.Held.Task.WaitAsync(Hung);
        var queued = Enumerable.Range(1, count).Select(i => records.TryClaimAsync($"rep-{i}", "instance-a", null)).ToArray();
        gate.Open();
        return (first, queued);
    }

    private static async Task<LedgerUnderTest> LedgerAsync(HttpPipelinePolicy? policy = null)
    {
        var connection = await Azurite.ConnectionStringAsync();
        var clientOptions = new TableClientOptions();
        if (policy is not null)
        {
            clientOptions.AddPolicy(policy, HttpPipelinePosition.PerCall);
        }
        var tables = new Tables(new TableServiceClient(connection, clientOptions),
            Options.Create(new StorageOptions { ConnectionString = connection, TablePrefix = Azurite.NewPrefix() }));
        // Create the table now, so that the first write the test makes is the first request the policy sees.
        await tables.GetAsync(DeliveryLedger.TableName, CancellationToken.None);
        var clock = new FakeTimeProvider(Now);
        return new LedgerUnderTest(new DeliveryLedger(tables, clock), tables, clock);
    }

    private sealed record LedgerUnderTest(DeliveryLedger Ledger, Tables Tables, FakeTimeProvider Clock)
    {
        public async Task<TableEntity> RawAsync(string recipientId)
        {
            var table = await Tables.GetAsync(DeliveryLedger.TableName, CancellationToken.None);
            return (await table.GetEntityAsync<TableEntity>(DeliveryLedger.PartitionKeyOf(CampaignId), recipientId)).Value;
        }
    }

    /// <summary>
    /// Holds the first write to the Deliveries table until <see cref="Open"/>, counts entity-group transactions, and can
    /// fail them (503, as in an outage).
    /// </summary>
    private sealed class StorageGate : HttpPipelinePolicy
    {
        private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _writes;
        private int _transactions;

        public TaskCompletionSource Held { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public bool FailTransactions { get; init; }
        public bool Armed { get; set; } = true;
        public int Transactions => _transactions;

        public void Open() => _open.TrySetResult();

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            throw new NotSupportedException("the ledger writes asynchronously");

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            var uri = message.Request.Uri.ToString();
            if (Armed && message.Request.Method != RequestMethod.Get && uri.Contains(DeliveryLedger.TableName, StringComparison.Ordinal)
                && Interlocked.Increment(ref _writes) == 1)
            {
                Held.TrySetResult();
                await _open.Task;
            }
            if (uri.Contains("$batch", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _transactions);
                if (FailTransactions)
                {
                    throw new RequestFailedException(503, "storage fault injected by the test");
                }
            }
            await ProcessNextAsync(message, pipeline);
        }
    }
}
