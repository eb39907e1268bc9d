using System.Collections.Concurrent;
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
    private readonly ConcurrentDictionary<string, Lazy<Task<TableClient>>> _tables = new();

    public TableServiceClient Service => service;

    public string NameOf(string table) => options.Value.TablePrefix + table;

    public async Task<TableClient> GetAsync(string table, CancellationToken cancellationToken)
    {
        var lazy = _tables.GetOrAdd(table, name => new Lazy<Task<TableClient>>(() => CreateAsync(name)));
        try
        {
            return await lazy.Value.WaitAsync(cancellationToken);
        }
        catch (Exception) when (lazy.Value.IsFaulted)
        {
            _tables.TryRemove(KeyValuePair.Create(table, lazy));
            throw;
        }
    }

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
