using Azure;
using Azure.Data.Tables;
using CoachBot.Roster;
using CoachBot.Storage;

namespace CoachBot.Teams;

/// <summary>What a user chose for themselves.</summary>
public sealed record UserPreferences(string? Language);

/// <summary>
/// Users' own choices, one entity per user. Each choice is written as a merge of the properties that changed, without
/// an ETag: two turns of one user never conflict (the later choice wins, which is what the user asked for last), and
/// a turn that changes nothing writes nothing. Every turn needs them (the language to answer in), so what was read or
/// written is kept for <see cref="KeptFor"/>: a choice made through another instance reaches this one within that
/// time, at worst one or two answers in the former language.
/// </summary>
public sealed class UserPreferencesStore(Tables tables, TimeProvider clock)
{
    public const string TableName = "UserPreferences";

    // PartitionKey = Entra object id (a point read per turn); RowKey = "preferences".
    private const string Row = "preferences";

    public static readonly TimeSpan KeptFor = TimeSpan.FromSeconds(30);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (UserPreferences Preferences, DateTimeOffset Until)> _kept = new(StringComparer.Ordinal);

    public async Task<UserPreferences> GetAsync(string aadObjectId, CancellationToken cancellationToken)
    {
        var key = Key(aadObjectId);
        if (_kept.TryGetValue(key, out var kept) && kept.Until > clock.GetUtcNow())
        {
            return kept.Preferences;
        }
        var table = await tables.GetAsync(TableName, cancellationToken);
        var entity = await table.GetEntityIfExistsAsync<TableEntity>(key, Row, [nameof(UserPreferences.Language)], cancellationToken);
        var preferences = new UserPreferences(entity.HasValue ? entity.Value!.GetString(nameof(UserPreferences.Language)) : null);
        _kept[key] = (preferences, clock.GetUtcNow() + KeptFor);
        return preferences;
    }

    public async Task SetLanguageAsync(string aadObjectId, string language, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableName, cancellationToken);
        var patch = new TableEntity(Key(aadObjectId), Row)
        {
            [nameof(UserPreferences.Language)] = language,
            ["UpdatedAt"] = clock.GetUtcNow(),
        };
        // Forgotten before the write: if the write fails, the next turn reads what is really stored.
        _kept.TryRemove(Key(aadObjectId), out _);
        await table.UpsertEntityAsync(patch, TableUpdateMode.Merge, cancellationToken);
        _kept[Key(aadObjectId)] = (new UserPreferences(language), clock.GetUtcNow() + KeptFor);
    }

    private static string Key(string aadObjectId) =>
        RosterIdentity.TryNormalizeObjectId(aadObjectId, out var id) ? id : throw new ArgumentException($"'{aadObjectId}' is not an Entra object id.", nameof(aadObjectId));
}
