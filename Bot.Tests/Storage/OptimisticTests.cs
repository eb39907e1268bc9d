using Azure;
using Azure.Data.Tables;
using CoachBot.Storage;
using CoachBot.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace CoachBot.Tests.Storage;

/// <summary>The optimistic-concurrency helper, over Azurite: which answers of a conditional write count as a lost race, and the limit.</summary>
public sealed class OptimisticTests
{
    [Fact]
    public async Task AReplaceOfARowChangedSinceItWasReadLosesTheRace()
    {
        var table = await TableAsync();
        var stale = (await table.AddEntityAsync(new TableEntity("p", "r") { ["N"] = 1 })).Headers.ETag!.Value;
        var fresh = await Optimistic.TryWriteAsync(() => table.UpdateEntityAsync(new TableEntity("p", "r") { ["N"] = 2 }, stale, TableUpdateMode.Replace));

        var lost = await Optimistic.TryWriteAsync(() => table.UpdateEntityAsync(new TableEntity("p", "r") { ["N"] = 3 }, stale, TableUpdateMode.Replace));

        Assert.NotNull(fresh);
        Assert.Null(lost);
        Assert.Equal(2, (await table.GetEntityAsync<TableEntity>("p", "r")).Value.GetInt32("N"));
    }

    [Fact]
    public async Task AReplaceOfARowDeletedSinceItWasReadAndAnAddOfARowAddedMeanwhileLoseTheRace()
    {
        var table = await TableAsync();
        var read = (await table.AddEntityAsync(new TableEntity("p", "r"))).Headers.ETag!.Value;
        await table.DeleteEntityAsync("p", "r");
        await table.AddEntityAsync(new TableEntity("p", "other"));

        Assert.Null(await Optimistic.TryWriteAsync(() => table.UpdateEntityAsync(new TableEntity("p", "r"), read, TableUpdateMode.Replace)));
        Assert.False(await Optimistic.TryWriteAsync(() => table.SubmitTransactionAsync([new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("p", "other"))])));
        Assert.True(await Optimistic.TryWriteAsync(() => table.SubmitTransactionAsync([new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("p", "new"))])));
    }

    [Fact]
    public async Task AWriteRefusedForAnotherReasonIsNoLostRaceAndReachesTheCaller()
    {
        var table = await TableAsync();

        var refused = await Assert.ThrowsAsync<RequestFailedException>(() =>
            Optimistic.TryWriteAsync(() => table.AddEntityAsync(new TableEntity("p", "bad/key"))));

        Assert.Equal(400, refused.Status);
    }

    [Fact]
    public async Task AChangeThatLosesIsTriedAgainOnWhatIsThereNowAndGivesItsResult()
    {
        var tries = 0;

        var result = await Optimistic.ChangeAsync<string>(async () =>
        {
            await Task.Yield();
            return ++tries < 3 ? Optimistic.Lost : $"written on try {tries}";
        }, "kept changing");

        Assert.Equal("written on try 3", result);
    }

    [Fact]
    public async Task AChangeThatLosesEveryTryFailsAfterTheLimitWithAConflict()
    {
        var tries = 0;

        var conflict = await Assert.ThrowsAsync<ConcurrencyConflictException>(() =>
            Optimistic.ChangeAsync<bool>(() => Task.FromResult<Attempt<bool>>(++tries > 0 ? Optimistic.Lost : true), "The row kept changing."));

        Assert.Equal(Optimistic.Attempts, tries);
        Assert.Equal(10, Optimistic.Attempts);
        Assert.Equal("The row kept changing.", conflict.Message);
        Assert.IsAssignableFrom<InvalidOperationException>(conflict);
    }

    private static async Task<TableClient> TableAsync()
    {
        var connection = await Azurite.ConnectionStringAsync();
        var tables = new Tables(new TableServiceClient(connection), Options.Create(new StorageOptions { ConnectionString = connection, TablePrefix = Azurite.NewPrefix() }));
        return await tables.GetAsync("Optimistic", CancellationToken.None);
    }
}
