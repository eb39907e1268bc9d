using Azure;
using Azure.Data.Tables;
using CoachBot.Storage;

namespace CoachBot.Reach;

/// <summary>The last installation attempt per roster member, and the roster the last <c>reach-install</c> run saw.</summary>
public sealed class InstallAttemptStore(Tables tables)
{
    public const string TableName = "ReachInstalls";

    // PartitionKey = "member" for attempts (a roster is a few hundred people: one partition, listed in one query) and
    // "run" for the job's own row; RowKey = the roster member id, escaped (an e-mail may hold '#' or '/', which keys refuse).
    private const string MemberPartition = "member";
    private const string RunPartition = "run";
    private const string LastRunRow = "last";

    public async Task RecordAsync(string memberId, InstallAttempt attempt, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableName, cancellationToken);
        await table.UpsertEntityAsync(new AttemptEntity
        {
            PartitionKey = MemberPartition,
            RowKey = Key(memberId),
            MemberId = memberId,
            Outcome = attempt.Outcome.ToString(),
            At = attempt.At,
            Detail = attempt.Detail,
            ObjectId = attempt.ObjectId,
        }, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>Every member's last attempt, by roster member id.</summary>
    public async Task<Dictionary<string, InstallAttempt>> ListAsync(CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableName, cancellationToken);
        var found = new Dictionary<string, InstallAttempt>(StringComparer.Ordinal);
        await foreach (var entity in table.QueryAsync<AttemptEntity>(e => e.PartitionKey == MemberPartition, cancellationToken: cancellationToken))
        {
            if (Enum.TryParse<InstallOutcome>(entity.Outcome, out var outcome) && entity.MemberId is { } memberId)
            {
                found[memberId] = new InstallAttempt(outcome, entity.At, entity.Detail, entity.ObjectId);
            }
        }
        return found;
    }

    public async Task<InstallAttempt?> GetAsync(string memberId, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableName, cancellationToken);
        var entity = await table.GetEntityIfExistsAsync<AttemptEntity>(MemberPartition, Key(memberId), cancellationToken: cancellationToken);
        return entity.HasValue && Enum.TryParse<InstallOutcome>(entity.Value!.Outcome, out var outcome)
            ? new InstallAttempt(outcome, entity.Value.At, entity.Value.Detail, entity.Value.ObjectId)
            : null;
    }

    /// <summary>The roster fingerprint of the last completed run; null before the first.</summary>
    public async Task<string?> LastRosterAsync(CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableName, cancellationToken);
        var entity = await table.GetEntityIfExistsAsync<TableEntity>(RunPartition, LastRunRow, cancellationToken: cancellationToken);
        return entity.HasValue ? entity.Value!.GetString("Roster") : null;
    }

    public async Task RecordRunAsync(string rosterFingerprint, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableName, cancellationToken);
        await table.UpsertEntityAsync(new TableEntity(RunPartition, LastRunRow) { ["Roster"] = rosterFingerprint, ["At"] = at },
            TableUpdateMode.Replace, cancellationToken);
    }

    private static string Key(string memberId) => Uri.EscapeDataString(memberId);

    internal sealed class AttemptEntity : TableRow
    {
        public string? MemberId { get; set; }
        public string? Outcome { get; set; }
        public DateTimeOffset At { get; set; }
        public string? Detail { get; set; }
        public string? ObjectId { get; set; }
    }
}
