using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Microsoft.Bot.Builder;
using Microsoft.Extensions.Options;

namespace CoachBot.Storage;

public static class StorageExtensions
{
    public static IServiceCollection AddStorage(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>()
            .BindConfiguration(StorageOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => !string.IsNullOrWhiteSpace(o.TableServiceUri) || !string.IsNullOrWhiteSpace(o.ConnectionString),
                "Storage: set Storage:ConnectionString (UseDevelopmentStorage=true for Azurite) or Storage:TableServiceUri.")
            .Validate(o => string.IsNullOrWhiteSpace(o.TableServiceUri) || Uri.TryCreate(o.TableServiceUri, UriKind.Absolute, out _),
                "Storage:TableServiceUri must be an absolute URI such as https://account.table.core.windows.net.")
            .ValidateOnStart();

        services.AddSingleton(sp => CreateServiceClient(sp.GetRequiredService<IOptions<StorageOptions>>().Value));
        services.AddSingleton<Tables>();
        services.AddSingleton<IStorage, TableBotStorage>();
        services.AddHealthChecks().AddCheck<TableStorageHealthCheck>("table-storage");
        return services;
    }

    private static TableServiceClient CreateServiceClient(StorageOptions options)
    {
        var clientOptions = new TableClientOptions();
        // Short retries: a user waits on most calls, and Teams re-sends an activity the bot takes over 15 s to answer.
        clientOptions.Retry.MaxRetries = 3;
        clientOptions.Retry.Mode = RetryMode.Exponential;
        clientOptions.Retry.Delay = TimeSpan.FromMilliseconds(200);
        clientOptions.Retry.MaxDelay = TimeSpan.FromSeconds(2);
        clientOptions.Retry.NetworkTimeout = TimeSpan.FromSeconds(5);

        if (!string.IsNullOrWhiteSpace(options.TableServiceUri))
        {
            var credential = new DefaultAzureCredential(new DefaultAzureCredentialOptions
            {
                ManagedIdentityClientId = string.IsNullOrWhiteSpace(options.ManagedIdentityClientId) ? null : options.ManagedIdentityClientId,
            });
            return new TableServiceClient(new Uri(options.TableServiceUri), credential, clientOptions);
        }
        return new TableServiceClient(options.ConnectionString, clientOptions);
    }
}
