using Azure.Data.Tables;
using CoachBot.Storage;
using CoachBot.Tests.Infrastructure;
using Microsoft.Bot.Builder;
using Microsoft.Extensions.Options;
using Newtonsoft.Json.Linq;

namespace CoachBot.Tests.Storage;

public sealed class TableBotStorageTests
{
    private static async Task<TableBotStorage> NewStorageAsync()
    {
        var options = Options.Create(new StorageOptions { TablePrefix = Azurite.NewPrefix() });
        var service = new TableServiceClient(await Azurite.ConnectionStringAsync());
        return new TableBotStorage(new Tables(service, options));
    }

    [Fact]
    public async Task AWriteBasedOnAStaleReadIsRefused()
    {
        var storage = await NewStorageAsync();
        const string key = "msteams/conversations/a:1#x?y";
        await storage.WriteAsync(new Dictionary<string, object> { [key] = new Dictionary<string, object> { ["count"] = 1 } });

        var mine = (JObject)(await storage.ReadAsync([key]))[key];
        var theirs = (JObject)(await storage.ReadAsync([key]))[key];
        theirs["count"] = 2;
        await storage.WriteAsync(new Dictionary<string, object> { [key] = theirs });
        mine["count"] = 3;

        var conflict = await Assert.ThrowsAsync<StateConflictException>(() => storage.WriteAsync(new Dictionary<string, object> { [key] = mine }));
        Assert.Equal(key, conflict.Key);
        Assert.Equal(2, ((JObject)(await storage.ReadAsync([key]))[key]).Value<int>("count"));
    }

    [Fact]
    public async Task AStoreItemCarriesItsETagAndAWildcardOverwrites()
    {
        var storage = await NewStorageAsync();
        await storage.WriteAsync(new Dictionary<string, object> { ["user/1"] = new Note { Text = "first" } });

        var read = (await storage.ReadAsync<Note>(["user/1"]))["user/1"];
        var stale = (await storage.ReadAsync<Note>(["user/1"]))["user/1"];
        Assert.False(string.IsNullOrEmpty(read.ETag));
        read.Text = "second";
        await storage.WriteAsync(new Dictionary<string, object> { ["user/1"] = read });
        Assert.NotEqual(stale.ETag, read.ETag);
        await Assert.ThrowsAsync<StateConflictException>(() => storage.WriteAsync(new Dictionary<string, object> { ["user/1"] = stale }));

        stale.ETag = "*";
        stale.Text = "forced";
        await storage.WriteAsync(new Dictionary<string, object> { ["user/1"] = stale });
        Assert.Equal("forced", (await storage.ReadAsync<Note>(["user/1"]))["user/1"].Text);
    }

    [Fact]
    public async Task OfTwoFirstSavesOfTheSameKeyTheSecondIsRefused()
    {
        var storage = await NewStorageAsync();
        await storage.WriteAsync(new Dictionary<string, object> { ["conv/new"] = new Dictionary<string, object> { ["by"] = "first turn" } });

        await Assert.ThrowsAsync<StateConflictException>(() =>
            storage.WriteAsync(new Dictionary<string, object> { ["conv/new"] = new Dictionary<string, object> { ["by"] = "second turn" } }));
        Assert.Equal("first turn", ((JObject)(await storage.ReadAsync(["conv/new"]))["conv/new"]).Value<string>("by"));
    }

    [Fact]
    public async Task ASecondSaveOfTheSameObjectDoesNotConflictWithTheFirst()
    {
        var storage = await NewStorageAsync();
        await storage.WriteAsync(new Dictionary<string, object> { ["conv/1"] = new Dictionary<string, object> { ["step"] = 1 } });
        var state = ((JObject)(await storage.ReadAsync(["conv/1"]))["conv/1"]).ToObject<Dictionary<string, object>>()!;

        state["step"] = 2;
        await storage.WriteAsync(new Dictionary<string, object> { ["conv/1"] = state });
        state["step"] = 3;
        await storage.WriteAsync(new Dictionary<string, object> { ["conv/1"] = state });

        Assert.Equal(3, ((JObject)(await storage.ReadAsync(["conv/1"]))["conv/1"]).Value<int>("step"));
    }

    [Fact]
    public async Task DeletedStateReadsAsNothing()
    {
        var storage = await NewStorageAsync();
        await storage.WriteAsync(new Dictionary<string, object> { ["k/1"] = new Note { Text = "x" } });

        await storage.DeleteAsync(["k/1", "never/written"]);

        Assert.Empty(await storage.ReadAsync(["k/1"]));
    }

    [Theory]
    [InlineData("msteams/conversations/a:1", "msteams%2Fconversations%2Fa:1")]
    [InlineData("50%#?\\", "50%25%23%3F%5C")]
    public void KeysAreEscapedForTableStorage(string key, string escaped) =>
        Assert.Equal(escaped, TableBotStorage.EscapeKey(key));

    private sealed class Note : IStoreItem
    {
        public string? Text { get; set; }
        public string? ETag { get; set; }
    }
}
