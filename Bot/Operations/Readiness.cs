using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace CoachBot.Operations;

/// <summary><c>Health</c>: how often the service checks what <c>/healthz</c> reports.</summary>
public sealed class HealthOptions
{
    public const string Section = "Health";

    /// <summary>How old the answer of <c>/healthz</c> may be: one storage query per interval, whatever the number of probes.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(15);
}

/// <summary>
/// The readiness <c>/healthz</c> answers: the health checks (Table Storage) run once at start and then every
/// <see cref="HealthOptions.Interval"/>, and a probe reads the last report. Anyone may probe, so a probe must cost no
/// storage transaction: a flood of them would otherwise be a flood of reads billed to the deployment.
/// </summary>
public sealed class Readiness(HealthCheckService checks, IOptions<HealthOptions> options, ILogger<Readiness> logger) : BackgroundService
{
    private volatile HealthReport? _last;

    /// <summary>The last report; null until the first check ends.</summary>
    public HealthReport? Last => _last;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await RefreshAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Real time, not the TimeProvider: tests that stop the service's clock still need a live readiness.
        using var timer = new PeriodicTimer(options.Value.Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await RefreshAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        try
        {
            var report = await checks.CheckHealthAsync(cancellationToken);
            if (_last?.Status != report.Status)
            {
                Log.ReadinessChanged(logger, report.Status.ToString());
            }
            _last = report;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            Log.ReadinessFailed(logger, ex);
        }
    }
}
