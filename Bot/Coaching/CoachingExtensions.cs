using CoachBot.Features;
using Microsoft.Extensions.Options;
using Quartz;

namespace CoachBot.Coaching;

public static class CoachingExtensions
{
    /// <summary>The coaching programme: options and the programme file (both checked at start), store, service, cards, jobs, and its command and card verbs.</summary>
    public static IServiceCollection AddCoaching(this IServiceCollection services)
    {
        services.AddCheckedOptions<CoachingOptions>(CoachingOptions.Section);
        services.AddSingleton<IValidateOptions<CoachingOptions>, CoachingProgrammeValidator>();
        // Loaded once; the validator above has already refused a broken file at start.
        services.AddSingleton(sp =>
        {
            var (programme, problems) = ProgrammeFile.Load(sp.GetRequiredService<IOptions<CoachingOptions>>().Value.ProgrammeFile);
            return programme ?? throw new InvalidOperationException("Coaching programme: " + string.Join(" ", problems));
        });

        services.AddSingleton<IBlockerThemes, BlockerThemes>();
        services.AddSingleton<CoachingCalendar>();
        services.AddSingleton<CoachingStore>();
        services.AddSingleton<CoachingSignals>();
        services.AddSingleton<CoachingService>();
        services.AddSingleton<CoachingCards>();
        services.AddSingleton<CoachingCampaigns>();
        services.AddSingleton<ICoachingHistory, CoachingHistory>();
        services.AddSingleton<IFeature, CoachingFeature>();
        services.AddSingleton<Arrival.IArrivalSection, CoachingArrival>();

        services.AddQuartz(quartz =>
        {
            quartz.AddJobType<CoachingSendJob>();
            quartz.AddJobType<CoachingLaterJob>();
        });
        // Per time zone, once the roster is bound: see CoachingSchedule.
        services.AddHostedService<CoachingSchedule>();
        return services;
    }
}
