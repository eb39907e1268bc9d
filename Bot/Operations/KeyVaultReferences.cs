using Microsoft.Extensions.Options;

namespace CoachBot.Operations;

/// <summary>
/// Refuses to start while a setting still holds an <c>@Microsoft.KeyVault(...)</c> reference. App Service replaces a
/// reference by the secret's value; when it cannot (the secret is missing, or the identity may not read the vault) it
/// passes the reference text itself, and the service would take that text, which anyone who can read the app settings
/// sees, as its admin key or signing key.
/// </summary>
public sealed class KeyVaultReferences
{
    public const string Prefix = "@Microsoft.KeyVault(";

    public static void AddCheck(IServiceCollection services)
    {
        services.AddOptions<KeyVaultReferences>()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<KeyVaultReferences>, Validator>();
    }

    /// <summary>The configuration keys whose value is an unresolved Key Vault reference.</summary>
    public static IReadOnlyList<string> Unresolved(IConfiguration configuration) =>
        configuration.AsEnumerable()
            .Where(setting => setting.Value?.TrimStart().StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) == true)
            .Select(setting => setting.Key)
            .Order(StringComparer.Ordinal)
            .ToList();

    private sealed class Validator(IConfiguration configuration) : IValidateOptions<KeyVaultReferences>
    {
        public ValidateOptionsResult Validate(string? name, KeyVaultReferences options) =>
            Unresolved(configuration) is { Count: > 0 } keys
                ? ValidateOptionsResult.Fail(keys.Select(key =>
                    $"{key} is still a Key Vault reference: App Service could not read the secret (it is missing from the vault, " +
                    "or the web app's identity lacks Key Vault Secrets User). Add the secret, then restart the web app."))
                : ValidateOptionsResult.Success;
    }
}
