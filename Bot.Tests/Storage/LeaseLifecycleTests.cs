using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using CoachBot.Storage;
using CoachBot.Tests.Infrastructure;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CoachBot.Tests.Storage;

/// <summary>
/// A lease from acquisition to release, on Azurite, with a competing instance: what each step writes, when it fails,
/// and what it keeps of <see cref="Lease.LastRunFor"/>. Both instances share one fake clock.
/// </summary>
public sealed class LeaseLifecycleTests
{
    private const string Name = "job/checkins/mea";
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset FiredFor = new(2026, 11, 23, 7, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Hung = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task AnAcquiredLeaseRecordsItsOwnerAndExpiryAndCarriesTheStoredETag()
    {
        var bed = await BedAsync();

        var lease = await bed.A.TryAcquireAsync(Name, "instance-a", Minute, CancellationToken.None);

        var stored = await bed.RowAsync();
        Assert.Equal(new Lease(Name, "instance-a", Now + Minute, null, stored.ETag), lease);
        Assert.Equal("instance-a", stored.GetString("Owner"));
        Assert.Equal(Now + Minute, stored.GetDateTimeOffset("ExpiresAt"));
        Assert.Null(stored.GetDateTimeOffset("LastRunFor"));
    }

    [Fact]
    public async Task TheHolderGetsItsOwnLeaseAgainWhileItHoldsItAndOthersDoNot()
    {
        var bed = await BedAsync();
        await bed.A.TryAcquireAsync(Name, "instance-a", Minute, CancellationToken.None);
        bed.Clock.Advance(TimeSpan.FromSeconds(30));

        var again = await bed.A.TryAcquireAsync(Name, "instance-a", Minute, CancellationToken.None);
        var other = await bed.B.TryAcquireAsync(Name, "instance-b", Minute, CancellationToken.None);

        Assert.Equal(Now.AddSeconds(30) + Minute, again?.ExpiresAt);
        Assert.Null(other);
    }

    [Fact]
    public async Task ALeaseIsFreeTheMomentItExpires()
    {
        var bed = await BedAsync();
        await bed.A.TryAcquireAsync(Name, "instance-a", Minute, CancellationToken.None);

        bed.Clock.Advance(Minute - TimeSpan.FromTicks(1));
        Assert.Null(await bed.B.TryAcquireAsync(Name, "instance-b", Minute, CancellationToken.None));
        bed.Clock.Advance(TimeSpan.FromTicks(1));
        Assert.Equal("instance-b", (await bed.B.TryAcquireAsync(Name, "instance-b", Minute, CancellationToken.None))?.Owner);
    }

    [Fact]
    public async Task ATakeoverKeepsWhatThePreviousHolderLastRanSoTheOccurrenceIsNotRunTwice()
    {
        var bed = await BedAsync();
        var first = await bed.A.TryAcquireAsync(Name, "instance-a", Minute, CancellationToken.None);
        Assert.True(await bed.A.ReleaseAsync(first!, FiredFor, CancellationToken.None));
        var second = await bed.A.TryAcquireAsync(Name, "instance-a", Minute, CancellationToken.None);
        // instance-a dies holding it; instance-b takes it over once it expires.
        bed.Clock.Advance(Minute);

        var takeover = await bed.B.TryAcquireAsync(Name, "instance-b", Minute, CancellationToken.None);

        Assert.Equal(FiredFor, second?.LastRunFor);
        Assert.Equal(FiredFor, takeover?.LastRunFor);
        Assert.Equal(FiredFor, (await bed.RowAsync()).GetDateTimeOffset("LastRunFor"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task OfTwoInstancesThatBothSawTheLeaseFreeOnlyTheFirstToWriteGetsIt(bool heldBefore)
    {
        var paused = new PauseAfterRead();
        var bed = await BedAsync(paused);
        if (heldBefore)
        {
            await bed.A.TryAcquireAsync(Name, "crashed", Minute, CancellationToken.None);
            bed.Clock.Advance(Minute);
        }
        paused.Armed = true;

        // instance-b reads the lease free, then waits; instance-a reads it free too and writes first.
        var late = bed.B.TryAcquireAsync(Name, "instance-b", Minute, CancellationToken.None);
        await paused.Held.Task.WaitAsync(Hung);
        var winner = await bed.A.TryAcquireAsync(Name, "instance-a", Minute, CancellationToken.None);
        paused.Open();

        Assert.Equal("instance-a", winner?.Owner);
        Assert.Null(await late.WaitAsync(Hung));
        Assert.Equal("instance-a", (await bed.RowAsync()).GetString("Owner"));
    }

    [Fact]
    public async Task RenewalExtendsTheLeaseFromNowAndKeepsItsOwnerAndLastRun()
    {
        var bed = await BedAsync();
        var acquired = await bed.A.TryAcquireAsync(Name, "instance-a", Minute, CancellationToken.None);
        await bed.A.ReleaseAsync(acquired!, FiredFor, CancellationToken.None);
        var lease = await bed.A.TryAcquireAsync(Name, "instance-a", Minute, CancellationToken.None);
        bed.Clock.Advance(TimeSpan.FromSeconds(20));

        var renewed = await bed.A.RenewAsync(lease!, TimeSpan.FromMinutes(2), CancellationToken.None);

        var stored = await bed.RowAsync();
        Assert.Equal(new Lease(Name, "instance-a", Now.AddSeconds(20) + TimeSpan.FromMinutes(2), FiredFor, stored.ETag), renewed);
        Assert.Equal("instance-a", stored.GetString("Owner"));
        Assert.Equal(renewed!.ExpiresAt, stored.GetDateTimeOffset("ExpiresAt"));
        Assert.Equal(FiredFor, stored.GetDateTimeOffset("LastRunFor"));
        // Still held: another instance is refused until the renewed expiry, not the first one.
        bed.Clock.Advance(Minute);
        Assert.Null(await bed.B.TryAcquireAsync(Name, "instance-b", Minute, CancellationToken.None));
        // The renewed lease is the one to renew next; the one it replaced is stale.
        Assert.NotNull(await bed.A.RenewAsync(renewed, Minute, CancellationToken.None));
        Assert.Null(await bed.A.RenewAsync(lease!, Minute, CancellationToken.None));
    }

    [Fact]
    public async Task ALeaseTakenOverByAnotherInstanceCannotBeRenewedOrReleasedByItsFormerHolder()
    {
        var bed = await BedAsync();
        var lost = await bed.A.TryAcquireAsync(Name, "instance-a", Minute, CancellationToken.None);
        bed.Clock.Advance(Minute);
        var taken = await bed.B.TryAcquireAsync(Name, "instance-b", Minute, CancellationToken.None);

        Assert.Null(await bed.A.RenewAsync(lost!, Minute, CancellationToken.None));
        Assert.False(await bed.A.ReleaseAsync(lost!, FiredFor, CancellationToken.None));

        var stored = await bed.RowAsync();
        Assert.Equal("instance-b", stored.GetString("Owner"));
        Assert.Equal(taken!.ETag, stored.ETag);
        Assert.Null(stored.GetDateTimeOffset("LastRunFor"));
    }

    [Fact]
    public async Task ALeaseWhoseRowWasDeletedIsLostNotAnError()
    {
        var bed = await BedAsync();
        var lease = await bed.A.TryAcquireAsync(Name, "instance-a", Minute, CancellationToken.None);
        var table = await bed.Tables.GetAsync(Leases.TableName, CancellationToken.None);
        var row = await bed.RowAsync();
        await table.DeleteEntityAsync(row.PartitionKey, row.RowKey);

        Assert.Null(await bed.A.RenewAsync(lease!, Minute, CancellationToken.None));
        Assert.False(await bed.A.ReleaseAsync(lease!, FiredFor, CancellationToken.None));
    }

    [Fact]
    public async Task AReleasedLeaseIsFreeAtOnceAndRecordsWhatRan()
    {
        var bed = await BedAsync();
        var lease = await bed.A.TryAcquireAsync(Name, "instance-a", Minute, CancellationToken.None);

        Assert.True(await bed.A.ReleaseAsync(lease!, FiredFor, CancellationToken.None));

        var stored = await bed.RowAsync();
        Assert.Equal("", stored.GetString("Owner"));
        Assert.True(stored.GetDateTimeOffset("ExpiresAt") < Now);
        Assert.Equal(FiredFor, stored.GetDateTimeOffset("LastRunFor"));
        var next = await bed.B.TryAcquireAsync(Name, "instance-b", Minute, CancellationToken.None);
        Assert.Equal(FiredFor, next?.LastRunFor);
    }

    [Fact]
    public async Task AReleaseWithNothingRunKeepsThePreviousLastRun()
    {
        var bed = await BedAsync();
        var first = await bed.A.TryAcquireAsync(Name, "instance-a", Minute, CancellationToken.None);
        await bed.A.ReleaseAsync(first!, FiredFor, CancellationToken.None);
        var second = await bed.A.TryAcquireAsync(Name, "instance-a", Minute, CancellationToken.None);

        Assert.True(await bed.A.ReleaseAsync(second!, null, CancellationToken.None));

        Assert.Equal(FiredFor, (await bed.RowAsync()).GetDateTimeOffset("LastRunFor"));
    }

    [Fact]
    public async Task AReleaseRecordsTheOccurrenceJustRunOverTheOneBefore()
    {
        var bed = await BedAsync();
        var lastWeek = await bed.A.TryAcquireAsync(Name, "instance-a", Minute, CancellationToken.None);
        await bed.A.ReleaseAsync(lastWeek!, FiredFor.AddDays(-7), CancellationToken.None);
        var thisWeek = await bed.A.TryAcquireAsync(Name, "instance-a", Minute, CancellationToken.None);

        Assert.True(await bed.A.ReleaseAsync(thisWeek!, FiredFor, CancellationToken.None));

        Assert.Equal(FiredFor.AddDays(-7), thisWeek?.LastRunFor);
        Assert.Equal(FiredFor, (await bed.RowAsync()).GetDateTimeOffset("LastRunFor"));
    }

    [Fact]
    public async Task AStorageFailureIsThrownNotTakenForALostLease()
    {
        var faults = new StorageFaults();
        var bed = await BedAsync(faults);
        var lease = await bed.A.TryAcquireAsync(Name, "instance-a", Minute, CancellationToken.None);
        faults.Fail = _ => true;

        Assert.Equal(503, (await Assert.ThrowsAsync<RequestFailedException>(() => bed.A.RenewAsync(lease!, Minute, CancellationToken.None))).Status);
        Assert.Equal(503, (await Assert.ThrowsAsync<RequestFailedException>(() => bed.A.ReleaseAsync(lease!, FiredFor, CancellationToken.None))).Status);
        Assert.Equal(503, (await Assert.ThrowsAsync<RequestFailedException>(() => bed.A.TryAcquireAsync(Name, "instance-a", Minute, CancellationToken.None))).Status);
        faults.Fail = request => request.Method != RequestMethod.Get;
        Assert.Equal(503, (await Assert.ThrowsAsync<RequestFailedException>(() => bed.A.TryAcquireAsync("job/other", "instance-b", Minute, CancellationToken.None))).Status);
    }

    /// <summary>Instance A's leases go through <paramref name="policy"/> when given; instance B's do not.</summary>
    private static async Task<Bed> BedAsync(HttpPipelinePolicy? policy = null)
    {
        var connection = await Azurite.ConnectionStringAsync();
        var options = Options.Create(new StorageOptions { ConnectionString = connection, TablePrefix = Azurite.NewPrefix() });
        var clientOptions = new TableClientOptions();
        if (policy is not null)
        {
            clientOptions.AddPolicy(policy, HttpPipelinePosition.PerCall);
        }
        var faulty = new Tables(new TableServiceClient(connection, clientOptions), options);
        var plain = new Tables(new TableServiceClient(connection), options);
        // Create the table now, so that the policy sees only the leases' own requests.
        await faulty.GetAsync(Leases.TableName, CancellationToken.None);
        await plain.GetAsync(Leases.TableName, CancellationToken.None);
        var clock = new FakeTimeProvider(Now);
        return policy is PauseAfterRead
            ? new Bed(new Leases(plain, clock), new Leases(faulty, clock), plain, clock)
            : new Bed(new Leases(faulty, clock), new Leases(plain, clock), plain, clock);
    }

    private sealed record Bed(Leases A, Leases B, Tables Tables, FakeTimeProvider Clock)
    {
        public async Task<TableEntity> RowAsync()
        {
            var table = await Tables.GetAsync(Leases.TableName, CancellationToken.None);
            var rows = new List<TableEntity>();
            await foreach (var row in table.QueryAsync<TableEntity>(cancellationToken: CancellationToken.None))
            {
                rows.Add(row);
            }
            return Assert.Single(rows);
        }
    }

    /// <summary>Once armed, lets the first read through and then holds its caller until <see cref="Open"/>.</summary>
    private sealed class PauseAfterRead : HttpPipelinePolicy
    {
        private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Armed { get; set; }
        public TaskCompletionSource Held { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Open() => _open.TrySetResult();

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            throw new NotSupportedException("leases are read asynchronously");

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            await ProcessNextAsync(message, pipeline);
            if (Armed && message.Request.Method == RequestMethod.Get && Held.TrySetResult())
            {
                await _open.Task;
            }
        }
    }
}
