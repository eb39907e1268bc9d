using System.Globalization;
using Azure;
using Azure.Data.Tables;
using CoachBot.Calendar;
using CoachBot.Storage;

namespace CoachBot.CheckIns;

/// <summary>A stored check-in and the version it was read at, for a conditional replace.</summary>
public sealed record StoredCheckIn(WeeklyCheckIn CheckIn, ETag Version);

/// <summary>A rep's away period, both days included.</summary>
public sealed record AwayPeriod(DateOnly From, DateOnly Until)
{
    public bool Covers(DateOnly day) => From <= day && day <= Until;
}

/// <summary>Every rep's check-ins over a range of weeks and their away periods, as read in one query; looked up by roster member id.</summary>
public sealed class TeamCheckIns(IReadOnlyDictionary<string, List<WeeklyCheckIn>> weeks, IReadOnlyDictionary<string, AwayPeriod> away)
{
    /// <summary>The member's check-ins in the range, oldest first.</summary>
    public IReadOnlyList<WeeklyCheckIn> Of(string memberId) =>
        weeks.TryGetValue(CheckInStore.PartitionOf(memberId), out var list) ? list.OrderBy(c => c.Week).ToList() : [];

    public AwayPeriod? AwayOf(string memberId) => away.GetValueOrDefault(CheckInStore.PartitionOf(memberId));

    /// <summary>How many check-ins were read (every rep, every week of the range).</summary>
    public int Count => weeks.Values.Sum(l => l.Count);
}

/// <summary>
/// The <c>CheckIns</c> table: each rep's weekly answers and away period. A submit reads the week and the three before
/// it in one range query and writes once; stats read one range of one partition; a reminder check reads one
/// partition's week and away rows in one query.
/// </summary>
public sealed class CheckInStore(Tables tables)
{
    public const string TableName = "CheckIns";

    // Row keys "2026-W48" sort in time order and before "away" ('2' < 'a'), so week ranges never include the away row.
    private const string AwayRow = "away";

