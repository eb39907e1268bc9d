using CoachBot.Features;
using Microsoft.Extensions.Options;

namespace CoachBot.Teams;

/// <summary>The Bot Framework identity keys, at the root of the configuration as the SDK reads them.</summary>
public sealed class BotIdentityOptions
{
    public string? MicrosoftAppType { get; set; }
    public string? MicrosoftAppId { get; set; }
    public string? MicrosoftAppPassword { get; set; }
    public string? MicrosoftAppTenantId { get; set; }
}

/// <summary>
/// Without an app id the SDK accepts unsigned requests. That is what the local emulator needs and nothing else
/// should get: outside Development the service refuses to start without an identity.
/// </summary>
public sealed class BotIdentityValidator(IHostEnvironment environment) : IValidateOptions<BotIdentityOptions>
{
    public ValidateOptionsResult Validate(string? name, BotIdentityOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.MicrosoftAppId))
        {
            return OptionsRegistration.RequiredOutsideDevelopment(environment,
                $"MicrosoftAppId is not set, so the bot would accept unsigned requests. Outside Development (this is '{environment.EnvironmentName}') " +
                "CoachBot refuses to start without a Bot Framework identity: set MicrosoftAppType, MicrosoftAppId and MicrosoftAppPassword " +
                "(or MicrosoftAppTenantId for UserAssignedMSI/SingleTenant), or run with ASPNETCORE_ENVIRONMENT=Development for local use.");
        }

        var errors = new List<string>();
        var type = string.IsNullOrWhiteSpace(options.MicrosoftAppType) ? "MultiTenant" : options.MicrosoftAppType.Trim();
        switch (type.ToLowerInvariant())
        {
            case "multitenant":
                RequirePassword(options, type, errors);
                break;
            case "singletenant":
                RequirePassword(options, type, errors);
                RequireTenant(options, type, errors);
                break;
            case "userassignedmsi":
                RequireTenant(options, type, errors);
                break;
            default:
                errors.Add($"MicrosoftAppType '{type}' is not one of MultiTenant, SingleTenant, UserAssignedMSI.");
                break;
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void RequirePassword(BotIdentityOptions options, string type, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(options.MicrosoftAppPassword))
        {
            errors.Add($"MicrosoftAppType {type} needs MicrosoftAppPassword (the app registration's client secret).");
        }
    }

    private static void RequireTenant(BotIdentityOptions options, string type, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(options.MicrosoftAppTenantId))
        {
            errors.Add($"MicrosoftAppType {type} needs MicrosoftAppTenantId.");
        }
    }
}
