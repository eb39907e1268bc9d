using Microsoft.Extensions.Options;

namespace CoachBot.Roster;

public static class RosterExtensions
{
    public static IServiceCollection AddRoster(this IServiceCollection services)
    {
        services.AddOptions<OrganizationOptions>()
            .BindConfiguration(OrganizationOptions.Section)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<OrganizationOptions>, OrganizationValidator>();
        services.AddSingleton<IValidateOptions<OrganizationOptions>, OrganizationTenantValidator>();
        services.AddSingleton<Organization>();
        return services;
    }
}
