using Azure;
using Azure.Data.Tables;
using CoachBot.Storage;
using CoachBot.Tests.Infrastructure;
using Microsoft.Bot.Builder;
using Microsoft.Extensions.Options;
using Newtonsoft.Json.Linq;

namespace CoachBot.Tests.Storage;

/// <summary>The SDK's storage contract on Table Storage: what is stored, what a write over a missing or changed row does, the size limit.</summary>
public sealed class TableBotStorageContractTests
{
    [Fact]
    public async Task AStateWrittenAsAJObjectCanBeSavedTwiceInOneTurn()
    {
        var (storage, _) = await NewStorageAsync();
        await storage.WriteAsync(new Dictionary<string, object> { ["conv/1"] = new JObject { ["step"] = 1 } });
        var state = (JObject)(await storage.ReadAsync(["conv/1"]))["conv/1"];

        state["step"] = 2;
        await storage.WriteAsync(new Dictionary<string, object> { ["conv/1"] = state });
        state["step"] = 3;
        await storage.WriteAsync(new Dictionary<string, object> { ["conv/1"] = state });

        Assert.Equal(3, ((JObject)(await storage.ReadAsync(["conv/1"]))["conv/1"]).Value<int>("step"));
    }

    [Fact]
    public async Task AFirstSaveOfAStoreItemGivesItTheStoredETag()
    {
        var (storage, table) = await NewStorageAsync();
        var note = new Note { Text = "first" };

        await storage.WriteAsync(new Dictionary<string, object> { ["user/1"] = note });

        Assert.Equal((await RowAsync(table, "user/1")).ETag.ToString(), note.ETag);
        note.Text = "second";
        await storage.WriteAsync(new Dictionary<string, object> { ["user/1"] = note });
        Assert.Equal("second", (await storage.ReadAsync<Note>(["user/1"]))["user/1"].Text);
    }

    [Fact]
    public async Task TheStoredDocumentHoldsTheStateWithoutItsETag()
    {
        var (storage, table) = await NewStorageAsync();
        await storage.WriteAsync(new Dictionary<string, object> { ["conv/1"] = new Dictionary<string, object> { ["step"] = 1 } });
        var state = (JObject)(await storage.ReadAsync(["conv/1"]))["conv/1"];

        await storage.WriteAsync(new Dictionary<string, object> { ["conv/1"] = state });

        Assert.Equal("""{"step":1}""", (await RowAsync(table, "conv/1")).GetString("Json"));
    }

    [Fact]
    public async Task ReadingGivesTheETagAndOnlyTheKeysThatAreStored()
    {
        var (storage, table) = await NewStorageAsync();
        await storage.WriteAsync(new Dictionary<string, object> { ["conv/1"] = new Dictionary<string, object> { ["step"] = 1 } });

        var read = await storage.ReadAsync(["conv/1", "conv/2", "conv/1"]);

        var state = (JObject)Assert.Single(read, pair => pair.Key == "conv/1").Value;
        Assert.Single(read);
        Assert.Equal((await RowAsync(table, "conv/1")).ETag.ToString(), state.Value<string>("eTag"));
        Assert.Equal(1, state.Value<int>("step"));
    }

    [Fact]
    public async Task ANullStateIsStoredAsAnEmptyOneAndARowWithoutADocumentReadsAsEmpty()
    {
        var (storage, table) = await NewStorageAsync();
        await storage.WriteAsync(new Dictionary<string, object> { ["conv/null"] = null! });
        await table.AddEntityAsync(new TableEntity(TableBotStorage.EscapeKey("conv/bare"), ""));

        var read = await storage.ReadAsync(["conv/null", "conv/bare"]);

        Assert.Equal("{}", (await RowAsync(table, "conv/null")).GetString("Json"));
        Assert.All(read.Values, value => Assert.Equal(["eTag"], ((JObject)value).Properties().Select(p => p.Name)));
        Assert.Equal(2, read.Count);
    }

    [Fact]
    public async Task AnEmptyETagIsAFirstSaveAndAWildcardCreatesWhatIsMissing()
    {
        var (storage, _) = await NewStorageAsync();
        await storage.WriteAsync(new Dictionary<string, object> { ["user/1"] = new Note { Text = "first", ETag = "" } });

        await Assert.ThrowsAsync<StateConflictException>(() =>
            storage.WriteAsync(new Dictionary<string, object> { ["user/1"] = new Note { Text = "second", ETag = "" } }));
        await storage.WriteAsync(new Dictionary<string, object> { ["user/2"] = new Note { Text = "forced", ETag = "*" } });

        Assert.Equal("first", (await storage.ReadAsync<Note>(["user/1"]))["user/1"].Text);
        Assert.Equal("forced", (await storage.ReadAsync<Note>(["user/2"]))["user/2"].Text);
    }

