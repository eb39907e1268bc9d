using System.ComponentModel.DataAnnotations;

namespace CoachBot.Backup;

/// <summary>
/// The daily export of the tables to blob storage. Off unless a blob endpoint is given: <see cref="BlobServiceUri"/>
/// (Azure, with the managed identity of <c>Storage:ManagedIdentityClientId</c>) or <see cref="ConnectionString"/>
/// (Azurite, keys).
/// </summary>
public sealed class BackupOptions
{
    public const string Section = "Backup";

    /// <summary>The blob endpoint (https://account.blob.core.windows.net), reached with the managed identity.</summary>
    public string? BlobServiceUri { get; set; }

    /// <summary>Used when <see cref="BlobServiceUri"/> is empty; must name a blob endpoint (Azurite: BlobEndpoint=...).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The container the backups go to; created when missing.</summary>
    [RegularExpression("^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$", ErrorMessage = "Backup:Container must be 3-63 lowercase letters, digits and single hyphens.")]
    public string Container { get; set; } = "table-backups";

    /// <summary>Time of day (UTC) of the daily backup.</summary>
    public TimeOnly Time { get; set; } = new(2, 30);

    public bool Enabled => !string.IsNullOrWhiteSpace(BlobServiceUri) || !string.IsNullOrWhiteSpace(ConnectionString);
}
