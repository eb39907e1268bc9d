using Azure;
using Azure.Data.Tables;
using CoachBot.Storage;

namespace CoachBot.Reach;

/// <summary>A member of a team the app is installed in, as Teams lists them.</summary>
public sealed record TeamMember(string AadObjectId, string Name, string? Email, string? UserPrincipalName);

/// <summary>A team the app is installed in, and its members.</summary>
public sealed record KnownTeam(string TeamId, IReadOnlyList<TeamMember> Members);

/// <summary>
/// The members of each team the app is installed in: the whole list when the app is added (Teams' paged members API),
/// then the membersAdded / membersRemoved events; forgotten when the app leaves the team.
/// </summary>
public sealed class TeamMemberStore(Tables tables, ILogger<TeamMemberStore> logger)
{
    public const string TableName = "TeamMembers";

    // PartitionKey = the team id, escaped ("19:…@thread.tacv2" holds no forbidden character today, but keys must never
    // depend on that); RowKey = the member's Entra object id. One partition per team: replaced, listed and dropped whole.
    private const int BatchSize = 100;

    /// <summary>Replaces the team's members with <paramref name="members"/> (the full list just read from Teams).</summary>
    public async Task ReplaceAsync(string teamId, IReadOnlyCollection<TeamMember> members, int pages, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableName, cancellationToken);
        var partition = Key(teamId);
        var keep = members.Select(m => m.AadObjectId).ToHashSet(StringComparer.Ordinal);
        var actions = new List<TableTransactionAction>();
        await foreach (var row in table.QueryAsync<TableEntity>(e => e.PartitionKey == partition, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            if (!keep.Contains(row.RowKey))
            {
                actions.Add(new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partition, row.RowKey), ETag.All));
            }
        }
        actions.AddRange(members.DistinctBy(m => m.AadObjectId).Select(m => new TableTransactionAction(TableTransactionActionType.UpsertReplace, Entity(partition, m))));
        await SubmitAsync(table, actions, cancellationToken);
        Log.TeamSynced(logger, members.Count, pages);
    }

    public async Task AddAsync(string teamId, IEnumerable<TeamMember> members, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableName, cancellationToken);
        var partition = Key(teamId);
        await SubmitAsync(table, members.DistinctBy(m => m.AadObjectId)
            .Select(m => new TableTransactionAction(TableTransactionActionType.UpsertReplace, Entity(partition, m))).ToList(), cancellationToken);
    }

    public async Task RemoveAsync(string teamId, IEnumerable<string> aadObjectIds, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableName, cancellationToken);
        var partition = Key(teamId);
        foreach (var objectId in aadObjectIds.Distinct(StringComparer.Ordinal))
        {
            // Deleting a row that is not there answers 404, which DeleteEntityAsync treats as done.
            await table.DeleteEntityAsync(partition, objectId, ETag.All, cancellationToken);
        }
    }

    /// <summary>The app left the team: its members are no longer the bot's to know.</summary>
    public async Task ForgetAsync(string teamId, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableName, cancellationToken);
        var partition = Key(teamId);
        var actions = new List<TableTransactionAction>();
        await foreach (var row in table.QueryAsync<TableEntity>(e => e.PartitionKey == partition, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            actions.Add(new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partition, row.RowKey), ETag.All));
        }
        await SubmitAsync(table, actions, cancellationToken);
        Log.TeamForgotten(logger);
    }

    /// <summary>Every known team with its members.</summary>
    public async Task<IReadOnlyList<KnownTeam>> ListAsync(CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableName, cancellationToken);
        var teams = new Dictionary<string, List<TeamMember>>(StringComparer.Ordinal);
        await foreach (var row in table.QueryAsync<TableEntity>(cancellationToken: cancellationToken))
        {
            var teamId = Uri.UnescapeDataString(row.PartitionKey);
            if (!teams.TryGetValue(teamId, out var members))
            {
                teams[teamId] = members = [];
            }
            members.Add(new TeamMember(row.RowKey, row.GetString("Name") ?? "", row.GetString("Email"), row.GetString("UserPrincipalName")));
        }
        return teams.Select(t => new KnownTeam(t.Key, t.Value)).ToList();
    }

    private static TableEntity Entity(string partition, TeamMember member) => new(partition, member.AadObjectId)
    {
        ["Name"] = member.Name,
        ["Email"] = member.Email,
        ["UserPrincipalName"] = member.UserPrincipalName,
    };

    /// <summary>Batches of at most 100 actions, the most one transaction takes (all in one partition).</summary>
    private static async Task SubmitAsync(TableClient table, List<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        foreach (var batch in actions.Chunk(BatchSize))
        {
            await table.SubmitTransactionAsync(batch, cancellationToken);
        }
    }

    private static string Key(string teamId) => Uri.EscapeDataString(teamId);
}
