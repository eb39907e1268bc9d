using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CoachBot.Storage;

/// <summary>Healthy when Table Storage answers a one-row query within a few seconds.</summary>
public sealed class TableStorageHealthCheck(Tables tables) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(3));
        try
        {
            await foreach (var _ in tables.Service.QueryAsync(maxPerPage: 1, cancellationToken: timeout.Token).AsPages(pageSizeHint: 1))
            {
                break;
            }
            return HealthCheckResult.Healthy("Table Storage answers.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("Table Storage does not answer.", ex);
        }
    }
}
