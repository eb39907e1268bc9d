using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using Azure.Data.Tables;
using CoachBot.Storage;

namespace CoachBot.Roster;

/// <summary>The organisation as JSON in the <c>Organization</c> configuration section's shape and property names.</summary>
public static class RosterJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public static string Write(OrganizationOptions options) => JsonSerializer.Serialize(options, Options);

    public static OrganizationOptions Read(string json) =>
        Complete(JsonSerializer.Deserialize<OrganizationOptions>(json, Options) ?? throw new JsonException("The organisation is null."));

    /// <summary>The lists a JSON <c>null</c> left out made empty again, and null entries dropped, so the validation sees a whole organisation.</summary>
    public static OrganizationOptions Complete(OrganizationOptions options)
    {
        options.Regions = [.. (options.Regions ?? []).OfType<RegionOptions>()];
        options.BusinessUnits = [.. (options.BusinessUnits ?? []).OfType<BusinessUnitOptions>()];
        options.Reps = [.. (options.Reps ?? []).OfType<RepOptions>()];
        options.Admins = [.. (options.Admins ?? []).OfType<PersonOptions>()];
        options.DefaultLanguage ??= "";
        foreach (var region in options.Regions)
        {
            region.Holidays ??= [];
            region.Id ??= "";
            region.Name ??= "";
            region.TimeZone ??= "";
        }
        foreach (var unit in options.BusinessUnits)
        {
            unit.Leads = [.. (unit.Leads ?? []).OfType<PersonOptions>()];
            unit.Id ??= "";
            unit.Name ??= "";
            unit.ObjectiveCurrency ??= "";
        }
        foreach (var person in options.Reps.Cast<PersonOptions>().Concat(options.Admins).Concat(options.BusinessUnits.SelectMany(u => u.Leads))
            .Concat(options.Regions.Select(r => r.Sponsor).OfType<PersonOptions>()).Concat(options.Director is null ? [] : [options.Director]))
        {
            person.Name ??= "";
        }
        foreach (var rep in options.Reps)
        {
            rep.Region ??= "";
        }
        if (options.Director is { } director)
        {
            director.TimeZone ??= "";
        }
        return options;
    }
}

/// <summary>A stored change: who made it, when, and what it changed (one line per change, before → after).</summary>
public sealed record RosterHistoryEntry(long Version, DateTimeOffset At, string ByName, IReadOnlyList<string> Lines);

/// <summary>The version in force as the table holds it, with the token a conditional replace of it needs.</summary>
internal sealed record StoredVersion(RosterVersion Version, string Generation, int Chunks, ETag ETag);

/// <summary>
/// Table <c>Roster</c>. Keys: PK <c>current</c>/RK <c>current</c> names the generation in force (its ETag is the roster's
/// concurrency token, one point read is the poll); PK <c>gen-{generation}</c>/RK <c>0000</c>… holds that generation's
/// organisation as JSON in chunks (written before the flip, so a reader never sees half a roster); PK <c>history</c>/RK
/// inverted ticks lists changes newest first; PK <c>former</c>/RK the member id remembers who left (and stays if they come back).
/// </summary>
public sealed class RosterStore(Tables tables)
{
    public const string TableName = "Roster";

    private const string Current = "current";
    private const string HistoryPartition = "history";
    private const string FormerPartition = "former";
    // Table string properties hold 32K UTF-16 characters; a batch holds 100 entities and 4 MB.
    private const int ChunkLength = 30_000;
    private const int MaxLinesLength = 30_000;

