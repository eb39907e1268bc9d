using CoachBot.Backup;
using Azure.Monitor.OpenTelemetry.AspNetCore;
using OpenTelemetry.Metrics;
using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Quartz;
using Microsoft.AspNetCore.Mvc;

namespace CoachBot.Operations;

/// <summary>A scheduled job as the admin route shows it.</summary>
public sealed record ScheduledJob(string Name, string? Schedule, string? TimeZone, DateTimeOffset? NextFireTimeUtc);

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
        builder.Services.AddSingleton<AdminOperators>();
        builder.Services.AddOptions<HealthOptions>().BindConfiguration(HealthOptions.Section)
            .Validate(o => o.Interval > TimeSpan.Zero, "Health:Interval must be more than zero.").ValidateOnStart();
        builder.Services.AddSingleton<Readiness>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<Readiness>());
        builder.Services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<AdminOptions>>((forwarded, admin) =>
        {
            if (!admin.Value.TrustForwardedFor)
            {
                forwarded.ForwardedHeaders = ForwardedHeaders.None;
                return;
            }
            // App Service's front end appends the client's address to X-Forwarded-For and has no fixed address of its
            // own to list: take the last entry only, the one it wrote (anything before it came from the client).
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            forwarded.ForwardLimit = 1;
            forwarded.KnownIPNetworks.Clear();
            forwarded.KnownProxies.Clear();
        });
        KeyVaultReferences.AddCheck(builder.Services);
        builder.Services.AddProblemDetails();
        return builder;
    }

    /// <summary>The client's address as the front end forwards it, when <c>Admin:TrustForwardedFor</c> says there is one.</summary>
    public static IApplicationBuilder UseClientAddress(this IApplicationBuilder app) => app.UseForwardedHeaders();

    public static IEndpointRouteBuilder MapOperations(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/healthz", WriteHealthAsync);

        var admin = endpoints.MapGroup("/api/admin").AddEndpointFilter(RequireAdminKeyAsync);
        admin.MapGet("/jobs", ListJobsAsync);
        admin.MapPost("/jobs/{job}/run", RunJobAsync);
        admin.MapBackups();
        return endpoints;
    }

    /// <summary>The operator whose key the admin request carried (set by the admin routes' key check).</summary>
    public static string OperatorOf(HttpContext context) =>
        context.Items[OperatorItem] as string ?? throw new InvalidOperationException("Not an admin route: no operator was identified.");

    private const string OperatorItem = "CoachBot.AdminOperator";

    internal static async ValueTask<object?> RequireAdminKeyAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var operators = http.RequestServices.GetRequiredService<AdminOperators>();
        if (!operators.Enabled)
        {
            return TypedResults.NotFound();
        }
        var logger = http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("CoachBot.Operations.Admin");
        var attempts = http.RequestServices.GetRequiredService<AdminKeyAttempts>();
        var source = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var name = operators.Identify(http.Request.Headers["X-Admin-Key"].ToString());
        if (name is null)
        {
            if (attempts.IsLockedOut(source))
            {
                http.Response.Headers.RetryAfter = ((int)AdminKeyAttempts.Window.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
                return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many wrong X-Admin-Key attempts; try again later.");
            }
            attempts.Failed(source);
            Log.AdminKeyRefused(logger, http.Request.Method, http.Request.Path);
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "A valid X-Admin-Key header is required.");
        }
        http.Items[OperatorItem] = name;
        Log.AdminRequest(logger, name, http.Request.Method, http.Request.Path);
        return await next(context);
    }

    private static async Task<Ok<List<ScheduledJob>>> ListJobsAsync(ISchedulerFactory schedulers, CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var jobs = new List<ScheduledJob>();
        foreach (var key in (await scheduler.GetJobKeys(GroupMatcher<JobKey>.AnyGroup(), cancellationToken)).OrderBy(k => k.Name))
        {
            var triggers = await scheduler.GetTriggersOfJob(key, cancellationToken);
            if (triggers.Count == 0)
            {
                jobs.Add(new ScheduledJob(key.Name, null, null, null));
            }
            foreach (var trigger in triggers)
            {
                var cron = trigger as ICronTrigger;
                jobs.Add(new ScheduledJob(key.Name, cron?.CronExpressionString, cron?.TimeZone.Id, trigger.NextFireTimeUtc));
            }
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

    private static Task WriteHealthAsync(HttpContext context, Readiness readiness)
    {
        var report = readiness.Last;
        var status = report?.Status ?? HealthStatus.Unhealthy;
        context.Response.StatusCode = status == HealthStatus.Unhealthy ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;
        context.Response.Headers.CacheControl = "no-store";
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report is null ? "Starting" : status.ToString(),
            checks = (report?.Entries ?? new Dictionary<string, HealthReportEntry>()).ToDictionary(
                e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        }));
    }
}
