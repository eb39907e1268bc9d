using System.ComponentModel.DataAnnotations;

namespace CoachBot.Storage;

/// <summary>Where the service keeps its tables: a connection string (Azurite, keys) or an endpoint reached with a managed identity.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>Used when <see cref="TableServiceUri"/> is empty. <c>UseDevelopmentStorage=true</c> is Azurite.</summary>
    public string ConnectionString { get; set; } = "UseDevelopmentStorage=true";

    /// <summary>The table endpoint (https://account.table.core.windows.net); when set, the service authenticates with Entra ID.</summary>
    public string? TableServiceUri { get; set; }

    /// <summary>Client id of the user-assigned managed identity used with <see cref="TableServiceUri"/>; empty means DefaultAzureCredential's own choice.</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>Prepended to every table name, so several deployments or test runs can share one account.</summary>
    [RegularExpression("^[A-Za-z][A-Za-z0-9]{0,19}$|^$", ErrorMessage = "Storage:TablePrefix must be letters and digits, start with a letter, and be at most 20 characters.")]
    public string TablePrefix { get; set; } = "";
}
