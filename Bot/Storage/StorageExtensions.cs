using CoachBot.Features;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Microsoft.Extensions.Options;

namespace CoachBot.Storage;

public static class StorageExtensions
{
    public static IServiceCollection AddStorage(this IServiceCollection services)
    {
        services.AddCheckedOptions<StorageOptions>(StorageOptions.Section)
            .Validate(o => !string.IsNullOrWhiteSpace(o.TableServiceUri) || !string.IsNullOrWhiteSpace(o.ConnectionString),
                "Storage: set Storage:ConnectionString (UseDevelopmentStorage=true for Azurite) or Storage:TableServiceUri.")
            .Validate(o => string.IsNullOrWhiteSpace(o.TableServiceUri) || Uri.TryCreate(o.TableServiceUri, UriKind.Absolute, out _),
                "Storage:TableServiceUri must be an absolute URI such as https://account.table.core.windows.net.");

        services.AddSingleton(sp => CreateServiceClient(sp.GetRequiredService<IOptions<StorageOptions>>().Value));
        services.AddSingleton<Tables>();
        services.AddHealthChecks().AddCheck<TableStorageHealthCheck>("table-storage");
        return services;
    }

    private static TableServiceClient CreateServiceClient(StorageOptions options)
    {
        var clientOptions = new TableClientOptions();
        // Short retries and timeouts: a user waits on most calls, a turn has Turns:Timeout (8 s) in all, and Teams
        // re-sends an activity the bot takes over 15 s to answer. A frozen storage costs a call at most
        // 3 x 2 s + 0.2 s + 0.4 s; the turn's deadline cuts it shorter.
        clientOptions.Retry.MaxRetries = 2;
        clientOptions.Retry.Mode = RetryMode.Exponential;
        clientOptions.Retry.Delay = TimeSpan.FromMilliseconds(200);
        clientOptions.Retry.MaxDelay = TimeSpan.FromSeconds(1);
        clientOptions.Retry.NetworkTimeout = TimeSpan.FromSeconds(2);
        var recreate = new RecreateMissingTables();
        clientOptions.AddPolicy(recreate, HttpPipelinePosition.PerCall);

        if (!string.IsNullOrWhiteSpace(options.TableServiceUri))
        {
            var credential = new DefaultAzureCredential(new DefaultAzureCredentialOptions
            {
                ManagedIdentityClientId = string.IsNullOrWhiteSpace(options.ManagedIdentityClientId) ? null : options.ManagedIdentityClientId,
            });
            return Using(recreate, new TableServiceClient(new Uri(options.TableServiceUri), credential, clientOptions));
        }
        return Using(recreate, new TableServiceClient(options.ConnectionString, clientOptions));
    }

    private static TableServiceClient Using(RecreateMissingTables recreate, TableServiceClient service)
    {
        recreate.Use(service);
        return service;
    }
}
