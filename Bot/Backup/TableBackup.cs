using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using CoachBot.Storage;

namespace CoachBot.Backup;

/// <summary>One table in a backup: its name without the deployment's prefix, and how many rows it held.</summary>
public sealed record BackedUpTable(string Name, long Rows);

/// <summary>
/// What a restore did (or, in a dry run, would do) to one table: the backup's rows, and of those written back as they
/// are how many are new, replace a row that differs, or are the same as now (not written); what its owner's own part changes.
/// </summary>
public sealed record RestoredTable(string Name, long Rows, long Added, long Replaced, long Unchanged, IReadOnlyList<string> Changes);

/// <summary>A restore's answer: which backup, whether it was a dry run, who ran it, and each table.</summary>
public sealed record RestoreReport(string Id, bool DryRun, bool Applied, string RestoredBy, IReadOnlyList<RestoredTable> Tables);

/// <summary>
/// A restore: done (with its report), refused with the reasons (nothing written, or when <see cref="Partly"/> the rows
/// written as they are but not an owner's part), or no such backup.
/// </summary>
public sealed record RestoreResult(RestoreReport? Report, IReadOnlyList<string> Problems, bool Partly = false)
{
    public static readonly RestoreResult NotFound = new(null, []);

    public static RestoreResult Done(RestoreReport report) => new(report, []);

    public static RestoreResult Refused(IReadOnlyList<string> problems, bool partly = false) => new(null, problems, partly);
}

/// <summary>A complete backup: its id (the UTC time it was made for, <c>20261201T023000Z</c>) and its tables.</summary>
public sealed record BackupManifest(string Id, DateTimeOffset CreatedAt, IReadOnlyList<BackedUpTable> Tables);