    internal async Task<StoredVersion?> ReadVersionAsync(CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableName, cancellationToken);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(Current, Current, cancellationToken: cancellationToken);
        if (!response.HasValue || response.Value is not { } row)
        {
            return null;
        }
        return new StoredVersion(
            new RosterVersion(row.GetInt64("Version") ?? 0, row.GetString("ChangedBy") ?? "", row.GetDateTimeOffset("ChangedAt") ?? DateTimeOffset.MinValue,
                row.GetString("ChangedByRef") ?? "") { Generation = row.GetString("Generation") ?? "" },
            row.GetString("Generation") ?? "", row.GetInt32("Chunks") ?? 0, row.ETag);
    }

    /// <summary>The organisation of a generation; null when it is missing or incomplete (replaced and cleaned up meanwhile).</summary>
    internal async Task<OrganizationOptions?> ReadGenerationAsync(StoredVersion version, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableName, cancellationToken);
        var chunks = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(e => e.PartitionKey == GenerationPartition(version.Generation), cancellationToken: cancellationToken))
        {
            chunks.Add(row);
        }
        if (chunks.Count != version.Chunks || version.Chunks == 0)
        {
            return null;
        }
        var json = new StringBuilder();
        foreach (var chunk in chunks.OrderBy(c => c.RowKey, StringComparer.Ordinal))
        {
            json.Append(chunk.GetString("Json"));
        }
        return RosterJson.Read(json.ToString());
    }

    /// <summary>True for the rows that make the version in force (the version row, every generation's chunks).</summary>
    internal static bool IsVersionRow(TableEntity row) =>
        row.PartitionKey == Current || row.PartitionKey.StartsWith("gen-", StringComparison.Ordinal);

    /// <summary>The organisation that was in force in a copy of the table's rows (a backup); null when the copy has none or only part of it.</summary>
    internal static OrganizationOptions? InForceAmong(IEnumerable<TableEntity> rows)
    {
        var all = rows.ToList();
        if (all.FirstOrDefault(r => r.PartitionKey == Current && r.RowKey == Current) is not { } current
            || current.GetString("Generation") is not { Length: > 0 } generation)
        {
            return null;
        }
        var chunks = all.Where(r => r.PartitionKey == GenerationPartition(generation)).OrderBy(r => r.RowKey, StringComparer.Ordinal).ToList();
        if (chunks.Count == 0 || chunks.Count != (current.GetInt32("Chunks") ?? 0))
        {
            return null;
        }
        return RosterJson.Read(string.Concat(chunks.Select(c => c.GetString("Json"))));
    }

    public async Task<IReadOnlyDictionary<string, FormerMember>> ReadFormerAsync(CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableName, cancellationToken);
        var former = new Dictionary<string, FormerMember>(StringComparer.Ordinal);
        await foreach (var row in table.QueryAsync<TableEntity>(e => e.PartitionKey == FormerPartition, cancellationToken: cancellationToken))
        {
            var id = row.GetString("MemberId") ?? "";
            former[id] = new FormerMember(id, row.GetString("Name") ?? id, row.GetDateTimeOffset("LeftAt") ?? DateTimeOffset.MinValue, row.GetString("RegionId"),
                row.GetString("Email"), row.GetString("AadObjectId"));
        }
        return former;
    }

    /// <summary>
    /// Writes <paramref name="options"/> as the next generation and puts it in force, if the version in force is still
    /// <paramref name="expected"/> (null: the table must be empty). Null when someone else changed it first; nothing of
    /// this write is then left behind. The number is above both the stored one and <paramref name="atLeastAbove"/> (the
    /// version the instance has in force): running instances take only versions above theirs, so a version row set back
    /// by hand or by an old restore must not make a change that every instance would ignore.
    /// </summary>
    internal async Task<RosterVersion?> WriteAsync(
        OrganizationOptions options, StoredVersion? expected, RosterAuthor by, DateTimeOffset at, long atLeastAbove, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableName, cancellationToken);
        var number = Math.Max(expected?.Version.Number ?? 0, atLeastAbove) + 1;
        var generation = string.Create(CultureInfo.InvariantCulture, $"{number:D10}-{Guid.NewGuid():N}");
        var json = RosterJson.Write(options);
        var chunks = new List<TableTransactionAction>();
        for (var i = 0; i * ChunkLength < json.Length || i == 0; i++)
        {
            var part = json.Substring(i * ChunkLength, Math.Min(ChunkLength, json.Length - (i * ChunkLength)));
            chunks.Add(new TableTransactionAction(TableTransactionActionType.Add,
                new TableEntity(GenerationPartition(generation), i.ToString("D4", CultureInfo.InvariantCulture)) { ["Json"] = part }));
        }
        foreach (var batch in chunks.Chunk(100))
        {
            await table.SubmitTransactionAsync(batch, cancellationToken);
        }

        var version = new RosterVersion(number, by.Name, at, by.LogRef) { Generation = generation };
        var current = new TableEntity(Current, Current)
        {
            ["Version"] = number,
            ["Generation"] = generation,
            ["Chunks"] = chunks.Count,
            ["ChangedBy"] = by.Name,
            ["ChangedByRef"] = by.LogRef,
            ["ChangedAt"] = at,
        };
        var written = await Optimistic.TryWriteAsync(() => expected is null
            ? table.AddEntityAsync(current, cancellationToken)
            : table.UpdateEntityAsync(current, expected.ETag, TableUpdateMode.Replace, cancellationToken));
        if (written is null)
        {
            await DeleteGenerationAsync(table, generation, CancellationToken.None);
            return null;
        }
        if (expected is not null)
        {
            // The generation before stays a while for instances reading it right now; the one before that goes.
            await DeleteOlderGenerationsAsync(table, expected.Generation, CancellationToken.None);
        }
        return version;
    }

    public async Task AddHistoryAsync(RosterHistoryEntry entry, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableName, cancellationToken);
        // Measured as stored (JSON, escapes included): a big import's lines are cut, with how many more there were.
        var lines = new List<string>();
        var length = 2;
        foreach (var line in entry.Lines)
        {
            var size = JsonSerializer.Serialize(line).Length + 1;
            if (length + size > MaxLinesLength)
            {
                lines.Add(string.Create(CultureInfo.InvariantCulture, $"… (+{entry.Lines.Count - lines.Count})"));
                break;
            }
            lines.Add(line);
            length += size;
        }
        await table.UpsertEntityAsync(new TableEntity(HistoryPartition, HistoryKey(entry.At, entry.Version))
        {
            ["Version"] = entry.Version,
            ["At"] = entry.At,
            ["ByName"] = entry.ByName,
            ["Lines"] = JsonSerializer.Serialize(lines),
        }, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<IReadOnlyList<RosterHistoryEntry>> ReadHistoryAsync(int count, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableName, cancellationToken);
        var entries = new List<RosterHistoryEntry>();
        await foreach (var row in table.QueryAsync<TableEntity>(e => e.PartitionKey == HistoryPartition, maxPerPage: count, cancellationToken: cancellationToken))
        {
            entries.Add(new RosterHistoryEntry(row.GetInt64("Version") ?? 0, row.GetDateTimeOffset("At") ?? DateTimeOffset.MinValue,
                row.GetString("ByName") ?? "", JsonSerializer.Deserialize<List<string>>(row.GetString("Lines") ?? "[]") ?? []));
            if (entries.Count == count)
            {
                break;
            }
        }
        return entries;
    }

    /// <summary>
    /// Remembers who left: their history keeps their name, and their e-mail and object id give them back their id if they
    /// return (the row stays then; the snapshot no longer counts them as former members).
    /// </summary>
    public async Task NoteLeftAsync(IEnumerable<RosterMember> left, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableName, cancellationToken);
        var rows = left.Select(m => new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(FormerPartition, TableKeys.Escape(m.Id))
        {
            ["MemberId"] = m.Id, ["Name"] = m.Name, ["LeftAt"] = at, ["RegionId"] = m.Has(Role.Rep) ? m.RegionId : null, ["Email"] = m.Email, ["AadObjectId"] = m.AadObjectId,
        }));
        foreach (var batch in rows.Chunk(100))
        {
            await table.SubmitTransactionAsync(batch, cancellationToken);
        }
    }

    private static string GenerationPartition(string generation) => "gen-" + generation;

    private static string HistoryKey(DateTimeOffset at, long version) =>
        string.Create(CultureInfo.InvariantCulture, $"{DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks:D19}-{version:D10}");

    private static async Task DeleteGenerationAsync(TableClient table, string generation, CancellationToken cancellationToken)
    {
        var rows = new List<TableTransactionAction>();
        await foreach (var row in table.QueryAsync<TableEntity>(e => e.PartitionKey == GenerationPartition(generation), select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            rows.Add(new TableTransactionAction(TableTransactionActionType.Delete, row, ETag.All));
        }
        foreach (var batch in rows.Chunk(100))
        {
            await table.SubmitTransactionAsync(batch, cancellationToken);
        }
    }

    private static async Task DeleteOlderGenerationsAsync(TableClient table, string keep, CancellationToken cancellationToken)
    {
        var older = new HashSet<string>(StringComparer.Ordinal);
        var keepPartition = GenerationPartition(keep);
        await foreach (var row in table.QueryAsync<TableEntity>(
            e => e.PartitionKey.CompareTo("gen-") >= 0 && e.PartitionKey.CompareTo(keepPartition) < 0, select: ["PartitionKey"], cancellationToken: cancellationToken))
        {
            older.Add(row.PartitionKey["gen-".Length..]);
        }
        foreach (var generation in older)
        {
            await DeleteGenerationAsync(table, generation, cancellationToken);
        }
    }
}
