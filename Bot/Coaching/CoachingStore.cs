using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using CoachBot.Calendar;
using CoachBot.CheckIns;
using CoachBot.Storage;

namespace CoachBot.Coaching;

/// <summary>
/// Why a prompt was chosen: a trigger id (<see cref="CoachingTracks"/>) or <see cref="Programme"/>, with the figures the
/// card names (presence rates, the decline date, the rep under target, the week of the programme, the confidence scores,
/// the blocker quoted and its <see cref="Theme"/>).
/// </summary>
public sealed record SelectionReason(
    string Trigger,
    double? LastRate = null,
    double? EarlierRate = null,
    double? Target = null,
    DateOnly? Date = null,
    string? Name = null,
    int? Number = null,
    int? EarlierNumber = null,
    string? Theme = null)
{
    public const string Programme = "programme";

    /// <summary>Last week's card reported "not yet" on a commitment: a smaller step of the same theme.</summary>
    public const string SmallerStep = "smaller-step";

    /// <summary>The next level of the theme the person did most recently (<see cref="Number"/> is the level).</summary>
    public const string NextLevel = "next-level";
}

/// <summary>One prompt sent to one person for one ISO week, and how they answered it.</summary>
public sealed record CoachingRecord(
    string MemberId,
    IsoWeek Week,
    string Track,
    string PromptId,
    string Theme,
    string Kind,
    SelectionReason Reason,
    DateTimeOffset SentAt,
    CoachingOutcome Outcome = CoachingOutcome.Sent,
    DateTimeOffset? AnsweredAt = null,
    string? Reflection = null,
    string? Commitment = null,
    CommitmentFollowUp? FollowUp = null,
    int LaterCount = 0,
    DateTimeOffset? LaterDueAt = null,
    int Resent = 0)
{
    public bool IsClosed => Outcome is CoachingOutcome.Done or CoachingOutcome.NotRelevant;

    /// <summary>Done by <see cref="CoachingDone"/>'s rule (a commitment counts once reported done).</summary>
    public bool IsDone => CoachingDone.Counts(Outcome, Commitment, FollowUp);

    /// <summary>A commitment not yet reported on.</summary>
    public bool HasOpenCommitment => Commitment is not null && FollowUp is null;

    public CoachingEntry ToEntry() => new(MemberId, Track, PromptId, Theme, Kind, Week.ToString(), SentAt, Outcome, AnsweredAt, Reflection, Commitment, FollowUp);
}

/// <summary>A record as read, with the version a conditional write needs.</summary>
public sealed record StoredCoaching(CoachingRecord Record, ETag Version);

/// <summary>
/// The <c>Coaching</c> table. The weekly run and the "later" check read the whole table once; answering and
/// <c>my programme</c> read one person's partition; an answer and the follow-up of last week's commitment are written
/// together in one transaction (same partition).
/// </summary>
public sealed class CoachingStore(Tables tables)
{
    public const string TableName = "Coaching";

    /// <summary>Every record of every person, in one pass over the table.</summary>
    public Task<IReadOnlyList<StoredCoaching>> ListAllAsync(CancellationToken cancellationToken) => QueryAsync(null, cancellationToken);

    /// <summary>Every record answered "Later", in one query over the table (filtered by the service, not here).</summary>
    public Task<IReadOnlyList<StoredCoaching>> ListLaterAsync(CancellationToken cancellationToken) =>
        QueryAsync(TableClient.CreateQueryFilter($"Outcome eq {nameof(CoachingOutcome.Later)}"), cancellationToken);

    /// <summary>One person's records, oldest first: one partition query.</summary>
    public async Task<IReadOnlyList<StoredCoaching>> ReadMemberAsync(string memberId, CancellationToken cancellationToken) =>
        (await QueryAsync(TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Escape(memberId)}"), cancellationToken))
            .OrderBy(s => s.Record.Week).ToList();

    /// <summary>Stores the week's prompt for a person; false when one was stored meanwhile (another instance, a rerun).</summary>
    public async Task<bool> TryAddAsync(CoachingRecord record, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableName, cancellationToken);
        return await Optimistic.TryWriteAsync(() => table.AddEntityAsync(CoachingEntity.From(record), cancellationToken)) is not null;
    }

