using Quartz;

namespace CoachBot.Scheduling;

/// <summary>
/// Fires a job now, on a one-off trigger marked as this run's, and waits (bounded) for that firing to end: a listener keyed on the
/// trigger hands back what the job left in <see cref="IJobExecutionContext.Result"/> (a <see cref="JobRun"/>, a
/// <see cref="JobSkip"/>) or the exception it ended with. Added for the one firing and removed after.
/// </summary>
public static class ManualRun
{
    /// <summary>How the firing ended, or null when it had not ended within <paramref name="wait"/> (it goes on).</summary>
    public static async Task<ManualRunEnd?> RunAsync(IScheduler scheduler, JobKey job, TimeSpan wait, CancellationToken cancellationToken)
    {
        // Quartz's own one-off trigger (on the scheduler's clock), told apart from any other firing by a mark in its data.
        var mark = Guid.NewGuid().ToString("N");
        var listener = new Listener(mark);
        // Before the trigger exists, so the firing cannot end unseen.
        scheduler.ListenerManager.AddJobListener(listener, Matchers.Key(job));
        try
        {
            await scheduler.TriggerJob(job, new JobDataMap { [MarkData] = mark }, cancellationToken);
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

    /// <summary>Trigger data of a manual run: the mark its listener knows it by.</summary>
    public const string MarkData = "manual-run";

    private sealed class Listener(string mark) : IJobListener
    {
        public TaskCompletionSource<ManualRunEnd> Ended { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Name { get; } = $"manual-run/{mark}";

        public ValueTask JobToBeExecuted(IJobExecutionContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask JobExecutionVetoed(IJobExecutionContext context, CancellationToken cancellationToken)
        {
            if (Marked(context))
            {
                Ended.TrySetResult(new ManualRunEnd(new JobSkip("the run was vetoed by the scheduler"), null));
            }
            return ValueTask.CompletedTask;
        }

        public ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken)
        {
            if (Marked(context))
            {
                Ended.TrySetResult(new ManualRunEnd(context.Result, jobException));
            }
            return ValueTask.CompletedTask;
        }

        private bool Marked(IJobExecutionContext context) =>
            context.Trigger.JobDataMap.TryGetString(MarkData, out var value) && value == mark;
    }
}

/// <summary>How a manual firing ended: the job's result (a <see cref="JobRun"/>, a <see cref="JobSkip"/>, or null) and its exception, if any.</summary>
public sealed record ManualRunEnd(object? Result, Exception? Exception);
