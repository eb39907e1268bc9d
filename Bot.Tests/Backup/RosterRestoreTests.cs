using System.Net;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using CoachBot.Backup;
using CoachBot.Roster;
using CoachBot.Tests.Infrastructure;
using CoachBot.Tests.Roster;

namespace CoachBot.Tests.Backup;

/// <summary>
/// A restore never sets the roster back where running instances would ignore it: the backup's roster comes back as a
/// new version above the one in force, said in the answer and the history, and a change made afterwards is in force everywhere.
/// </summary>
public sealed class RosterRestoreTests
{
    private static readonly TeamsUserAccount Wei = TestRoster.EnglishRep;
    private static readonly TeamsUserAccount Amina = TestRoster.Rep;

    private static async Task<BotApp> StartAsync(string prefix, string container, IDictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Backup:ConnectionString"] = await Azurite.BlobConnectionStringAsync(),
            ["Backup:Container"] = container,
        };
        foreach (var (key, value) in more ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }
        return await RosterTestBed.StartAsync(prefix, settings: settings);
    }

    private static async Task<string> BackUpAsync(BotApp bot)
    {
        var backup = bot.Service<TableBackup>();
        var id = TableBackup.IdFor(DateTimeOffset.UtcNow.AddSeconds(Random.Shared.Next(1, 100_000)));
        await backup.ExportAsync(id, CancellationToken.None);
        return id;
    }

    private static Task<HttpResponseMessage> RestoreAsync(BotApp bot, string id, bool dryRun = false) =>
        bot.Http.SendAsync(RosterTestBed.Request(HttpMethod.Post, $"/api/admin/backups/{id}/restore" + (dryRun ? "?dryRun=true" : "")));

    private static async Task<HttpStatusCode> RemoveRepAsync(BotApp bot, string name)
    {
        var organization = await RosterTestBed.GetOrganizationAsync(bot);
        var reps = organization["Reps"]!.AsArray();
        reps.Remove(reps.Single(r => (string?)r!["Name"] == name));
        using var put = await RosterTestBed.PutOrganizationAsync(bot, organization);
        var body = await RosterTestBed.BodyAsync(put);
        Assert.True(body["applied"] is { } applied && (bool)applied, body.ToJsonString());
        return put.StatusCode;
    }

    private static bool Knows(BotApp bot, TeamsUserAccount person) => bot.Service<Organization>().Find(person.AadObjectId, null) is not null;

    private static JsonObject RosterPart(JsonObject report) =>
        report["tables"]!.AsArray().Single(t => (string?)t!["name"] == RosterStore.TableName)!.AsObject();

    [Fact]
    public async Task ARestoreWritesTheBackedUpRosterAsANewVersionThatEveryInstanceTakesAndARemoveAfterItHoldsEverywhere()
    {
        var prefix = Azurite.NewPrefix();
        var container = Azurite.NewContainer();
        await using var first = await StartAsync(prefix, container);
        await using var second = await StartAsync(prefix, container);
        var id = await BackUpAsync(first);                          // v1: Wei is on the roster
        Assert.Equal(HttpStatusCode.OK, await RemoveRepAsync(first, Wei.Name)); // v2: Wei removed
        await RosterTestBed.EventuallyAsync(() => !Knows(second, Wei));

        using var restore = await RestoreAsync(first, id);

        Assert.Equal(HttpStatusCode.OK, restore.StatusCode);
        var report = await RosterTestBed.BodyAsync(restore);
        Assert.True((bool)report["applied"]!);
        Assert.Equal(RosterTestBed.Operator, (string?)report["restoredBy"]);
        Assert.Contains(RosterPart(report)["changes"]!.AsArray(), l => ((string?)l)!.StartsWith("+ Wei Lin: rep apac", StringComparison.Ordinal));
        // Above the version in force, so no instance ignores it; and it says who brought Wei back.
        Assert.Equal(3, (long?)(await RosterTestBed.ReadVersionRowAsync(first))!["Version"]);
        await RosterTestBed.EventuallyAsync(() => Knows(second, Wei) && second.Service<Organization>().Version.Number == 3);
        Assert.True(Knows(first, Wei));
        var history = (await first.Service<RosterStore>().ReadHistoryAsync(1, CancellationToken.None))[0];
        Assert.Equal(3, history.Version);
        Assert.Equal($"{RosterTestBed.Operator} (restore of backup {id})", history.ByName);
        Assert.Contains(history.Lines, l => l.StartsWith("+ Wei Lin", StringComparison.Ordinal));

        // A remove made afterwards on a running instance is in force there, on the other, and on a fresh one.
        Assert.Equal(HttpStatusCode.OK, await RemoveRepAsync(second, Amina.Name));
        Assert.False(Knows(second, Amina));
        await RosterTestBed.EventuallyAsync(() => !Knows(first, Amina));
        await using var fresh = await StartAsync(prefix, container);
        Assert.False(Knows(fresh, Amina));
        Assert.True(Knows(fresh, Wei));
        first.Connector.Activities.Clear();
        await first.Http.PostAsync(TeamsActivities.Message(Amina, first.Connector.ServiceUrl, "help"));
        Assert.Equal(BotTestBed.Text("fr", "not_on_roster"), (await first.Connector.WaitForAsync(a => a.ConversationId == Amina.ConversationId)).Text);
    }

    [Fact]
    public async Task ARemoveOnAnInstanceWhoseTableWasSetBackIsInForceOrNotReportedApplied()
    {
        // The state an older restore left behind: the version row set back below what the running instance has in force.
        var prefix = Azurite.NewPrefix();
        await using var bot = await RosterTestBed.StartAsync(prefix);
        var table = await bot.TableAsync(RosterStore.TableName);
        var v1 = (await table.GetEntityAsync<TableEntity>("current", "current")).Value;
        Assert.Equal(HttpStatusCode.OK, await RemoveRepAsync(bot, Wei.Name));
        v1.ETag = Azure.ETag.All;
        await table.UpsertEntityAsync(v1, TableUpdateMode.Replace);

        var organization = await RosterTestBed.GetOrganizationAsync(bot);
        var reps = organization["Reps"]!.AsArray();
        reps.Remove(reps.Single(r => (string?)r!["Name"] == Amina.Name));
        using var put = await RosterTestBed.PutOrganizationAsync(bot, organization);

        var applied = (bool)(await RosterTestBed.BodyAsync(put))["applied"]!;
        Assert.True(applied);
        Assert.False(Knows(bot, Amina));
        Assert.True((long)(await RosterTestBed.ReadVersionRowAsync(bot))!["Version"]! > 2);
        await using var fresh = await RosterTestBed.StartAsync(prefix);
        Assert.False(Knows(fresh, Amina));
        Assert.False(Knows(fresh, Wei));
    }

    [Fact]
    public async Task ADryRunSaysWhatTheRestoreWouldChangePerTableAndChangesNothing()
    {
        var prefix = Azurite.NewPrefix();
        var container = Azurite.NewContainer();
        await using var bot = await StartAsync(prefix, container);
        var probe = await bot.TableAsync("Probe");
        await probe.AddEntityAsync(new TableEntity("p", "same") { ["V"] = 1 });
        await probe.AddEntityAsync(new TableEntity("p", "changed") { ["V"] = 1 });
        await probe.AddEntityAsync(new TableEntity("p", "gone") { ["V"] = 1 });
        var id = await BackUpAsync(bot);
        await probe.UpsertEntityAsync(new TableEntity("p", "changed") { ["V"] = 2 }, TableUpdateMode.Replace);
        await probe.DeleteEntityAsync("p", "gone");
        Assert.Equal(HttpStatusCode.OK, await RemoveRepAsync(bot, Wei.Name));

        using var dry = await RestoreAsync(bot, id, dryRun: true);

        Assert.Equal(HttpStatusCode.OK, dry.StatusCode);
        var report = await RosterTestBed.BodyAsync(dry);
        Assert.True((bool)report["dryRun"]!);
        Assert.False((bool)report["applied"]!);
        var probePart = report["tables"]!.AsArray().Single(t => (string?)t!["name"] == "Probe")!;
        Assert.Equal((3L, 1L, 1L, 1L), ((long)probePart["rows"]!, (long)probePart["added"]!, (long)probePart["replaced"]!, (long)probePart["unchanged"]!));
        Assert.Contains(RosterPart(report)["changes"]!.AsArray(), l => ((string?)l)!.StartsWith("+ Wei Lin", StringComparison.Ordinal));
        Assert.False(Knows(bot, Wei));
        Assert.Equal(2, (long?)(await RosterTestBed.ReadVersionRowAsync(bot))!["Version"]);
        Assert.Equal(2, (await probe.GetEntityAsync<TableEntity>("p", "changed")).Value.GetInt32("V"));
        Assert.False((await probe.GetEntityIfExistsAsync<TableEntity>("p", "gone")).HasValue);
    }

    [Fact]
    public async Task ADryRunIntoADeploymentWithoutTheTablesCreatesNone()
    {
        var container = Azurite.NewContainer();
        string id;
        await using (var source = await StartAsync(Azurite.NewPrefix(), container))
        {
            await (await source.TableAsync("Probe")).AddEntityAsync(new TableEntity("p", "r") { ["V"] = 1 });
            id = await BackUpAsync(source);
        }
        await using var bot = await StartAsync(Azurite.NewPrefix(), container);

        using var dry = await RestoreAsync(bot, id, dryRun: true);

        Assert.Equal(HttpStatusCode.OK, dry.StatusCode);
        var probePart = (await RosterTestBed.BodyAsync(dry))["tables"]!.AsArray().Single(t => (string?)t!["name"] == "Probe")!;
        Assert.Equal(1, (long)probePart["added"]!);
        var service = bot.Service<CoachBot.Storage.Tables>().Service;
        Assert.Empty(await service.QueryAsync(t => t.Name == bot.TablePrefix + "Probe").ToListAsync());
    }

    [Fact]
    public async Task ARestoreOfABackupFromAnotherTenantIsRefusedWith422AndWritesNothing()
    {
        var container = Azurite.NewContainer();
        string id;
        await using (var other = await StartAsync(Azurite.NewPrefix(), container,
            new Dictionary<string, string?> { ["Organization:TenantId"] = "0b1c2d3e-0000-4000-8000-000000000bad" }))
        {
            await (await other.TableAsync("Probe")).AddEntityAsync(new TableEntity("p", "theirs") { ["V"] = 1 });
            id = await BackUpAsync(other);
        }
        await using var bot = await StartAsync(Azurite.NewPrefix(), container);

        using var restore = await RestoreAsync(bot, id);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, restore.StatusCode);
        var errors = (await RosterTestBed.BodyAsync(restore))["errors"]!.AsArray().Select(e => (string?)e).ToList();
        Assert.Contains(errors, e => e!.Contains("would change the tenant the bot trusts", StringComparison.Ordinal));
        Assert.False((await (await bot.TableAsync("Probe")).GetEntityIfExistsAsync<TableEntity>("p", "theirs")).HasValue);
        Assert.Equal(1, (long?)(await RosterTestBed.ReadVersionRowAsync(bot))!["Version"]);
        Assert.True(bot.Service<Organization>().IsOwnTenant(TeamsActivities.TenantId));
    }
}
