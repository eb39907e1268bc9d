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
        services.AddOptions<RosterOptions>()
            .BindConfiguration(RosterOptions.Section)
            .Validate(o => o.PollInterval > TimeSpan.Zero && o.PollInterval <= TimeSpan.FromSeconds(25),
                "Roster:PollInterval must be more than zero and at most 00:00:25, so a change is in force everywhere within 30 s.")
            .ValidateOnStart();
        services.AddSingleton(sp => new Organization(
            sp.GetRequiredService<IOptions<OrganizationOptions>>(), sp.GetRequiredService<ILogger<Organization>>()));
        services.AddSingleton<IRosterChanges>(sp => sp.GetRequiredService<Organization>());
        services.AddSingleton<RosterStore>();
        services.AddSingleton<RosterSync>();
        // Registered before every other hosted service: the schedules start from the table's roster, not configuration's.
        services.AddHostedService(sp => sp.GetRequiredService<RosterSync>());
        services.AddSingleton<RosterEditor>();
        services.AddSingleton<Backup.IRestoreOwner, RosterRestore>();
        services.AddSingleton<RosterCards>();
        services.AddSingleton<RosterReplies>();
        services.AddSingleton<RosterPlaceActions>();
        services.AddSingleton<Features.IFeature, RosterFeature>();
        return services;
    }
}
