using Azure;
using Azure.Data.Tables;

namespace CoachBot.Storage;

/// <summary>The keys, timestamp and version every table row has; a store's row class adds its own columns.</summary>
public abstract class TableRow : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }
}
