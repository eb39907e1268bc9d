using Azure.Identity;
using Azure.Storage.Blobs;
using CoachBot.Features;
using CoachBot.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Quartz;

namespace CoachBot.Backup;

public static class BackupExtensions
{
    /// <summary>The daily table backup to blob storage and its restore (admin routes), when Backup is configured.</summary>
    public static IServiceCollection AddBackup(this IServiceCollection services)
    {
        services.AddCheckedOptions<BackupOptions>(BackupOptions.Section)
            .Validate(o => string.IsNullOrWhiteSpace(o.BlobServiceUri) || Uri.TryCreate(o.BlobServiceUri, UriKind.Absolute, out _),
                "Backup:BlobServiceUri must be an absolute URI such as https://account.blob.core.windows.net.");
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(provider => CreateContainer(
            provider.GetRequiredService<IOptions<BackupOptions>>().Value, provider.GetRequiredService<IOptions<StorageOptions>>().Value));
        services.AddSingleton<TableBackup>();
        services.AddQuartz(quartz => quartz.AddJobType<TableBackupJob>());
        services.AddHostedService<BackupSchedule>();
        return services;
    }

    /// <summary>GET /backups (the complete backups, newest first) and POST /backups/{id}/restore, under the admin key.</summary>
    public static RouteGroupBuilder MapBackups(this RouteGroupBuilder admin)
    {
        admin.MapGet("/backups", ListAsync);
        admin.MapPost("/backups/{id}/restore", RestoreAsync);
        return admin;
    }

    private static async Task<Results<Ok<IReadOnlyList<BackupManifest>>, NotFound<ProblemDetails>>> ListAsync(
        IOptions<BackupOptions> options, IServiceProvider services, CancellationToken cancellationToken) =>
        options.Value.Enabled
            ? TypedResults.Ok(await services.GetRequiredService<TableBackup>().ListAsync(cancellationToken))
            : NotConfigured();

    private static async Task<IResult> RestoreAsync(
        string id, bool? dryRun, HttpContext http, IOptions<BackupOptions> options, IServiceProvider services, CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
        {
            return NotConfigured();
        }
        var operatorName = Operations.OperationsExtensions.OperatorOf(http);
        // Not the request's token: a restore stopped half-way by a closed connection would leave the tables half restored.
        var result = await services.GetRequiredService<TableBackup>().RestoreAsync(id, operatorName, dryRun == true, CancellationToken.None);
        if (result.Report is { } report)
        {
            return TypedResults.Ok(report);
        }
        return result.Problems.Count == 0
            ? TypedResults.NotFound(new ProblemDetails { Title = $"No complete backup '{id}'.", Status = 404 })
            : TypedResults.Problem(new ProblemDetails
            {
                Status = result.Partly ? StatusCodes.Status409Conflict : StatusCodes.Status422UnprocessableEntity,
                Title = result.Partly ? "The rows were restored but not everything: see errors." : "The backup cannot be restored; nothing was changed.",
                Extensions = { ["errors"] = result.Problems },
            });
    }

    private static NotFound<ProblemDetails> NotConfigured() =>
        TypedResults.NotFound(new ProblemDetails { Title = "Backups are not configured (Backup:BlobServiceUri or Backup:ConnectionString).", Status = 404 });

    private static BlobContainerClient CreateContainer(BackupOptions options, StorageOptions storage)
    {
        if (!string.IsNullOrWhiteSpace(options.BlobServiceUri))
        {
            var credential = new DefaultAzureCredential(new DefaultAzureCredentialOptions
            {
                ManagedIdentityClientId = string.IsNullOrWhiteSpace(storage.ManagedIdentityClientId) ? null : storage.ManagedIdentityClientId,
            });
            return new BlobServiceClient(new Uri(options.BlobServiceUri), credential).GetBlobContainerClient(options.Container);
        }
        // Unused while backups are off; a client that names an endpoint nobody serves.
        var connection = string.IsNullOrWhiteSpace(options.ConnectionString) ? "UseDevelopmentStorage=true" : options.ConnectionString;
        return new BlobServiceClient(connection).GetBlobContainerClient(options.Container);
    }
}
