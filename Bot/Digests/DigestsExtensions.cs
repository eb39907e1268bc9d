using System.Security.Cryptography;
using CoachBot.Features;
using CoachBot.SupportRequests.Escalation;
using Quartz;

namespace CoachBot.Digests;

public static class DigestsExtensions
{
    /// <summary>The weekly digests, the director's and sponsors' <c>team</c>, the director's <c>brief</c> and <c>export</c>, and the export download route.</summary>
    public static IServiceCollection AddDigests(this IServiceCollection services)
    {
        services.AddCheckedOptions<DigestOptions>(DigestOptions.Section)
            .PostConfigure<IHostEnvironment>((options, environment) =>
            {
                if (!environment.IsDevelopment())
                {
                    return;
                }
                // Development only: a key made at start (links die with the process) and the local bot's address.
                if (string.IsNullOrEmpty(options.ExportSigningKey))
                {
                    options.ExportSigningKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
                }
                if (string.IsNullOrWhiteSpace(options.PublicBaseUrl))
                {
                    options.PublicBaseUrl = "http://localhost:3978";
                }
            })
            .Validate(o => o.ExportSigningKey is { Length: >= DigestOptions.MinimumKeyLength },
                $"Digests:ExportSigningKey is required outside Development: at least {DigestOptions.MinimumKeyLength} random characters (export links are signed with it).")
            .Validate<IHostEnvironment>((o, environment) => string.IsNullOrWhiteSpace(o.PublicBaseUrl)
                    || (Uri.TryCreate(o.PublicBaseUrl, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttps || (environment.IsDevelopment() && url.Scheme == Uri.UriSchemeHttp))),
                "Digests:PublicBaseUrl must be the bot's absolute https address (http is accepted in Development only).")
            .Validate<IHostEnvironment>((o, environment) => !o.SeedDemoHistory || environment.IsDevelopment(),
                "Digests:SeedDemoHistory is for the local demo only (Development).");

        // Time to acknowledge is counted in business hours, as the escalation ladder counts them (AddEscalation is idempotent).
        services.AddEscalation();
        services.AddSingleton<DigestService>();
        services.AddSingleton<DigestCards>();
        services.AddSingleton<DigestCampaigns>();
        services.AddSingleton<WinCampaigns>();
        services.AddSingleton<CheckIns.ICheckInStored>(provider => provider.GetRequiredService<WinCampaigns>());
        services.AddSingleton<ExportLinks>();
        services.AddSingleton<CsvExport>();
        services.AddSingleton<IFeature, DigestFeature>();

        services.AddQuartz(quartz =>
        {
            quartz.AddJobType<DirectorDigestJob>();
            quartz.AddJobType<SponsorDigestJob>();
            quartz.AddJobType<LeadDigestJob>();
            quartz.AddJobType<ExportWinsJob>();
        });
        services.AddHostedService<DigestSchedule>();
        // Demo data for local runs only (Digests:SeedDemoHistory, refused outside Development).
        services.AddSingleton<DemoHistory>();
        services.AddHostedService(provider => provider.GetRequiredService<DemoHistory>());
        return services;
    }

    /// <summary>The export download, authorised by its signed link alone.</summary>
    public static IEndpointRouteBuilder MapDigests(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(ExportEndpoint.Route, ExportEndpoint.GetAsync);
        return endpoints;
    }
}
