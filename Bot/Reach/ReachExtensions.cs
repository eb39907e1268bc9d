using CoachBot.Features;
using CoachBot.Roster;
using Quartz;

namespace CoachBot.Reach;

public static class ReachExtensions
{
    /// <summary>Reach per person (<see cref="IReachDirectory"/>), the Graph installer and its <c>reach-install</c> job, team membership, and <c>reach</c>.</summary>
    public static IServiceCollection AddReach(this IServiceCollection services)
    {
        services.AddCheckedOptions<ReachOptions>(ReachOptions.Section)
            .Validate(o => Uri.TryCreate(o.GraphBaseUrl, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttps || url.IsLoopback),
                "Reach:GraphBaseUrl must be an absolute https address (http only on loopback, for a local stand-in).");
        services.AddSingleton<InstallAttemptStore>();
        services.AddSingleton<TeamMemberStore>();
        services.AddSingleton<Teams.TeamMembership>();
        services.AddSingleton<IReachDirectory, ReachDirectory>();
        services.AddSingleton<ReachCards>();
        services.AddSingleton<IRosterStatus, ReachRosterStatus>();
        services.AddSingleton<IRosterTeam, ReachRosterTeam>();
        services.AddSingleton<ReachInstallRun>();
        services.AddSingleton<IFeature, ReachFeature>();

        services.AddSingleton<ITeamsAppInstaller, GraphAppInstaller>();
        services.AddQuartz(quartz => quartz.AddJobType<ReachInstallJob>());
        services.AddSingleton<ReachSchedule>();
        services.AddHostedService(provider => provider.GetRequiredService<ReachSchedule>());
        return services;
    }
}
