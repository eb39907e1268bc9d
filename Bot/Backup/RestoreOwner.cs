using Azure.Data.Tables;

namespace CoachBot.Backup;

/// <summary>What the owner of a table makes of a backup's copy of it.</summary>
/// <param name="AsTheyAre">The rows a restore writes back as they are; the owner writes the rest its own way.</param>
/// <param name="Changes">What the owner's own part changes (or would), one line each, for the restore's answer.</param>
/// <param name="Problems">Why the owner refuses: the restore then writes nothing at all.</param>
public sealed record OwnedRestore(IReadOnlyList<TableEntity> AsTheyAre, IReadOnlyList<string> Changes, IReadOnlyList<string> Problems);

/// <summary>
/// A table whose backed-up rows must not simply be written back, because rows stand for a state other instances act on
/// (the roster's version row: writing an older one back would set the roster back where running instances ignore it).
/// The restore asks its owner first, in a dry run for every owner before anything is written, and lets it apply its own
/// part last.
/// </summary>
public interface IRestoreOwner
{
    /// <summary>The table's name without the deployment's prefix.</summary>
    string TableName { get; }

    /// <summary>What the owner would do with <paramref name="backedUp"/>; changes nothing.</summary>
    Task<OwnedRestore> PlanAsync(string backupId, IReadOnlyList<TableEntity> backedUp, string operatorName, CancellationToken cancellationToken);

    /// <summary>Does it, after the rows written as they are are back.</summary>
    Task<OwnedRestore> ApplyAsync(string backupId, IReadOnlyList<TableEntity> backedUp, string operatorName, CancellationToken cancellationToken);
}
