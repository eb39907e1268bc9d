using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using CoachBot.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CoachBot.Tests.Infrastructure;

/// <summary>
/// Fails chosen Table Storage requests the way an outage does (503, before the SDK's retries), on the real Azurite
/// tables: a test sets <see cref="Fail"/> to pick the requests, and <see cref="AddTo"/> puts it in the bot's client.
/// </summary>
public sealed class StorageFaults : HttpPipelinePolicy
{
    /// <summary>When set and it returns true for a request, the request fails with 503 instead of reaching storage.</summary>
    public Func<Request, bool>? Fail { get; set; }

    /// <summary>Replaces the bot's <see cref="TableServiceClient"/> with one whose requests go through these faults.</summary>
    public void AddTo(IServiceCollection services) => services.AddSingleton(sp =>
    {
        var options = new TableClientOptions();
        options.AddPolicy(this, HttpPipelinePosition.PerCall);
        return new TableServiceClient(sp.GetRequiredService<IOptions<StorageOptions>>().Value.ConnectionString, options);
    });

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        ThrowIfFaulted(message);
        ProcessNext(message, pipeline);
    }

    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        ThrowIfFaulted(message);
        return ProcessNextAsync(message, pipeline);
    }

    private void ThrowIfFaulted(HttpMessage message)
    {
        if (Fail?.Invoke(message.Request) is true)
        {
            throw new RequestFailedException(503, "storage fault injected by the test");
        }
    }
}
