using CoachBot.Scheduling;

namespace CoachBot.Tests.Scheduling;

/// <summary>What the triggers do on their own, for a test on a fake clock with Quartz stopped.</summary>
internal static class DueTimers
{
    /// <summary>
    /// Fires, here and now, every stored timer that is due by the instance's clock, one after the other, through the
    /// firing its trigger's job runs; returns how many handlers ran to completion.
    /// </summary>
    public static async Task<int> FireDueAsync(this TimerFiring firing, CancellationToken cancellationToken)
    {
        var fired = 0;
        foreach (var entity in await firing.Timers.ReadAllAsync(cancellationToken))
        {
            if (firing.IsDue(entity) && await firing.FireAsync(entity.Kind, entity.Key, cancellationToken) == TimerFiring.FireOutcome.Handled)
            {
                fired++;
            }
        }
        return fired;
    }
}
