using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Quartz;

namespace CoachBot.Tests.Infrastructure;

internal sealed partial class BotTestBed
{
    /// <summary>
    /// The check-in bed with the real scheduler (Quartz as in production) on the bed's fake clock, which the test does not
    /// move: no schedule fires by itself, and what runs is what the start triggers (the catch-up of missed runs). Dispose
    /// it and start another on the same <paramref name="tablePrefix"/> and <paramref name="connector"/>: a restart.
    /// </summary>
    public static async Task<BotTestBed> StartWithSchedulerAsync(
        DateTimeOffset now, string tablePrefix, LoopbackConnector connector, Action<IServiceCollection>? services = null)
    {
        var clock = new FakeTimeProvider(now);
        var bot = await BotApp.StartAsync(SettingsOf(BedRoster.RepsInMea), tablePrefix, connector: connector, services: s =>
        {
            s.AddSingleton<TimeProvider>(clock);
            // What runs, so a test can wait until a job's firings are over (Tests.Scheduling.Executions).
            s.AddSingleton<Tests.Scheduling.Executions>();
            s.AddQuartz(q => q.AddJobListener(provider => provider.GetRequiredService<Tests.Scheduling.Executions>()));
            services?.Invoke(s);
        });
        return new BotTestBed(bot, clock, BedRoster.RepsInMea, null, null);
    }
}
