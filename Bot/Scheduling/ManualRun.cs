using Quartz;

namespace CoachBot.Scheduling;

/// <summary>
/// Fires a job now, on a one-off trigger of its own, and waits (bounded) for that firing to end: a listener keyed on the
/// trigger hands back what the job left in <see cref="IJobExecutionContext.Result"/> (a <see cref="JobRun"/>, a
/// <see cref="JobSkip"/>) or the exception it ended with. Added for the one firing and removed after.
/// </summary>
public static class ManualRun
{
    /// <summary>How the firing ended, or null when it had not ended within <paramref name="wait"/> (it goes on).</summary>
    public static async Task<ManualRunEnd?> RunAsync(IScheduler scheduler, JobKey job, TimeSpan wait, CancellationToken cancellationToken)
    {
        var trigger = TriggerBuilder.Create()
            .WithIdentity($"manual-{Guid.NewGuid():N}", "manual")
            .ForJob(job)
            .StartNow()
            .Build();
        var listener = new Listener(trigger.Key);
        // Before the trigger exists, so the firing cannot end unseen.
        scheduler.ListenerManager.AddJobListener(listener, Matchers.Key(job));
        try
        {
            await scheduler.ScheduleJob(trigger, new ScheduleJobOptions(), cancellationToken);
            return await listener.Ended.Task.WaitAsync(wait, cancellationToken);
        }
        catch (TimeoutException)
        {
            return null;
        }
        finally
        {
            scheduler.ListenerManager.RemoveJobListener(listener.Name);
        }
    }

    private sealed class Listener(TriggerKey trigger) : IJobListener
    {
        public TaskCompletionSource<ManualRunEnd> Ended { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Name { get; } = $"manual-run/{trigger}";

        public ValueTask JobToBeExecuted(IJobExecutionContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask JobExecutionVetoed(IJobExecutionContext context, CancellationToken cancellationToken)
        {
            if (context.Trigger.Key.Equals(trigger))
            {
                Ended.TrySetResult(new ManualRunEnd(new JobSkip("the run was vetoed by the scheduler"), null));
            }
            return ValueTask.CompletedTask;
        }

        public ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken)
        {
            if (context.Trigger.Key.Equals(trigger))
            {
                Ended.TrySetResult(new ManualRunEnd(context.Result, jobException));
            }
            return ValueTask.CompletedTask;
        }
    }
}

/// <summary>How a manual firing ended: the job's result (a <see cref="JobRun"/>, a <see cref="JobSkip"/>, or null) and its exception, if any.</summary>
public sealed record ManualRunEnd(object? Result, Exception? Exception);
