using CoachBot.Tests.Infrastructure;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using CoachBot.Storage;
using CoachBot.SupportRequests;
using static CoachBot.Tests.Infrastructure.BotTestBed;

namespace CoachBot.Tests.SupportRequests;

/// <summary>
/// Azure Table Storage refuses a string property over 64 KiB, an entity over 1 MiB or more than 255 properties; Azurite
/// does not, so these tests check every entity the store wrote against those limits themselves.
/// </summary>
public sealed class RequestTableLimitsTests
{
    // The longest comment allowed, of the characters the default JSON encoder wrote six times longer ("\u0022\u00E9").
    private static readonly string LongComment = string.Concat(Enumerable.Repeat("\"é", SupportRequestRules.MaxTextLength / 2));

    [Fact]
    public async Task AfterTwoHundredLongCommentsEveryEntityFitsAzuresLimitsAndTheRequestStillMoves()
    {
        await using var bed = await StartSupportRequestsAsync();
        await bed.InstallEveryoneAsync();
        var reference = await bed.OpenAsync();

        // Two through the card, as the rep writes them; the rest straight to the store, since Teams' per-conversation
        // limit (60 sends in 30 s) paces the card updates of comments written this fast.
        for (var i = 0; i < 2; i++)
        {
            await bed.ActAsync(Amina, "request.comment", reference, new JsonObject { ["comment"] = LongComment });
        }
        for (var i = 2; i < 200; i++)
        {
            var stored = (await bed.SupportRequestStore.GetAsync(reference, CancellationToken.None))!;
            var commented = stored.Request.With(RequestAction.Commented, stored.Request.State, bed.Member(Amina).Id, bed.Clock.GetUtcNow(), LongComment);
            Assert.True(await bed.SupportRequestStore.TryReplaceAsync(commented, stored, CancellationToken.None));
        }
        var acknowledged = await bed.ActAsync(Hugo, "request.acknowledge", reference, new JsonObject { ["commitmentDate"] = "2026-12-10" });

        Assert.Contains("Hugo Bernard", CardText.Joined(acknowledged));
        var request = await bed.GetAsync(reference);
        Assert.Equal(RequestState.Acknowledged, request.State);
        Assert.Equal(202, request.Trail.Count);
        Assert.All(request.Trail.Where(t => t.Action == RequestAction.Commented), t => Assert.Equal(LongComment, t.Comment));
        var table = await bed.Bot.TableAsync(SupportRequestStore.TableName);
        var entities = await table.QueryAsync<TableEntity>().ToListAsync();
        Assert.True(entities.Count > 200);
        Assert.All(entities, AssertAzureWouldAccept);
    }

    [Fact]
    public async Task TheStoreRefusesToWriteAnEntityAzureWouldRefuse()
    {
        await using var bed = await StartSupportRequestsAsync();
        await bed.InstallEveryoneAsync();
        var reference = await bed.OpenAsync();
        var stored = (await bed.SupportRequestStore.GetAsync(reference, CancellationToken.None))!;

        var oversized = stored.Request with { Asked = stored.Request.Asked with { Description = new string('x', TableLimits.MaxPropertyBytes / 2) } };

        await Assert.ThrowsAsync<TableLimitException>(() => bed.SupportRequestStore.TryReplaceAsync(oversized, stored, CancellationToken.None));
        Assert.Equal(stored.Request.Description, (await bed.GetAsync(reference)).Description);
    }

    [Theory]
    [InlineData(32_766, true)]
    [InlineData(32_767, false)]
    public void AStringPropertyMayHoldUpTo64KiB(int characters, bool fits)
    {
        var entity = new TableEntity("p", "r") { ["Text"] = new string('é', characters) };

        Assert.Equal(fits, TableLimits.Problem(entity) is null);
    }

    [Fact]
    public void AnEntityMayHoldUpTo1MiBAnd255Properties()
    {
        var large = new TableEntity("p", "r");
        for (var i = 0; i < 18; i++)
        {
            large[$"Part{i}"] = new string('a', 30_000);
        }
        var many = new TableEntity("p", "r");
        for (var i = 0; i < 253; i++)
        {
            many[$"P{i}"] = i;
        }
        var most = new TableEntity("p", "r");
        for (var i = 0; i < 252; i++)
        {
            most[$"P{i}"] = i;
        }

        Assert.Contains("1 MiB", TableLimits.Problem(large));
        Assert.Contains("255", TableLimits.Problem(many));
        Assert.Null(TableLimits.Problem(most));
    }

    /// <summary>Azure's limits, computed here on their own (not with <see cref="TableLimits"/>).</summary>
    private static void AssertAzureWouldAccept(TableEntity entity)
    {
        var custom = entity.Keys.Where(k => k is not ("PartitionKey" or "RowKey" or "Timestamp" or "odata.etag")).ToList();
        Assert.True(custom.Count + 3 <= 255, $"{entity.RowKey}: {custom.Count} properties");
        long size = 4 + 2 * (entity.PartitionKey.Length + entity.RowKey.Length);
        foreach (var name in custom)
        {
            var value = entity[name];
            var bytes = value switch
            {
                string s => 4 + 2L * s.Length,
                DateTimeOffset or DateTime or double or long => 8,
                int => 4,
                bool => 1,
                _ => 4 + 2L * (value?.ToString()?.Length ?? 0),
            };
            Assert.True(bytes <= 64 * 1024, $"{entity.RowKey}: {name} is {bytes} bytes");
            size += 8 + 2 * name.Length + bytes;
        }
        Assert.True(size <= 1024 * 1024, $"{entity.RowKey}: {size} bytes");
    }
}
