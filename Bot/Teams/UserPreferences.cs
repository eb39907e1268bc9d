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
/// a turn that changes nothing writes nothing.
/// </summary>
public sealed class UserPreferencesStore(Tables tables, TimeProvider clock)
{
    public const string TableName = "UserPreferences";

    // PartitionKey = Entra object id (a point read per turn); RowKey = "preferences".
    private const string Row = "preferences";

    public async Task<UserPreferences> GetAsync(string aadObjectId, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableName, cancellationToken);
        var entity = await table.GetEntityIfExistsAsync<TableEntity>(Key(aadObjectId), Row, [nameof(UserPreferences.Language)], cancellationToken);
        return new UserPreferences(entity.HasValue ? entity.Value!.GetString(nameof(UserPreferences.Language)) : null);
    }

    public async Task SetLanguageAsync(string aadObjectId, string language, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableName, cancellationToken);
        var patch = new TableEntity(Key(aadObjectId), Row)
        {
            [nameof(UserPreferences.Language)] = language,
            ["UpdatedAt"] = clock.GetUtcNow(),
        };
        await table.UpsertEntityAsync(patch, TableUpdateMode.Merge, cancellationToken);
    }

    private static string Key(string aadObjectId) =>
        RosterIdentity.TryNormalizeObjectId(aadObjectId, out var id) ? id : throw new ArgumentException($"'{aadObjectId}' is not an Entra object id.", nameof(aadObjectId));
}
