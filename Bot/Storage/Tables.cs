using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;

namespace CoachBot.Storage;

/// <summary>
/// The service's tables on one shared <see cref="TableServiceClient"/>. A table is created the first time a store
/// asks for it; a failed creation is not cached, so the service recovers by itself when storage comes back.
/// </summary>
public sealed class Tables(TableServiceClient service, IOptions<StorageOptions> options)
{
    private readonly OnceCache<TableClient> _tables = new();

    public TableServiceClient Service => service;

    public string NameOf(string table) => options.Value.TablePrefix + table;

    public Task<TableClient> GetAsync(string table, CancellationToken cancellationToken) =>
        _tables.GetAsync(table, () => CreateAsync(table), cancellationToken);

    private async Task<TableClient> CreateAsync(string table)
    {
        var client = service.GetTableClient(NameOf(table));
        try
        {
            await client.CreateIfNotExistsAsync(CancellationToken.None);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // Created by another instance between our check and our create.
        }
        return client;
    }
}
