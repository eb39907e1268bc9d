using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using CoachBot.Storage;

namespace CoachBot.Teams;

/// <summary>
/// The Entra account each roster member known by e-mail only was first matched to. The first account whose UPN names
/// the member is that member from then on; a later account with the same UPN (a re-created or look-alike account) is
/// not, until an operator writes the member's object id in the roster. Small: one row per such member, kept in memory
/// once read (a pin never changes).
/// </summary>
public sealed class MemberPins(Tables tables, TimeProvider clock)
{
    public const string TableName = "MemberPins";

    // PartitionKey = "email" (one small partition: every pin in one query); RowKey = the roster member id (their e-mail), escaped.
    private const string Partition = "email";

    private readonly ConcurrentDictionary<string, string> _pinned = new(StringComparer.Ordinal);

    /// <summary>True when <paramref name="objectId"/> is the account pinned to the member, pinning it when none is yet.</summary>
    public async Task<bool> PinAsync(string memberId, string objectId, CancellationToken cancellationToken)
    {
        if (_pinned.TryGetValue(memberId, out var known))
        {
            return known == objectId;
        }
        var table = await tables.GetAsync(TableName, cancellationToken);
        var pin = new TableEntity(Partition, RowKey(memberId)) { ["AadObjectId"] = objectId, ["PinnedAt"] = clock.GetUtcNow() };
        try
        {
            await table.AddEntityAsync(pin, cancellationToken);
            _pinned[memberId] = objectId;
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            var existing = await table.GetEntityAsync<TableEntity>(Partition, RowKey(memberId), cancellationToken: cancellationToken);
            var pinned = existing.Value.GetString("AadObjectId") ?? "";
            _pinned[memberId] = pinned;
            return pinned == objectId;
        }
    }

    /// <summary>Every pin, member id → object id, in one query.</summary>
    public async Task<Dictionary<string, string>> AllAsync(CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableName, cancellationToken);
        var all = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (var pin in table.QueryAsync<TableEntity>(e => e.PartitionKey == Partition, cancellationToken: cancellationToken))
        {
            if (pin.GetString("AadObjectId") is { Length: > 0 } objectId)
            {
                var memberId = Uri.UnescapeDataString(pin.RowKey);
                all[memberId] = objectId;
                _pinned.TryAdd(memberId, objectId);
            }
        }
        return all;
    }

    // Table keys refuse '/', '\', '#' and '?', which an e-mail address may hold.
    private static string RowKey(string memberId) => Uri.EscapeDataString(memberId);
}
