using System.Security.Cryptography;
using CoachBot.Backup;
using Azure.Monitor.OpenTelemetry.AspNetCore;
using OpenTelemetry.Metrics;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Quartz;
using Microsoft.AspNetCore.Mvc;
using CoachBot.Scheduling;

namespace CoachBot.Operations;

/// <summary>
/// A scheduled job as the admin route shows it: its schedule and next firing, and how its last firing went (the due time
/// it served, when it ended, its outcome: succeeded, failed, cancelled or missed; whether it was a catch-up after a
/// restart; how many due times were missed in all).
/// </summary>
public sealed record ScheduledJob(
    string Name, string? Schedule, string? TimeZone, DateTimeOffset? NextFireTimeUtc,
    DateTimeOffset? LastDueAt = null, DateTimeOffset? LastRunAt = null, string? LastOutcome = null, bool LastWasCatchUp = false, int Missed = 0);

public static class OperationsExtensions
{
    public static WebApplicationBuilder AddStructuredLogging(this WebApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        if (builder.Environment.IsDevelopment())
        {
            builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; });
        }
        else
        {
            // One JSON object per line with the template's named values as properties, for Log Analytics and friends.
            builder.Logging.AddJsonConsole(o => { o.IncludeScopes = true; o.TimestampFormat = "O"; o.UseUtcTimestamp = true; });
        }
        // In Azure, logs, requests and the service's own meters (CoachBot.*) go to Application Insights.
        if (!string.IsNullOrWhiteSpace(builder.Configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"]))
        {
            builder.Services.AddOpenTelemetry()
                .UseAzureMonitor()
                .WithMetrics(metrics => metrics.AddMeter("CoachBot.*"));
        }
        builder.Services.AddOptions<AdminOptions>().BindConfiguration(AdminOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<AdminOptions>, AdminOptionsValidator>();
        builder.Services.AddSingleton<AdminKeyAttempts>();
        KeyVaultReferences.AddCheck(builder.Services);
        builder.Services.AddProblemDetails();
        builder.Services.AddHostedService<StartupBanner>();
        return builder;
    }

    public static IEndpointRouteBuilder MapOperations(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/healthz", new HealthCheckOptions { ResponseWriter = WriteHealthAsync });

        var admin = endpoints.MapGroup("/api/admin").AddEndpointFilter(RequireAdminKeyAsync);
        admin.MapGet("/jobs", ListJobsAsync);
        admin.MapPost("/jobs/{job}/run", RunJobAsync);
        admin.MapBackups();
        return endpoints;
    }

    internal static async ValueTask<object?> RequireAdminKeyAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var configured = context.HttpContext.RequestServices.GetRequiredService<IOptionsMonitor<AdminOptions>>().CurrentValue.ApiKey;
        if (string.IsNullOrEmpty(configured))
        {
            return TypedResults.NotFound();
        }
        var attempts = context.HttpContext.RequestServices.GetRequiredService<AdminKeyAttempts>();
        var address = context.HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (attempts.IsLockedOut(address))
        {
            context.HttpContext.Response.Headers.RetryAfter = ((int)AdminKeyAttempts.Window.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many wrong X-Admin-Key attempts; try again later.");
        }
        var given = context.HttpContext.Request.Headers["X-Admin-Key"].ToString();
        var matches = CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(configured)));
        if (!matches)
        {
            attempts.Failed(address);
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "A valid X-Admin-Key header is required.");
        }
        return await next(context);
    }

    private static async Task<Ok<List<ScheduledJob>>> ListJobsAsync(ISchedulerFactory schedulers, JobRuns runs, CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var records = await runs.ListAsync(cancellationToken);
        var jobs = new List<ScheduledJob>();
        foreach (var key in (await scheduler.GetJobKeys(GroupMatcher<JobKey>.AnyGroup(), cancellationToken)).OrderBy(k => k.Name, StringComparer.Ordinal))
        {
            // One row per job: a manual or catch-up run adds a one-off trigger beside the schedule until it has fired.
            var triggers = await scheduler.GetTriggersOfJob(key, cancellationToken);
            var cron = triggers.OfType<ICronTrigger>().FirstOrDefault();
            var next = cron is not null ? cron.NextFireTimeUtc : triggers.Select(t => t.NextFireTimeUtc).Where(t => t is not null).Min();
            var record = records.GetValueOrDefault(key.Name);
            jobs.Add(new ScheduledJob(key.Name, cron?.CronExpressionString, cron?.TimeZone.Id, next,
                record?.LastDueAt, record?.LastRunAt, record?.LastOutcome, record?.LastWasCatchUp ?? false, record?.Missed ?? 0));
        }
        return TypedResults.Ok(jobs);
    }

    private static async Task<Results<Accepted, NotFound<ProblemDetails>>> RunJobAsync(string job, ISchedulerFactory schedulers, CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var key = (await scheduler.GetJobKeys(GroupMatcher<JobKey>.AnyGroup(), cancellationToken))
            .FirstOrDefault(k => string.Equals(k.Name, job, StringComparison.OrdinalIgnoreCase));
        if (key is null)
        {
            return TypedResults.NotFound(new ProblemDetails { Title = $"No scheduled job named '{job}'.", Status = 404 });
        }
        await scheduler.TriggerJob(key, cancellationToken);
        return TypedResults.Accepted((string?)null);
    }

    private static Task WriteHealthAsync(HttpContext context, Microsoft.Extensions.Diagnostics.HealthChecks.HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            version = ServiceVersion.Current,
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        }));
    }
}
