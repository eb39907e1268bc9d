using Quartz;

namespace CoachBot.Scheduling;

public static class SchedulingExtensions
{
    /// <summary>Quartz with its in-memory store; features add their jobs with <c>services.AddQuartz(q => ...)</c>.</summary>
    public static IServiceCollection AddScheduling(this IServiceCollection services)
    {
        services.AddQuartz(quartz =>
        {
            quartz.UseDefaultThreadPool(pool => pool.MaxConcurrency = 4);
        });
        services.AddQuartzHostedService(options => options.WaitForJobsToComplete = true);
        return services;
    }
}
