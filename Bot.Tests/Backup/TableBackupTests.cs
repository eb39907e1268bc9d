using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using CoachBot.Backup;
using CoachBot.Scheduling;
using CoachBot.Storage;
using CoachBot.Tests.Infrastructure;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace CoachBot.Tests.Backup;

/// <summary>The daily export of the tables to blob storage (Azurite's blob service) and its restore, over the admin routes.</summary>
public sealed class TableBackupTests
{
    private const string AdminKey = "backup-admin-key-0123456789abcdef";
    private static readonly DateTimeOffset When = new(2026, 11, 30, 17, 45, 12, TimeSpan.FromHours(4));
    private static readonly Guid Id = Guid.Parse("5a1b8c3d-0000-4000-8000-00000000abcd");

    private static async Task<BotApp> StartAsync(string container, string? tablePrefix = null, string? blobConnection = null) =>
        await BotApp.StartAsync(new Dictionary<string, string?>
        {
            ["Admin:ApiKey"] = AdminKey,
            ["Backup:ConnectionString"] = blobConnection ?? await Azurite.BlobConnectionStringAsync(),
            ["Backup:Container"] = container,
        }, tablePrefix);

    private static HttpRequestMessage Admin(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-Admin-Key", AdminKey);
        return request;
    }

    private static async Task<JsonArray> BackupsAsync(BotApp bot)
    {
        var response = await bot.Http.SendAsync(Admin(HttpMethod.Get, "/api/admin/backups"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonArray>())!;
    }

    /// <summary>Runs the backup job through the admin route and waits until its backup is listed.</summary>
    private static async Task<JsonObject> BackUpAsync(BotApp bot)
    {
        var before = (await BackupsAsync(bot)).Count;
        Assert.Equal(HttpStatusCode.OK, (await bot.Http.SendAsync(Admin(HttpMethod.Post, $"/api/admin/jobs/{TableBackupJob.Name}/run"))).StatusCode);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var backups = await BackupsAsync(bot);
            if (backups.Count > before)
            {
                return backups[0]!.AsObject();
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("The backup job wrote no backup within 30 s.");
    }

    private static TableEntity EveryType() => new("typed", "row")
    {
        ["Text"] = "Amina « appui » ✓",
        ["Count"] = 42,
        ["Big"] = 9_007_199_254_740_993L,
        ["Ratio"] = 0.1 + 0.2,
        ["Done"] = true,
        ["When"] = When,
        ["Id"] = Id,
        ["Bytes"] = new byte[] { 0, 1, 254, 255 },
    };

    [Fact]
    public async Task ABackupRestoresEveryRowWithItsTypesIntoANewDeployment()
    {
        var container = Azurite.NewContainer();
        JsonObject backup;
        await using (var bot = await StartAsync(container))
        {
            var probe = await bot.TableAsync("Probe");
            await probe.AddEntityAsync(EveryType());
            // More rows of one partition than a transaction holds (100), and a second partition.
            for (var i = 0; i < 150; i++)
            {
                await probe.AddEntityAsync(new TableEntity("many", $"{i:D3}") { ["N"] = i });
            }
            await probe.AddEntityAsync(new TableEntity("other", "1") { ["N"] = -1 });
            await (await bot.TableAsync(Leases.TableName)).AddEntityAsync(new TableEntity("job%2Fsomething", "") { ["Owner"] = "x" });

            backup = await BackUpAsync(bot);
        }

        var tables = backup["tables"]!.AsArray().ToDictionary(t => t!["name"]!.GetValue<string>(), t => t!["rows"]!.GetValue<long>());
        Assert.Equal(152, tables["Probe"]);
        Assert.DoesNotContain(Leases.TableName, tables.Keys);

        // Another deployment (its own tables) finds the backup in the same container and reads it back.
        await using var restored = await StartAsync(container);
        var id = backup["id"]!.GetValue<string>();
        var response = await restored.Http.SendAsync(Admin(HttpMethod.Post, $"/api/admin/backups/{id}/restore"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var probeTable = await restored.TableAsync("Probe");
        var rows = await probeTable.QueryAsync<TableEntity>().ToListAsync();
        Assert.Equal(152, rows.Count);
        Assert.Equal(Enumerable.Range(0, 150), rows.Where(r => r.PartitionKey == "many").Select(r => r.GetInt32("N")!.Value).Order());
        var typed = rows.Single(r => r.PartitionKey == "typed");
        var expected = EveryType();
        Assert.Equal(expected.GetString("Text"), typed.GetString("Text"));
        Assert.Equal(42, typed.GetInt32("Count"));
        Assert.Equal(9_007_199_254_740_993L, typed.GetInt64("Big"));
        Assert.Equal(0.1 + 0.2, typed.GetDouble("Ratio"));
        Assert.True(typed.GetBoolean("Done"));
        Assert.Equal(When, typed.GetDateTimeOffset("When"));
        Assert.Equal(Id, typed.GetGuid("Id"));
        Assert.Equal(new byte[] { 0, 1, 254, 255 }, typed.GetBinary("Bytes"));
        Assert.Empty(await (await restored.TableAsync(Leases.TableName)).QueryAsync<TableEntity>().ToListAsync());
    }

    [Fact]
    public async Task ARestoreReplacesChangedRowsAndKeepsRowsMadeSince()
    {
        await using var bot = await StartAsync(Azurite.NewContainer());
        var probe = await bot.TableAsync("Probe");
        await probe.AddEntityAsync(new TableEntity("p", "kept") { ["Value"] = "before" });
        var id = (await BackUpAsync(bot))["id"]!.GetValue<string>();
        await probe.UpsertEntityAsync(new TableEntity("p", "kept") { ["Value"] = "after", ["Extra"] = 1 }, TableUpdateMode.Replace);
        await probe.AddEntityAsync(new TableEntity("p", "new") { ["Value"] = "since" });

        var response = await bot.Http.SendAsync(Admin(HttpMethod.Post, $"/api/admin/backups/{id}/restore"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var kept = (await probe.GetEntityAsync<TableEntity>("p", "kept")).Value;
        Assert.Equal("before", kept.GetString("Value"));
        Assert.False(kept.ContainsKey("Extra"));
        Assert.Equal("since", (await probe.GetEntityAsync<TableEntity>("p", "new")).Value.GetString("Value"));
    }

    [Theory]
    [InlineData("20000101T000000Z")]
    [InlineData("latest")]
    [InlineData("..%2F..%2Fx")]
    public async Task RestoringABackupThatDoesNotExistIs404(string id)
    {
        await using var bot = await StartAsync(Azurite.NewContainer());

        var response = await bot.Http.SendAsync(Admin(HttpMethod.Post, $"/api/admin/backups/{id}/restore"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task AnUnfinishedBackupWithoutItsManifestIsNeitherListedNorRestored()
    {
        var container = Azurite.NewContainer();
        await using var bot = await StartAsync(container);
        var blobs = new Azure.Storage.Blobs.BlobContainerClient(await Azurite.BlobConnectionStringAsync(), container);
        await blobs.CreateIfNotExistsAsync();
        await blobs.UploadBlobAsync("20261201T023000Z/Probe.jsonl", BinaryData.FromString("""{"pk":"p","rk":"r","p":{}}""" + "\n"));

        Assert.Empty(await BackupsAsync(bot));
        Assert.Equal(HttpStatusCode.NotFound, (await bot.Http.SendAsync(Admin(HttpMethod.Post, "/api/admin/backups/20261201T023000Z/restore"))).StatusCode);
    }

    [Fact]
    public async Task TheBackupRunsDailyInUtcOnlyWhenConfigured()
    {
        await using (var configured = await StartAsync(Azurite.NewContainer()))
        {
            var jobs = await (await configured.Http.SendAsync(Admin(HttpMethod.Get, "/api/admin/jobs"))).Content.ReadFromJsonAsync<JsonArray>();
            var backup = jobs!.Single(j => j!["name"]!.GetValue<string>() == TableBackupJob.Name)!;
            Assert.Equal("0 30 2 * * ?", backup["schedule"]!.GetValue<string>());
            Assert.Equal("UTC", backup["timeZone"]!.GetValue<string>());
        }

        await using var off = await BotApp.StartAsync(new Dictionary<string, string?> { ["Admin:ApiKey"] = AdminKey });
        var offJobs = await (await off.Http.SendAsync(Admin(HttpMethod.Get, "/api/admin/jobs"))).Content.ReadFromJsonAsync<JsonArray>();
        Assert.DoesNotContain(offJobs!, j => j!["name"]!.GetValue<string>() == TableBackupJob.Name);
        Assert.Equal(HttpStatusCode.NotFound, (await off.Http.SendAsync(Admin(HttpMethod.Get, "/api/admin/backups"))).StatusCode);
    }

    [Fact]
    public async Task TheBackupRoutesNeedTheAdminKey()
    {
        await using var bot = await StartAsync(Azurite.NewContainer());

        Assert.Equal(HttpStatusCode.Unauthorized, (await bot.Http.GetAsync("/api/admin/backups")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await bot.Http.PostAsync("/api/admin/backups/20261201T023000Z/restore", null)).StatusCode);
    }

    [Fact]
    public async Task EachRunOfTheJobIsCountedWithItsOutcome()
    {
        using var runs = new MetricCollector<long>(null, JobMetrics.MeterName, JobMetrics.RunsInstrument);
        await using (var bot = await StartAsync(Azurite.NewContainer()))
        {
            await BackUpAsync(bot);
        }
        // Blob storage that does not answer: the backup fails.
        await using (var broken = await StartAsync(Azurite.NewContainer(),
            blobConnection: $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:{Azurite.FreePort()}/devstoreaccount1;"))
        {
            Assert.Equal(HttpStatusCode.OK, (await broken.Http.SendAsync(Admin(HttpMethod.Post, $"/api/admin/jobs/{TableBackupJob.Name}/run"))).StatusCode);
            await runs.WaitForMeasurementsAsync(minCount: 2, TimeSpan.FromSeconds(60));
        }

        var outcomes = runs.GetMeasurementSnapshot()
            .Where(m => (string?)m.Tags["job"] == TableBackupJob.Name)
            .Select(m => (string?)m.Tags["outcome"])
            .ToList();
        Assert.Contains("succeeded", outcomes);
        Assert.Contains("failed", outcomes);
    }
}