/// <summary>
/// Copies every table of the deployment (all but <c>Leases</c>, which only coordinates running instances) to blob
/// storage, one JSON line per row with each property's type, and reads such a copy back. A backup is a folder
/// <c>&lt;id&gt;/</c> holding <c>&lt;table&gt;.jsonl</c> files and, written last, <c>manifest.json</c>: a folder without
/// a manifest is an unfinished backup and is never restored.
/// </summary>
public sealed partial class TableBackup(
    Tables tables, BlobContainerClient container, IEnumerable<IRestoreOwner> owners, TimeProvider clock, ILogger<TableBackup> logger)
{
    public const string ManifestName = "manifest.json";
    private const int BatchSize = 100;
    private static readonly HashSet<string> NotBackedUp = new(StringComparer.OrdinalIgnoreCase) { Leases.TableName };
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string IdFor(DateTimeOffset time) => time.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    public static bool IsId(string id) =>
        DateTime.TryParseExact(id, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out _);

    /// <summary>Writes backup <paramref name="id"/> (an existing one of the same id is overwritten) and returns its manifest.</summary>
    public async Task<BackupManifest> ExportAsync(string id, CancellationToken cancellationToken)
    {
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        var backedUp = new List<BackedUpTable>();
        foreach (var name in await TableNamesAsync(cancellationToken))
        {
            var table = tables.Service.GetTableClient(tables.NameOf(name));
            long rows = 0;
            var blob = container.GetBlobClient($"{id}/{name}.jsonl");
            await using (var stream = await blob.OpenWriteAsync(overwrite: true, cancellationToken: cancellationToken))
            {
                await foreach (var entity in table.QueryAsync<TableEntity>(cancellationToken: cancellationToken))
                {
                    await stream.WriteAsync(Line(entity), cancellationToken);
                    rows++;
                }
            }
            backedUp.Add(new BackedUpTable(name, rows));
        }
        var manifest = new BackupManifest(id, clock.GetUtcNow(), backedUp);
        await container.GetBlobClient($"{id}/{ManifestName}").UploadAsync(BinaryData.FromObjectAsJson(manifest, Json), overwrite: true, cancellationToken);
        Log.Exported(logger, id, backedUp.Count, backedUp.Sum(t => t.Rows));
        return manifest;
    }

    /// <summary>The complete backups, newest first.</summary>
    public async Task<IReadOnlyList<BackupManifest>> ListAsync(CancellationToken cancellationToken)
    {
        var manifests = new List<BackupManifest>();
        if (!await container.ExistsAsync(cancellationToken))
        {
            return manifests;
        }
        await foreach (var item in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix: null, cancellationToken))
        {
            if (item.Name.EndsWith("/" + ManifestName, StringComparison.Ordinal) && await ManifestAsync(item.Name[..item.Name.IndexOf('/')], cancellationToken) is { } manifest)
            {
                manifests.Add(manifest);
            }
        }
        return manifests.OrderByDescending(m => m.Id, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Writes every row of backup <paramref name="id"/> back into the deployment's tables (created when missing),
    /// replacing the current version of the same row; rows made since the backup stay. A table with an
    /// <see cref="IRestoreOwner"/> (the roster) gets its own part from its owner, asked first: an owner that refuses (a
    /// roster of another tenant, an invalid one) stops the whole restore before anything is written. A dry run answers
    /// the same report and writes nothing. <see cref="RestoreResult.NotFound"/> when there is no such complete backup.
    /// </summary>
    public async Task<RestoreResult> RestoreAsync(string id, string operatorName, bool dryRun, CancellationToken cancellationToken)
    {
        if (!IsId(id) || await ManifestAsync(id, cancellationToken) is not { } manifest)
        {
            return RestoreResult.NotFound;
        }
        var owned = new Dictionary<string, (IRestoreOwner Owner, List<TableEntity> Rows, OwnedRestore Plan)>(StringComparer.OrdinalIgnoreCase);
        foreach (var owner in owners)
        {
            if (manifest.Tables.Any(t => string.Equals(t.Name, owner.TableName, StringComparison.OrdinalIgnoreCase)))
            {
                var rows = await BackedUpRowsAsync(id, owner.TableName, cancellationToken).ToListAsync(cancellationToken);
                owned[owner.TableName] = (owner, rows, await owner.PlanAsync(id, rows, operatorName, cancellationToken));
            }
        }
        if (owned.Values.SelectMany(o => o.Plan.Problems).ToList() is { Count: > 0 } problems)
        {
            Log.RestoreRefused(logger, id, operatorName, problems.Count);
            return RestoreResult.Refused(problems);
        }

        var report = new List<RestoredTable>();
        foreach (var backedUp in manifest.Tables)
        {
            var isOwned = owned.TryGetValue(backedUp.Name, out var own);
            var rows = isOwned ? own.Plan.AsTheyAre.ToAsyncEnumerable() : BackedUpRowsAsync(id, backedUp.Name, cancellationToken);
            var counts = await WriteBackAsync(backedUp.Name, rows, dryRun, cancellationToken);
            report.Add(counts with { Rows = backedUp.Rows, Changes = isOwned ? own.Plan.Changes : [] });
        }
        if (!dryRun)
        {
            foreach (var (name, (owner, rows, _)) in owned)
            {
                var applied = await owner.ApplyAsync(id, rows, operatorName, cancellationToken);
                if (applied.Problems.Count > 0)
                {
                    Log.RestoreRefused(logger, id, operatorName, applied.Problems.Count);
                    return RestoreResult.Refused(applied.Problems, partly: true);
                }
                var index = report.FindIndex(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));
                report[index] = report[index] with { Changes = applied.Changes };
            }
            Log.Restored(logger, id, operatorName, manifest.Tables.Count, manifest.Tables.Sum(t => t.Rows));
        }
        else
        {
            Log.RestorePlanned(logger, id, operatorName, manifest.Tables.Count);
        }
        return RestoreResult.Done(new RestoreReport(id, dryRun, !dryRun, operatorName, report));
    }

    /// <summary>Writes <paramref name="rows"/> back (unless <paramref name="dryRun"/>), counting which are new, replaced or the same as now.</summary>
    private async Task<RestoredTable> WriteBackAsync(string name, IAsyncEnumerable<TableEntity> rows, bool dryRun, CancellationToken cancellationToken)
    {
        // A dry run creates no table: a missing one reads as empty (a query of it would create it, see RecreateMissingTables).
        var fullName = tables.NameOf(name);
        var exists = !dryRun || await tables.Service.QueryAsync(t => t.Name == fullName, cancellationToken: cancellationToken).AnyAsync(cancellationToken);
        var table = dryRun ? tables.Service.GetTableClient(fullName) : await tables.GetAsync(name, cancellationToken);
        // What each row holds now, as a hash of its backup line: enough to tell a row that changed from one that did not.
        var now = new Dictionary<(string, string), string>();
        if (exists)
        {
            await foreach (var entity in table.QueryAsync<TableEntity>(cancellationToken: cancellationToken))
            {
                now[(entity.PartitionKey, entity.RowKey)] = Fingerprint(entity);
            }
        }
        long added = 0, replaced = 0, unchanged = 0;
        var batch = new List<TableTransactionAction>();
        await foreach (var entity in rows)
        {
            if (!now.TryGetValue((entity.PartitionKey, entity.RowKey), out var current))
            {
                added++;
            }
            else if (current == Fingerprint(entity))
            {
                unchanged++;
                continue;
            }
            else
            {
                replaced++;
            }
            if (dryRun)
            {
                continue;
            }
            // A transaction holds up to 100 rows of one partition; rows come sorted by partition.
            if (batch.Count == BatchSize || (batch.Count > 0 && batch[0].Entity.PartitionKey != entity.PartitionKey))
            {
                await table.SubmitTransactionAsync(batch, cancellationToken);
                batch.Clear();
            }
            batch.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, entity));
        }
        if (batch.Count > 0)
        {
            await table.SubmitTransactionAsync(batch, cancellationToken);
        }
        return new RestoredTable(name, 0, added, replaced, unchanged, []);
    }

    private async IAsyncEnumerable<TableEntity> BackedUpRowsAsync(string id, string name, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var download = await container.GetBlobClient($"{id}/{name}.jsonl").DownloadStreamingAsync(cancellationToken: cancellationToken);
        using var reader = new StreamReader(download.Value.Content, Encoding.UTF8);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length > 0)
            {
                yield return ReadLine(line);
            }
        }
    }

    private static string Fingerprint(TableEntity entity) => Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(Line(entity).Span));

    private async Task<BackupManifest?> ManifestAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            var content = await container.GetBlobClient($"{id}/{ManifestName}").DownloadContentAsync(cancellationToken);
            return content.Value.Content.ToObjectFromJson<BackupManifest>(Json);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    /// <summary>The names (without the prefix) of the deployment's tables that are backed up.</summary>
    private async Task<List<string>> TableNamesAsync(CancellationToken cancellationToken)
    {
        var prefix = tables.NameOf("");
        var names = new List<string>();
        await foreach (var item in tables.Service.QueryAsync(cancellationToken: cancellationToken))
        {
            if (item.Name.StartsWith(prefix, StringComparison.Ordinal) && item.Name.Length > prefix.Length && !NotBackedUp.Contains(item.Name[prefix.Length..]))
            {
                names.Add(item.Name[prefix.Length..]);
            }
        }
        names.Sort(StringComparer.Ordinal);
        return names;
    }

    // One row: {"pk":..., "rk":..., "p":{"Name":{"t":"Int64","v":"42"}, ...}}, every value as invariant text with its Edm type.
    private static ReadOnlyMemory<byte> Line(TableEntity entity)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("pk", entity.PartitionKey);
            writer.WriteString("rk", entity.RowKey);
            writer.WriteStartObject("p");
            foreach (var (name, value) in entity)
            {
                if (name is "PartitionKey" or "RowKey" or "Timestamp" or "odata.etag" || value is null)
                {
                    continue;
                }
                var (type, text) = Encode(value);
                writer.WriteStartObject(name);
                writer.WriteString("t", type);
                writer.WriteString("v", text);
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        buffer.Write("\n"u8);
        return buffer.WrittenMemory;
    }

    private static TableEntity ReadLine(string line)
    {
        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        var entity = new TableEntity(root.GetProperty("pk").GetString(), root.GetProperty("rk").GetString());
        foreach (var property in root.GetProperty("p").EnumerateObject())
        {
            entity[property.Name] = Decode(property.Value.GetProperty("t").GetString()!, property.Value.GetProperty("v").GetString()!);
        }
        return entity;
    }

    private static (string Type, string Text) Encode(object value) => value switch
    {
        string s => ("String", s),
        bool b => ("Boolean", b ? "true" : "false"),
        int i => ("Int32", i.ToString(CultureInfo.InvariantCulture)),
        long l => ("Int64", l.ToString(CultureInfo.InvariantCulture)),
        double d => ("Double", d.ToString("R", CultureInfo.InvariantCulture)),
        DateTimeOffset t => ("DateTime", t.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)),
        DateTime t => ("DateTime", t.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture)),
        Guid g => ("Guid", g.ToString()),
        byte[] bytes => ("Binary", Convert.ToBase64String(bytes)),
        BinaryData data => ("Binary", Convert.ToBase64String(data.ToArray())),
        _ => throw new NotSupportedException($"A table property of type {value.GetType()} cannot be backed up."),
    };

    private static object Decode(string type, string text) => type switch
    {
        "String" => text,
        "Boolean" => text == "true",
        "Int32" => int.Parse(text, CultureInfo.InvariantCulture),
        "Int64" => long.Parse(text, CultureInfo.InvariantCulture),
        "Double" => double.Parse(text, CultureInfo.InvariantCulture),
        "DateTime" => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
        "Guid" => Guid.Parse(text),
        "Binary" => Convert.FromBase64String(text),
        _ => throw new InvalidDataException($"Unknown property type '{type}' in a backup."),
    };

    private static partial class Log
    {
        [LoggerMessage(8301, LogLevel.Information, "Backup {BackupId} written: {Tables} tables, {Rows} rows")]
        public static partial void Exported(ILogger logger, string backupId, int tables, long rows);

        [LoggerMessage(8302, LogLevel.Warning, "Backup {BackupId} restored by {Operator}: {Tables} tables, {Rows} rows")]
        public static partial void Restored(ILogger logger, string backupId, string @operator, int tables, long rows);

        [LoggerMessage(8303, LogLevel.Information, "Backup {BackupId}: dry run of its restore by {Operator} ({Tables} tables); nothing written")]
        public static partial void RestorePlanned(ILogger logger, string backupId, string @operator, int tables);

        [LoggerMessage(8304, LogLevel.Warning, "Backup {BackupId}: restore by {Operator} refused ({Problems} problems)")]
        public static partial void RestoreRefused(ILogger logger, string backupId, string @operator, int problems);
    }
}
