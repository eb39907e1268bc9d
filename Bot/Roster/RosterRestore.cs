using Azure.Data.Tables;
using CoachBot.Backup;

namespace CoachBot.Roster;

/// <summary>
/// A restore of the roster table: the history and who left go back as they were, but the roster the backup held is
/// written as a new version above the one in force, through the editor (validated, the tenant kept, in the history under
/// the operator who ran the restore), so every instance takes it and nobody comes back without the answer saying so.
/// </summary>
public sealed class RosterRestore(RosterEditor editor) : IRestoreOwner
{
    public string TableName => RosterStore.TableName;

    public Task<OwnedRestore> PlanAsync(string backupId, IReadOnlyList<TableEntity> backedUp, string operatorName, CancellationToken cancellationToken) =>
        RestoreAsync(backupId, backedUp, operatorName, dryRun: true, cancellationToken);

    public Task<OwnedRestore> ApplyAsync(string backupId, IReadOnlyList<TableEntity> backedUp, string operatorName, CancellationToken cancellationToken) =>
        RestoreAsync(backupId, backedUp, operatorName, dryRun: false, cancellationToken);

    private async Task<OwnedRestore> RestoreAsync(string backupId, IReadOnlyList<TableEntity> backedUp, string operatorName, bool dryRun, CancellationToken cancellationToken)
    {
        var asTheyAre = backedUp.Where(r => !RosterStore.IsVersionRow(r)).ToList();
        if (RosterStore.InForceAmong(backedUp) is not { } roster)
        {
            return new OwnedRestore(asTheyAre, [], []);
        }
        var result = await editor.ChangeAsync(roster, RosterAuthor.Restore(backupId, operatorName), expectedVersion: null, dryRun, cancellationToken);
        return result.Outcome switch
        {
            RosterChangeOutcome.Invalid => new OwnedRestore(asTheyAre, [], result.Errors.Select(e => $"The backup's roster: {e}").ToList()),
            RosterChangeOutcome.Conflict => new OwnedRestore(asTheyAre, [],
                [$"The roster changed while it was being restored (version {result.Version.Number}); nothing of the roster was written: run the restore again."]),
            _ => new OwnedRestore(asTheyAre, result.Diff?.Lines ?? [], []),
        };
    }
}