    [Fact]
    public async Task AWriteOverStateDeletedSinceItWasReadIsAConflictNamingTheKey()
    {
        var (storage, _) = await NewStorageAsync();
        await storage.WriteAsync(new Dictionary<string, object> { ["conv/gone"] = new Note { Text = "x" } });
        var read = (await storage.ReadAsync<Note>(["conv/gone"]))["conv/gone"];
        await storage.DeleteAsync(["conv/gone"]);

        var conflict = await Assert.ThrowsAsync<StateConflictException>(() => storage.WriteAsync(new Dictionary<string, object> { ["conv/gone"] = read }));

        Assert.Equal("conv/gone", conflict.Key);
        Assert.Contains("'conv/gone'", conflict.Message);
        Assert.Equal(404, Assert.IsType<RequestFailedException>(conflict.InnerException).Status);
        Assert.Empty(await storage.ReadAsync(["conv/gone"]));
    }

    [Fact]
    public async Task AStorageFailureIsNotTakenForAConflict()
    {
        var faults = new StorageFaults();
        var (storage, _) = await NewStorageAsync(faults);
        faults.Fail = request => request.Method != Azure.Core.RequestMethod.Get;

        var error = await Assert.ThrowsAsync<RequestFailedException>(() =>
            storage.WriteAsync(new Dictionary<string, object> { ["conv/1"] = new Note { Text = "x" } }));

        Assert.Equal(503, error.Status);
    }

    [Fact]
    public async Task StateUpToTheTableStorageLimitIsStoredAndLargerStateIsRefusedWithoutAWrite()
    {
        var (storage, _) = await NewStorageAsync();
        // {"t":"…"} is 8 characters around the text; Table Storage holds 32 K characters in a property.
        var largest = new JObject { ["t"] = new string('x', 32 * 1024 - 8) };
        var tooLarge = new JObject { ["t"] = new string('x', 32 * 1024 - 7) };

        await storage.WriteAsync(new Dictionary<string, object> { ["conv/largest"] = largest });
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => storage.WriteAsync(new Dictionary<string, object> { ["conv/large"] = tooLarge }));

        Assert.Equal("State 'conv/large' is 32769 characters; Table Storage holds at most 32768.", error.Message);
        Assert.Equal(32 * 1024 - 8, ((JObject)(await storage.ReadAsync(["conv/largest"]))["conv/largest"]).Value<string>("t")!.Length);
        Assert.Empty(await storage.ReadAsync(["conv/large"]));
    }

    [Fact]
    public async Task DeletingRemovesStateWhateverItsETag()
    {
        var (storage, _) = await NewStorageAsync();
        await storage.WriteAsync(new Dictionary<string, object> { ["conv/1"] = new Note { Text = "x" }, ["conv/2"] = new Note { Text = "y" } });
        var stale = (await storage.ReadAsync<Note>(["conv/1"]))["conv/1"];
        await storage.WriteAsync(new Dictionary<string, object> { ["conv/1"] = stale });

        await storage.DeleteAsync(["conv/1", "conv/2"]);

        Assert.Empty(await storage.ReadAsync(["conv/1", "conv/2"]));
    }

    [Fact]
    public async Task NullKeysOrChangesAreRefused()
    {
        var (storage, _) = await NewStorageAsync();

        await Assert.ThrowsAsync<ArgumentNullException>(() => storage.ReadAsync(null!));
        await Assert.ThrowsAsync<ArgumentNullException>(() => storage.WriteAsync(null!));
        await Assert.ThrowsAsync<ArgumentNullException>(() => storage.DeleteAsync(null!));
    }

    [Theory]
    [InlineData("a\u0001b", "a%01b")]
    [InlineData("tab\there", "tab%09here")]
    [InlineData("plain:key-1.x", "plain:key-1.x")]
    public void ControlCharactersAreEscapedAndOtherCharactersKept(string key, string escaped) =>
        Assert.Equal(escaped, TableBotStorage.EscapeKey(key));

    private static async Task<(TableBotStorage Storage, TableClient Table)> NewStorageAsync(StorageFaults? faults = null)
    {
        var connection = await Azurite.ConnectionStringAsync();
        var options = Options.Create(new StorageOptions { ConnectionString = connection, TablePrefix = Azurite.NewPrefix() });
        var clientOptions = new TableClientOptions();
        if (faults is not null)
        {
            clientOptions.AddPolicy(faults, Azure.Core.HttpPipelinePosition.PerCall);
        }
        var tables = new Tables(new TableServiceClient(connection, clientOptions), options);
        var table = await new Tables(new TableServiceClient(connection), options).GetAsync(TableBotStorage.TableName, CancellationToken.None);
        return (new TableBotStorage(tables), table);
    }

    private static async Task<TableEntity> RowAsync(TableClient table, string key) =>
        (await table.GetEntityAsync<TableEntity>(TableBotStorage.EscapeKey(key), "")).Value;

    private sealed class Note : IStoreItem
    {
        public string? Text { get; set; }
        public string? ETag { get; set; }
    }
}
