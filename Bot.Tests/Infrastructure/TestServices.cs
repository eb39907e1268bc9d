using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CoachBot.Tests.Infrastructure;

/// <summary>Changes to the bot's service collection that several kinds of test make.</summary>
internal static class TestServices
{
    /// <summary>
    /// Takes Quartz's hosted service out, so no schedule fires. Quartz runs on the container's clock: moving a fake clock
    /// across a Friday or a Monday would fire the schedules in the middle of a test (and its shutdown waits on that clock).
    /// Such tests run the campaigns themselves; a test of the jobs runs in real time, with the scheduler.
    /// </summary>
    public static void RemoveScheduler(this IServiceCollection services)
    {
        // By name: the type is internal to Quartz.Extensions.Hosting.
        var quartz = services.Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType?.Name == "QuartzHostedService").ToList();
        Assert.NotEmpty(quartz);
        quartz.ForEach(d => services.Remove(d));
    }
}
