using Azure.Data.Tables;
using CoachBot.Storage;

namespace CoachBot.Scheduling;

/// <summary>How a firing of a <see cref="SingleInstanceJob"/> ended on the instance that held its lease.</summary>
public enum JobOutcome
{
    Succeeded,
    Failed,
    Cancelled,
    /// <summary>A due time found without a run after a restart, past the time its run was of use: given up and alerted.</summary>
    Missed,
}

/// <summary>What one firing did: the due time it served, whether it was a catch-up after a restart, its outcome, and for a campaign job what it sent (or why nothing).</summary>
public sealed record JobRun(DateTimeOffset DueAt, bool CatchUp, JobOutcome Outcome, RunSummary? Summary = null);

/// <summary>A job's record as <c>GET /api/admin/jobs</c> shows it.</summary>
public sealed record JobRecord(string Job, DateTimeOffset KnownSince, DateTimeOffset? LastDueAt, DateTimeOffset? LastRunAt, string? LastOutcome, bool LastWasCatchUp, int Missed, string? LastSummary = null);

/// <summary>
/// The <c>JobRuns</c> table: per scheduled job, since when the deployment has known it (due times before that are not
/// caught up: a first start is not a restart), and how its last firing went (the due time it served, when, the outcome).
/// Written by the instance that ran the firing, under the job's lease; read at start to catch up and by the admin route.
/// </summary>
public sealed class JobRuns(Tables tables)
{
    public const string TableName = "JobRuns";

    /// <summary>Since when the job is known; recorded now the first time any instance asks (of two asking together, the first write wins).</summary>
    public async Task<DateTimeOffset> KnownSinceAsync(string job, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableName, cancellationToken);
        var existing = await table.GetEntityIfExistsAsync<JobRunEntity>(TableKeys.Escape(job), "", cancellationToken: cancellationToken);
        if (existing.HasValue)
        {
            return existing.Value!.KnownSince;
        }
        var entity = new JobRunEntity { PartitionKey = TableKeys.Escape(job), Job = job, KnownSince = now };
        if (await Optimistic.TryWriteAsync(() => table.AddEntityAsync(entity, cancellationToken)) is not null)
        {
            return now;
        }
        // Another instance recorded it between our read and our write.
        var written = await table.GetEntityAsync<JobRunEntity>(TableKeys.Escape(job), "", cancellationToken: cancellationToken);
        return written.Value.KnownSince;
    }

    /// <summary>Records how a firing of <paramref name="job"/> ended, at <paramref name="at"/>.</summary>
    public async Task RecordAsync(string job, JobRun run, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableName, cancellationToken);
        var existing = await table.GetEntityIfExistsAsync<JobRunEntity>(TableKeys.Escape(job), "", cancellationToken: cancellationToken);
        var entity = existing.HasValue ? existing.Value! : new JobRunEntity { PartitionKey = TableKeys.Escape(job), Job = job, KnownSince = at };
        entity.LastDueAt = run.DueAt;
        entity.LastRunAt = at;
        entity.LastOutcome = run.Outcome.ToString().ToLowerInvariant();
        entity.LastWasCatchUp = run.CatchUp;
        // Empty, not null, when the run has none: a merge keeps a column it is not given, which would leave an older summary.
        entity.LastSummary = run.Summary is { } summary ? Describe(summary) : "";
        if (run.Outcome == JobOutcome.Missed)
        {
            entity.Missed++;
        }
        // Merge, not replace: columns a later release adds stay on the row when this one writes it.
        await table.UpsertEntityAsync(entity, TableUpdateMode.Merge, cancellationToken);
    }

    /// <summary>A run's summary in one line, as the <c>LastSummary</c> column holds it.</summary>
    public static string Describe(RunSummary summary) =>
        $"sent {summary.Sent} of {summary.Recipients} (already sent {summary.AlreadySent}, skipped {summary.Skipped}, failed {summary.Failed})"
        + (summary.Why is { } why ? $": {why}" : "");

    /// <summary>Every job's record, by job name.</summary>
    public async Task<IReadOnlyDictionary<string, JobRecord>> ListAsync(CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableName, cancellationToken);
        var records = new Dictionary<string, JobRecord>(StringComparer.Ordinal);
        await foreach (var entity in table.QueryAsync<JobRunEntity>(cancellationToken: cancellationToken))
        {
            records[entity.Job] = entity.ToRecord();
        }
        return records;
    }

    // PartitionKey = job name (escaped), RowKey = "": one row per job, read and written by point operations.
    internal sealed class JobRunEntity : TableRow
    {
        public string Job { get; set; } = "";
        public DateTimeOffset KnownSince { get; set; }
        public DateTimeOffset? LastDueAt { get; set; }
        public DateTimeOffset? LastRunAt { get; set; }
        public string? LastOutcome { get; set; }
        public bool LastWasCatchUp { get; set; }
        public int Missed { get; set; }
        /// <summary>What the last firing of a campaign job sent, or why nothing (<see cref="Describe"/>); null for other jobs.</summary>
        public string? LastSummary { get; set; }

        public JobRecord ToRecord() => new(Job, KnownSince, LastDueAt, LastRunAt, LastOutcome, LastWasCatchUp, Missed, string.IsNullOrEmpty(LastSummary) ? null : LastSummary);
    }
}
