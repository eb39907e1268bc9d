using Azure.Data.Tables;
using CoachBot.Calendar;
using CoachBot.Scheduling;
using CoachBot.Storage;
using CoachBot.Tests.Infrastructure;

namespace CoachBot.Tests.Storage;

/// <summary>
/// Rolling back: rows a later release wrote, with columns this release does not know, stay readable (docs/operations.md,
/// "Upgrade and roll back": a release adds columns, never renames or reuses one). The rows are made by the real flows,
/// then every row of every table the bot wrote gets a column of a later release, and this release reads them all back.
/// </summary>
public sealed class UnknownColumnsTests
{
    private const string Later = "AddedByALaterRelease";

    [Fact]
    public async Task RowsWithColumnsOfALaterReleaseAreReadBackAndKeptWhenThisReleaseWritesThem()
    {
        await using var bed = await BotTestBed.StartAsync(BotTestBed.FridayW48);
        await bed.InstallAsync(BotTestBed.Omar);
        var week = new IsoWeek(2026, 47);
        await bed.StoreAsync(BotTestBed.Omar, week, fieldDays: 3);
        var runs = bed.Bot.Service<JobRuns>();
        await runs.KnownSinceAsync("checkin-mea", BotTestBed.FridayW48, CancellationToken.None);
        await runs.RecordAsync("checkin-mea", new JobRun(BotTestBed.FridayW48, CatchUp: false, JobOutcome.Succeeded), BotTestBed.FridayW48, CancellationToken.None);

        var service = new TableServiceClient(await Azurite.ConnectionStringAsync());
        var touched = new List<string>();
        await foreach (var table in service.QueryAsync(t => t.Name.CompareTo(bed.Bot.TablePrefix) >= 0 && t.Name.CompareTo(bed.Bot.TablePrefix + "~") < 0))
        {
            var client = service.GetTableClient(table.Name);
            await foreach (var row in client.QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey"]))
            {
                await client.UpdateEntityAsync(new TableEntity(row.PartitionKey, row.RowKey) { [Later] = "a value this release never read" }, Azure.ETag.All, TableUpdateMode.Merge);
                touched.Add(table.Name[bed.Bot.TablePrefix.Length..]);
            }
        }

        Assert.Contains(CoachBot.CheckIns.CheckInStore.TableName, touched);
        Assert.Contains(CoachBot.Teams.ConversationReferenceStore.TableName, touched);
        Assert.Contains(JobRuns.TableName, touched);
        var member = bed.Member(BotTestBed.Omar).Id;
        var (checkIn, _, _) = await bed.CheckInStore.ReadWeekAndAwayAsync(member, week, CancellationToken.None);
        Assert.Equal(3, checkIn?.Answer.FieldDays);
        Assert.NotNull(await bed.Bot.Service<CoachBot.Teams.ConversationReferenceStore>().GetAsync(BotTestBed.Omar.AadObjectId!, CancellationToken.None));
        Assert.Equal("succeeded", (await runs.ListAsync(CancellationToken.None))["checkin-mea"].LastOutcome);
        // The bot as a whole: the stats card reads the check-ins and the conversation.
        var stats = await bed.SayAsync(BotTestBed.Omar, "my stats");
        Assert.NotNull(stats.Card);

        // What this release writes over such a row keeps the later release's column (merge, not replace).
        await runs.RecordAsync("checkin-mea", new JobRun(BotTestBed.FridayW48.AddDays(7), CatchUp: false, JobOutcome.Succeeded), BotTestBed.FridayW48.AddDays(7), CancellationToken.None);
        var stored = await (await bed.Bot.TableAsync(JobRuns.TableName)).GetEntityAsync<TableEntity>(TableKeys.Escape("checkin-mea"), "");
        Assert.Equal("a value this release never read", stored.Value.GetString(Later));
    }
}
