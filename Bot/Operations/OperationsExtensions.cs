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
using CoachBot.Scheduling;

namespace CoachBot.Operations;

/// <summary>
/// A scheduled job as the admin route shows it: its schedule and next firing, and how its last firing went (the due time
/// it served, when it ended, its outcome: succeeded, failed, cancelled or missed; whether it was a catch-up after a
/// restart; how many due times were missed in all; for a campaign job, what it sent or why nothing).
/// </summary>
public sealed record ScheduledJob(
    string Name, string? Schedule, string? TimeZone, DateTimeOffset? NextFireTimeUtc,
    DateTimeOffset? LastDueAt = null, DateTimeOffset? LastRunAt = null, string? LastOutcome = null, bool LastWasCatchUp = false, int Missed = 0,
    string? LastSummary = null);

/// <summary>
/// The answer of <c>POST /api/admin/jobs/{job}/run</c>: the job, how the run ended (succeeded, failed, cancelled,
/// skipped; running when it had not ended in time), for a campaign job what it sent, summed over its campaigns, and
/// when nothing was sent (or the run did not do its work) why, in plain words.
/// </summary>
public sealed record JobRunAnswer(
    string Job, string Outcome, int? Recipients = null, int? Sent = null, int? AlreadySent = null, int? Skipped = null, int? Failed = null,
    string? Why = null);

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
        builder.Services.AddHostedService<StartupBanner>();
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
                record?.LastDueAt, record?.LastRunAt, record?.LastOutcome, record?.LastWasCatchUp ?? false, record?.Missed ?? 0, record?.LastSummary));
        }
        return TypedResults.Ok(jobs);
    }

    /// <summary>How long the run route waits for the firing to end before answering that it goes on (<c>Admin:RunWait</c>, for tests).</summary>
    public static readonly TimeSpan RunWait = TimeSpan.FromSeconds(30);

    private static async Task<Results<Ok<JobRunAnswer>, Accepted<JobRunAnswer>, NotFound<ProblemDetails>>> RunJobAsync(
        string job, ISchedulerFactory schedulers, IConfiguration configuration, CancellationToken cancellationToken)
    {
        var wait = configuration.GetValue("Admin:RunWait", RunWait);
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var key = (await scheduler.GetJobKeys(GroupMatcher<JobKey>.AnyGroup(), cancellationToken))
            .FirstOrDefault(k => string.Equals(k.Name, job, StringComparison.OrdinalIgnoreCase));
        if (key is null)
        {
            return TypedResults.NotFound(new ProblemDetails { Title = $"No scheduled job named '{job}'.", Status = 404 });
        }
        var end = await ManualRun.RunAsync(scheduler, key, wait, cancellationToken);
        if (end is null)
        {
            return TypedResults.Accepted((string?)null, new JobRunAnswer(key.Name, "running",
                Why: $"the run did not end within {wait.TotalSeconds:0} s and goes on; see GET /api/admin/jobs for how it ends"));
        }
        return TypedResults.Ok(Answer(key.Name, end));
    }

    private static JobRunAnswer Answer(string job, ManualRunEnd end) => end.Result switch
    {
        JobSkip skip => new JobRunAnswer(job, "skipped", Why: skip.Why),
        JobRun { Outcome: JobOutcome.Failed } => new JobRunAnswer(job, "failed", Why: "the run failed; the service's log has the error"),
        JobRun { Outcome: JobOutcome.Cancelled } => new JobRunAnswer(job, "cancelled", Why: "the run was cancelled: its lease was lost or the service is stopping"),
        JobRun { Summary: { } summary } run => new JobRunAnswer(job, run.Outcome.ToString().ToLowerInvariant(),
            summary.Recipients, summary.Sent, summary.AlreadySent, summary.Skipped, summary.Failed, summary.Why),
        JobRun run => new JobRunAnswer(job, run.Outcome.ToString().ToLowerInvariant()),
        // Not a SingleInstanceJob (e.g. the job watch): it leaves no result.
        _ => new JobRunAnswer(job, end.Exception is null ? "succeeded" : "failed", Why: end.Exception is null ? null : "the run failed; the service's log has the error"),
    };

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
            version = ServiceVersion.Current,
            checks = (report?.Entries ?? new Dictionary<string, HealthReportEntry>()).ToDictionary(
                e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        }));
    }
}