    public async Task<StoredCoaching?> GetAsync(string memberId, IsoWeek week, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableName, cancellationToken);
        var entity = await table.GetEntityIfExistsAsync<CoachingEntity>(TableKeys.Escape(memberId), week.ToString(), cancellationToken: cancellationToken);
        return entity.HasValue && entity.Value!.ToRecord() is { } record ? new StoredCoaching(record, entity.Value.ETag) : null;
    }

    /// <summary>
    /// Replaces records of one person if each is still the version read, all or none; false when one changed meanwhile.
    /// </summary>
    public async Task<bool> TryReplaceAsync(IReadOnlyList<(CoachingRecord Record, ETag Version)> changes, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableName, cancellationToken);
        return changes.Count == 1
            ? await Optimistic.TryWriteAsync(() =>
                table.UpdateEntityAsync(CoachingEntity.From(changes[0].Record), changes[0].Version, TableUpdateMode.Replace, cancellationToken)) is not null
            : await Optimistic.TryWriteAsync(() => table.SubmitTransactionAsync(
                changes.Select(c => new TableTransactionAction(TableTransactionActionType.UpdateReplace, CoachingEntity.From(c.Record), c.Version)),
                cancellationToken));
    }

    private async Task<IReadOnlyList<StoredCoaching>> QueryAsync(string? filter, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableName, cancellationToken);
        var found = new List<StoredCoaching>();
        await foreach (var entity in table.QueryAsync<CoachingEntity>(filter, cancellationToken: cancellationToken))
        {
            if (entity.ToRecord() is { } record)
            {
                found.Add(new StoredCoaching(record, entity.ETag));
            }
        }
        return found;
    }

    private static readonly JsonSerializerOptions ReasonJson = new(JsonSerializerDefaults.Web);

    // PartitionKey = roster member id (escaped as in CheckIns), RowKey = ISO week "2026-W48": one prompt per person per
    // week, a person's weeks in time order in one partition.
    internal sealed class CoachingEntity : TableRow
    {
        public string MemberId { get; set; } = "";
        public string Track { get; set; } = "";
        public string PromptId { get; set; } = "";
        public string Theme { get; set; } = "";
        public string Kind { get; set; } = "";
        public string Reason { get; set; } = "";
        public DateTimeOffset SentAt { get; set; }
        public string Outcome { get; set; } = "";
        public DateTimeOffset? AnsweredAt { get; set; }
        public string? Reflection { get; set; }
        public string? Commitment { get; set; }
        public string? FollowUp { get; set; }
        public int LaterCount { get; set; }
        public DateTimeOffset? LaterDueAt { get; set; }
        public int Resent { get; set; }

        public static CoachingEntity From(CoachingRecord record) => new()
        {
            PartitionKey = TableKeys.Escape(record.MemberId),
            RowKey = record.Week.ToString(),
            MemberId = record.MemberId,
            Track = record.Track,
            PromptId = record.PromptId,
            Theme = record.Theme,
            Kind = record.Kind,
            Reason = JsonSerializer.Serialize(record.Reason, ReasonJson),
            SentAt = record.SentAt,
            Outcome = record.Outcome.ToString(),
            AnsweredAt = record.AnsweredAt,
            Reflection = record.Reflection,
            Commitment = record.Commitment,
            FollowUp = record.FollowUp?.ToString(),
            LaterCount = record.LaterCount,
            LaterDueAt = record.LaterDueAt,
            Resent = record.Resent,
        };

        /// <summary>The record, or null for a row this version cannot read (never thrown at a reader).</summary>
        public CoachingRecord? ToRecord()
        {
            if (!IsoWeek.TryParse(RowKey, out var week) || !Enum.TryParse<CoachingOutcome>(Outcome, out var outcome))
            {
                return null;
            }
            var reason = Reason.Length > 0 ? JsonSerializer.Deserialize<SelectionReason>(Reason, ReasonJson) : null;
            return new CoachingRecord(
                MemberId, week, Track, PromptId, Theme, Kind, reason ?? new SelectionReason(SelectionReason.Programme), SentAt, outcome, AnsweredAt,
                Reflection, Commitment, Enum.TryParse<CommitmentFollowUp>(FollowUp, out var followUp) ? followUp : null, LaterCount, LaterDueAt, Resent);
        }
    }
}

/// <summary>The read contract other features use (digests, export), over the coaching table.</summary>
public sealed class CoachingHistory(CoachingStore store, CoachingProgramme programme) : ICoachingHistory
{
    public async Task<IReadOnlyList<CoachingEntry>> ListAllAsync(CancellationToken cancellationToken) =>
        (await store.ListAllAsync(cancellationToken)).Select(s => s.Record.ToEntry()).ToList();

    public int TrackLength(string track) => programme.Prompts.Count(p => p.Track == track);
}
