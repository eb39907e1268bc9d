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

/// <summary>A complete backup: its id (the UTC time it was made for, <c>20261201T023000Z</c>) and its tables.</summary>
public sealed record BackupManifest(string Id, DateTimeOffset CreatedAt, IReadOnlyList<BackedUpTable> Tables);

/// <summary>
/// Copies every table of the deployment (all but <c>Leases</c>, which only coordinates running instances) to blob
/// storage, one JSON line per row with each property's type, and reads such a copy back. A backup is a folder
/// <c>&lt;id&gt;/</c> holding <c>&lt;table&gt;.jsonl</c> files and, written last, <c>manifest.json</c>: a folder without
/// a manifest is an unfinished backup and is never restored.
/// </summary>
public sealed partial class TableBackup(Tables tables, BlobContainerClient container, TimeProvider clock, ILogger<TableBackup> logger)
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
    /// replacing the current version of the same row; rows made since the backup stay. Null when there is no such
    /// complete backup.
    /// </summary>
    public async Task<BackupManifest?> RestoreAsync(string id, CancellationToken cancellationToken)
    {
        if (!IsId(id) || await ManifestAsync(id, cancellationToken) is not { } manifest)
        {
            return null;
        }
        foreach (var backedUp in manifest.Tables)
        {
            var table = await tables.GetAsync(backedUp.Name, cancellationToken);
            var download = await container.GetBlobClient($"{id}/{backedUp.Name}.jsonl").DownloadStreamingAsync(cancellationToken: cancellationToken);
            using var reader = new StreamReader(download.Value.Content, Encoding.UTF8);
            var batch = new List<TableTransactionAction>();
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                if (line.Length == 0)
                {
                    continue;
                }
                var entity = ReadLine(line);
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
        }
        Log.Restored(logger, id, manifest.Tables.Count, manifest.Tables.Sum(t => t.Rows));
        return manifest;
    }

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

        [LoggerMessage(8302, LogLevel.Warning, "Backup {BackupId} restored: {Tables} tables, {Rows} rows written back")]
        public static partial void Restored(ILogger logger, string backupId, int tables, long rows);
    }
}