    /// <summary>The rep's check-ins from <paramref name="from"/> to <paramref name="to"/> (both included), oldest first: one query.</summary>
    public async Task<IReadOnlyList<StoredCheckIn>> ReadWeeksAsync(string memberId, IsoWeek from, IsoWeek to, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableName, cancellationToken);
        var partition = PartitionOf(memberId);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {from.ToString()} and RowKey le {to.ToString()}");
        var found = new List<StoredCheckIn>();
        await foreach (var entity in table.QueryAsync<CheckInEntity>(filter, cancellationToken: cancellationToken))
        {
            if (IsoWeek.TryParse(entity.RowKey, out var week))
            {
                found.Add(new StoredCheckIn(entity.ToCheckIn(week), entity.ETag));
            }
        }
        return found.OrderBy(s => s.CheckIn.Week).ToList();
    }

    /// <summary>
    /// The rep's check-in for one week, their away period, and whether they shared their win in their latest answer of
    /// the <see cref="RememberWeeks"/> weeks before (null: none), in one query.
    /// </summary>
    public async Task<(WeeklyCheckIn? CheckIn, AwayPeriod? Away, bool? LastShareWin)> ReadWeekAndAwayAsync(string memberId, IsoWeek week, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableName, cancellationToken);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {PartitionOf(memberId)} and ((RowKey ge {week.Plus(-RememberWeeks).ToString()} and RowKey le {week.ToString()}) or RowKey eq {AwayRow})");
        WeeklyCheckIn? checkIn = null;
        AwayPeriod? away = null;
        WeeklyCheckIn? last = null;
        await foreach (var entity in table.QueryAsync<CheckInEntity>(filter, cancellationToken: cancellationToken))
        {
            if (entity.RowKey == AwayRow)
            {
                away = entity.ToAway();
            }
            else if (IsoWeek.TryParse(entity.RowKey, out var read))
            {
                var found = entity.ToCheckIn(read);
                if (read == week)
                {
                    checkIn = found;
                }
                else if (last is null || read > last.Week)
                {
                    last = found;
                }
            }
        }
        return (checkIn, away, last?.Answer.ShareWin);
    }

    /// <summary>How far back a rep's "share this win" choice is remembered for a new week's card.</summary>
    public const int RememberWeeks = 4;

    /// <summary>
    /// Every rep's check-ins from <paramref name="from"/> to <paramref name="to"/> (both included) and every away period,
    /// in one query over the whole table: for readers that report on the team (digests, exports), never once per rep.
    /// </summary>
    public async Task<TeamCheckIns> ListAllAsync(IsoWeek from, IsoWeek to, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableName, cancellationToken);
        var filter = TableClient.CreateQueryFilter($"(RowKey ge {from.ToString()} and RowKey le {to.ToString()}) or RowKey eq {AwayRow}");
        var weeks = new Dictionary<string, List<WeeklyCheckIn>>(StringComparer.Ordinal);
        var away = new Dictionary<string, AwayPeriod>(StringComparer.Ordinal);
        await foreach (var entity in table.QueryAsync<CheckInEntity>(filter, cancellationToken: cancellationToken))
        {
            if (entity.RowKey == AwayRow)
            {
                away[entity.PartitionKey] = entity.ToAway();
            }
            else if (IsoWeek.TryParse(entity.RowKey, out var week))
            {
                if (!weeks.TryGetValue(entity.PartitionKey, out var list))
                {
                    weeks[entity.PartitionKey] = list = [];
                }
                list.Add(entity.ToCheckIn(week));
            }
        }
        return new TeamCheckIns(weeks, away);
    }

    /// <summary>Stores a first answer for the week; false when one was stored meanwhile.</summary>
    public async Task<bool> TryAddAsync(string memberId, WeeklyCheckIn checkIn, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableName, cancellationToken);
        return await Optimistic.TryWriteAsync(() => table.AddEntityAsync(CheckInEntity.From(PartitionOf(memberId), checkIn), cancellationToken)) is not null;
    }

    /// <summary>Replaces the week's answer if it is still the version read; false when it changed meanwhile.</summary>
    public async Task<bool> TryReplaceAsync(string memberId, WeeklyCheckIn checkIn, ETag version, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableName, cancellationToken);
        return await Optimistic.TryWriteAsync(() =>
            table.UpdateEntityAsync(CheckInEntity.From(PartitionOf(memberId), checkIn), version, TableUpdateMode.Replace, cancellationToken)) is not null;
    }

    public async Task<AwayPeriod?> GetAwayAsync(string memberId, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableName, cancellationToken);
        var entity = await table.GetEntityIfExistsAsync<CheckInEntity>(PartitionOf(memberId), AwayRow, cancellationToken: cancellationToken);
        return entity.HasValue ? entity.Value!.ToAway() : null;
    }

    public async Task SetAwayAsync(string memberId, AwayPeriod away, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableName, cancellationToken);
        var entity = new CheckInEntity
        {
            PartitionKey = PartitionOf(memberId),
            RowKey = AwayRow,
            AwayFrom = away.From.ToString("O", CultureInfo.InvariantCulture),
            AwayUntil = away.Until.ToString("O", CultureInfo.InvariantCulture),
        };
        await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>Ends the away period; true when there was one.</summary>
    public async Task<bool> ClearAwayAsync(string memberId, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableName, cancellationToken);
        var response = await table.DeleteEntityAsync(PartitionOf(memberId), AwayRow, ETag.All, cancellationToken);
        return response.Status != 404;
    }

    /// <summary>The roster member id (an e-mail or an object id) made safe for a key (see <see cref="TableKeys.Escape"/>).</summary>
    internal static string PartitionOf(string memberId) => TableKeys.Escape(memberId);

    // PartitionKey = roster member id, RowKey = ISO week "2026-W48" (or "away"): one rep's weeks in time order, read as one range.
    internal sealed class CheckInEntity : TableRow
    {
        public int Visits { get; set; }
        public int FieldDays { get; set; }
        public int PlannedVisits { get; set; }
        public string? Customers { get; set; }
        public string? Win { get; set; }
        public string? Blocker { get; set; }
        public int Confidence { get; set; }
        public bool NeedsBuSupport { get; set; }
        // Stored as "kept to themselves" so that rows written before the toggle existed read as shared, its default.
        public bool WinPrivate { get; set; }
        public string? WinBusinessUnit { get; set; }
        public int WorkingDays { get; set; }
        public DateTimeOffset SubmittedAt { get; set; }
        public int Revision { get; set; }

        public string? AwayFrom { get; set; }
        public string? AwayUntil { get; set; }

        public static CheckInEntity From(string partition, WeeklyCheckIn checkIn) => new()
        {
            PartitionKey = partition,
            RowKey = checkIn.Week.ToString(),
            Visits = checkIn.Answer.Visits,
            FieldDays = checkIn.Answer.FieldDays,
            PlannedVisits = checkIn.Answer.PlannedVisits,
            Customers = checkIn.Answer.Customers,
            Win = checkIn.Answer.Win,
            Blocker = checkIn.Answer.Blocker,
            Confidence = checkIn.Answer.Confidence,
            NeedsBuSupport = checkIn.Answer.NeedsBuSupport,
            WinPrivate = !checkIn.Answer.ShareWin,
            WinBusinessUnit = checkIn.Answer.WinBusinessUnit,
            WorkingDays = checkIn.WorkingDays,
            SubmittedAt = checkIn.SubmittedAt,
            Revision = checkIn.Revision,
        };

        public WeeklyCheckIn ToCheckIn(IsoWeek week) => new(
            week,
            new CheckInAnswer(Visits, FieldDays, PlannedVisits, Customers ?? "", Win ?? "", Blocker ?? "", Confidence, NeedsBuSupport, !WinPrivate,
                string.IsNullOrEmpty(WinBusinessUnit) ? null : WinBusinessUnit),
            WorkingDays,
            SubmittedAt,
            Revision);

        public AwayPeriod ToAway() => new(
            DateOnly.ParseExact(AwayFrom ?? "0001-01-01", "O", CultureInfo.InvariantCulture),
            DateOnly.ParseExact(AwayUntil ?? "0001-01-01", "O", CultureInfo.InvariantCulture));
    }
}
