using CoachBot.Features;
using Microsoft.Extensions.Options;

namespace CoachBot.Roster;

/// <summary>
/// The organisation's Entra tenant, checked at start: outside Development it must be set, since without it the bot
/// would take a sender from any tenant whose object id or e-mail matches the roster; and never the all-zero GUID, the
/// placeholder of the examples, which no real sender carries, so every person would be a stranger.
/// </summary>
public sealed class OrganizationTenantValidator(IHostEnvironment environment) : IValidateOptions<OrganizationOptions>
{
    public ValidateOptionsResult Validate(string? name, OrganizationOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.TenantId))
        {
            return OptionsRegistration.RequiredOutsideDevelopment(environment,
                "Organization:TenantId is not set: outside Development the bot needs the Entra tenant id of its organisation " +
                "(az account show --query tenantId; the deployment template sets the tenant it deploys into).");
        }
        return Guid.TryParse(options.TenantId, out var tenant) && tenant == Guid.Empty
            ? ValidateOptionsResult.Fail(
                "Organization:TenantId is the all-zero GUID, a placeholder no real tenant has, so every sender would be a stranger: " +
                "set your Entra tenant id (az account show --query tenantId).")
            : ValidateOptionsResult.Success;
    }
}
