using CoachBot.Features;
using Quartz;

namespace CoachBot.CheckIns;

public static class CheckInsExtensions
{
    /// <summary>The weekly visit check-in: options, store, service, cards, the per-region jobs, and its commands and card verbs.</summary>
    public static IServiceCollection AddCheckIns(this IServiceCollection services)
    {
        services.AddCheckedOptions<CheckInOptions>(CheckInOptions.Section)
            .Validate(o => o.ReminderDelay < o.CutOffDelay,
                "CheckIns: the reminder (ReminderDay, ReminderTime) must come after the send and before the cut-off (CutOffDay, CutOffTime).");

        services.AddSingleton<CheckInCalendar>();
        services.AddSingleton<CheckInStore>();
        services.AddSingleton<CheckInService>();
        services.AddSingleton<CheckInCards>();
        services.AddSingleton<CheckInCampaigns>();
        services.AddSingleton<IFeature, CheckInFeature>();
        services.AddSingleton<Arrival.IArrivalSection, CheckInArrival>();

        services.AddQuartz(quartz =>
        {
            quartz.AddJobType<CheckInSendJob>();
            quartz.AddJobType<CheckInReminderJob>();
        });
        // Per region, once the roster is bound: see CheckInSchedule.
        services.AddHostedService<CheckInSchedule>();
        return services;
    }
}
