using CoachBot.Scheduling;
using CoachBot.Storage;
using CoachBot.Tests.Infrastructure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Quartz;
using Quartz.Extensibility;

namespace CoachBot.Tests.Storage;

public sealed class LeasesTests
{
    [Fact]
    public async Task OfInstancesRacingForALeaseExactlyOneGetsIt()
    {
        var leases = new Leases(await TablesAsync(), TimeProvider.System);

        var attempts = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            leases.TryAcquireAsync("job/checkins", $"instance-{i}", TimeSpan.FromMinutes(1), CancellationToken.None)));

        Assert.Single(attempts, lease => lease is not null);
    }

    [Fact]
    public async Task AHeldLeaseIsRefusedUntilItExpiresThenTakenOver()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var leases = new Leases(await TablesAsync(), clock);

        var first = await leases.TryAcquireAsync("job/digests", "instance-a", TimeSpan.FromMinutes(1), CancellationToken.None);
        var refused = await leases.TryAcquireAsync("job/digests", "instance-b", TimeSpan.FromMinutes(1), CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(2));
        var takenOver = await leases.TryAcquireAsync("job/digests", "instance-b", TimeSpan.FromMinutes(1), CancellationToken.None);

        Assert.NotNull(first);
        Assert.Null(refused);
        Assert.NotNull(takenOver);
        Assert.Null(await leases.RenewAsync(first, TimeSpan.FromMinutes(1), CancellationToken.None));
    }

    [Fact]
    public async Task AJobFiringOnTwoSchedulersAtOnceRunsOnOne()
    {
        var tables = await TablesAsync();
        var runs = new CountingJob.Counter();
        var fireAt = DateTimeOffset.UtcNow.AddSeconds(2);
        var schedulers = new List<IScheduler>();
        try
        {
            foreach (var name in new[] { "instance-a", "instance-b" })
            {
                // Two schedulers with in-memory stores, like two instances of the bot; each its own Leases client.
                var factory = QuartzSchedulerBuilder
                    .Create(q => q.UseJobFactory(new CountingJob.Factory(new Leases(tables, TimeProvider.System), runs)))
                    .UseProperties(new System.Collections.Specialized.NameValueCollection { ["quartz.scheduler.instanceName"] = name + "-" + Guid.NewGuid().ToString("N") })
                    .Build();
                var scheduler = await factory.GetScheduler();
                await scheduler.ScheduleJob(
                    JobBuilder.Create<CountingJob>().WithIdentity("weekly-checkin").Build(),
                    TriggerBuilder.Create().WithIdentity("weekly-checkin-trigger").StartAt(fireAt).Build());
                await scheduler.Start();
                schedulers.Add(scheduler);
            }

            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (runs.Fired < 2 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
        finally
        {
            foreach (var scheduler in schedulers)
            {
                await scheduler.Shutdown(waitForJobsToComplete: true);
            }
        }

        Assert.Equal(2, runs.Fired);
        Assert.Equal(1, runs.Ran);
    }

    [Fact]
    public async Task AJobWhoseLeaseCannotBeRenewedIsCancelledBeforeTheLeaseExpiresAndKeepsItsOwnOutcome()
    {
        var connection = await Azurite.ConnectionStringAsync();
        var storageOptions = Options.Create(new StorageOptions { ConnectionString = connection, TablePrefix = Azurite.NewPrefix() });
        var storage = new StorageFaults();
        var faultyOptions = new TableClientOptions();
        faultyOptions.AddPolicy(storage, Azure.Core.HttpPipelinePosition.PerCall);
        var leases = new Leases(new Tables(new TableServiceClient(connection, faultyOptions), storageOptions), TimeProvider.System);
        // Acquiring inserts the lease row (POST); every renewal and the release replace it (PUT): those fail, as in an outage.
        storage.Fail = request => request.Method == Azure.Core.RequestMethod.Put
            && request.Uri.ToString().Contains(Leases.TableName, StringComparison.Ordinal);
        var job = new StoppedWork(leases);

        var scheduler = await (QuartzSchedulerBuilder
            .Create(q => q.UseJobFactory(new StoppedWork.Factory(job)))
            .UseProperties(new System.Collections.Specialized.NameValueCollection { ["quartz.scheduler.instanceName"] = "renewal-" + Guid.NewGuid().ToString("N") })
            .Build()).GetScheduler();
        Exception? outcome;
        try
        {
            await scheduler.ScheduleJob(
                JobBuilder.Create<StoppedWork>().WithIdentity("weekly-digest").Build(),
                TriggerBuilder.Create().WithIdentity("weekly-digest-trigger").StartNow().Build());
            await scheduler.Start();
            outcome = await job.Outcome.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            await scheduler.Shutdown(waitForJobsToComplete: true);
        }

        // The lease row as the acquisition left it: no renewal and no release reached storage.
        var table = await new Tables(new TableServiceClient(connection), storageOptions).GetAsync(Leases.TableName, CancellationToken.None);
        var lease = Assert.Single(table.Query<TableEntity>());
        var expiresAt = lease.GetDateTimeOffset("ExpiresAt");
        Assert.NotNull(job.CancelledAt);
        Assert.True(job.CancelledAt < expiresAt, $"the work was cancelled at {job.CancelledAt:O}, the lease expired at {expiresAt:O}");
        var own = Assert.IsType<InvalidOperationException>(outcome);
        Assert.Equal(StoppedWork.Message, own.Message);
    }

    private static async Task<Tables> TablesAsync()
    {
        var connection = await Azurite.ConnectionStringAsync();
        return new Tables(new TableServiceClient(connection), Options.Create(new StorageOptions { ConnectionString = connection, TablePrefix = Azurite.NewPrefix() }));
    }

    /// <summary>Work that runs until it is cancelled, then fails with its own exception; records what Execute threw.</summary>
    private sealed class StoppedWork(Leases leases) : SingleInstanceJob(leases, NullLogger.Instance)
    {
        public const string Message = "the work stopped when it was cancelled";

        public TaskCompletionSource<Exception?> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public DateTimeOffset? CancelledAt { get; private set; }

        // Long enough that the stop margin (a twelfth: 0.5 s) is not eaten by a busy machine's scheduling.
        protected override TimeSpan LeaseDuration => TimeSpan.FromSeconds(6);

        public override async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
        {
            try
            {
                await base.Execute(context, cancellationToken);
                Outcome.TrySetResult(null);
            }
            catch (Exception ex)
            {
                Outcome.TrySetResult(ex);
            }
        }

        protected override async Task<RunSummary?> RunOnceAsync(IJobExecutionContext context, CancellationToken cancellationToken)
        {
            try
            {
                // Far longer than the lease: only a cancellation ends it early.
                await Task.Delay(TimeSpan.FromSeconds(10), cancellationToken);
                return null;
            }
            catch (OperationCanceledException)
            {
                CancelledAt = DateTimeOffset.UtcNow;
                throw new InvalidOperationException(Message);
            }
        }

        public sealed class Factory(StoppedWork job) : IJobFactory
        {
            public ValueTask<JobScope> CreateJob(TriggerFiredBundle bundle, IScheduler scheduler, CancellationToken cancellationToken) =>
                ValueTask.FromResult(new JobScope(job, null));

            public ValueTask ReturnJob(JobScope scope, CancellationToken cancellationToken) => ValueTask.CompletedTask;
        }
    }

    private sealed class CountingJob(Leases leases, CountingJob.Counter counter) : SingleInstanceJob(leases, NullLogger.Instance)
    {
        public override async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
        {
            await base.Execute(context, cancellationToken);
            Interlocked.Increment(ref counter.Fired);
        }

        protected override async Task<RunSummary?> RunOnceAsync(IJobExecutionContext context, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref counter.Ran);
            // Long enough that the other scheduler's firing overlaps the run.
            await Task.Delay(500, cancellationToken);
            return null;
        }

        public sealed class Counter
        {
            public int Fired;
            public int Ran;
        }

        public sealed class Factory(Leases leases, Counter counter) : IJobFactory
        {
            public ValueTask<JobScope> CreateJob(TriggerFiredBundle bundle, IScheduler scheduler, CancellationToken cancellationToken) =>
                ValueTask.FromResult(new JobScope(new CountingJob(leases, counter), null));

            public ValueTask ReturnJob(JobScope scope, CancellationToken cancellationToken) => ValueTask.CompletedTask;
        }
    }
}
