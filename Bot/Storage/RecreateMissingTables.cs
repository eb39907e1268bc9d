using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;

namespace CoachBot.Storage;

/// <summary>
/// Creates a table again when storage answers that it does not exist, then repeats the request once. A table deleted
/// while the service runs (by an operator, or an in-memory Azurite restarted) would otherwise fail every request until
/// a restart, because <see cref="Tables"/> creates each table only the first time it is asked for.
/// Entity requests only; a batch names its table inside its body and fails this once, and the next request heals it.
/// </summary>
internal sealed class RecreateMissingTables : HttpPipelinePolicy
{
    private TableServiceClient? _service;

    /// <summary>The client to create tables with; set once it is built (this policy is part of its own pipeline).</summary>
    public void Use(TableServiceClient service) => _service = service;

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        await ProcessNextAsync(message, pipeline);
        if (_service is null || !IsTableNotFound(message.Response) || TableOf(message.Request.Uri.Path) is not { } table)
        {
            return;
        }
        try
        {
            await _service.CreateTableIfNotExistsAsync(table, message.CancellationToken);
        }
        catch (RequestFailedException)
        {
            // Could not create it (yet: Azure keeps a deleted table's name for a while): the original answer stands.
            return;
        }
        await ProcessNextAsync(message, pipeline);
    }

    private static bool IsTableNotFound(Response response)
    {
        if (response.Status != 404)
        {
            return false;
        }
        if (response.Headers.TryGetValue("x-ms-error-code", out var code))
        {
            return code == "TableNotFound";
        }
        // Azurite and the service also name the error in the body.
        return response.Content.ToString().Contains("TableNotFound", StringComparison.Ordinal);
    }

    /// <summary>The table an entity request addresses: the last path segment without its key, e.g. <c>Leases(PartitionKey='',RowKey='a')</c>.</summary>
    internal static string? TableOf(string path)
    {
        var segment = path.TrimEnd('/');
        segment = segment[(segment.LastIndexOf('/') + 1)..];
        var parenthesis = segment.IndexOf('(');
        var name = parenthesis >= 0 ? segment[..parenthesis] : segment;
        return name.Length > 0 && name != "Tables" && !name.StartsWith('$') && name.All(char.IsAsciiLetterOrDigit) ? name : null;
    }
}
