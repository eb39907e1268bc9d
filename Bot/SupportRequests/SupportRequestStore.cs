using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using Azure.Data.Tables;
using CoachBot.Storage;

namespace CoachBot.SupportRequests;

/// <summary>
/// A stored request and the version it was read at, for a conditional replace: the request row's ETag, and how much of
/// its trail is stored (in the row's legacy column, then as rows of their own).
/// </summary>
public sealed record StoredRequest(SupportRequest Request, ETag Version, int LegacyTrail = 0, int StoredTrail = 0);

/// <summary>
/// The <c>SupportRequests</c> table. A request is read and changed by its reference (one point read, one
/// ETag-conditional write, so two people acting at once cannot both win); lists and the read contract read the whole
/// table in one query: a few hundred requests a year, far fewer than one query per person would cost.
/// Each entry of the audit trail is a row of its own beside the request's row (the trail grows with every comment and
/// nudge; a single column of it would outgrow what Azure lets one property or entity hold), and every entity is checked
/// against Azure's limits before it is written (<see cref="TableLimits"/>): Azurite does not enforce them.
/// </summary>
public sealed class SupportRequestStore(Tables tables) : ISupportRequestHistory
{
    public const string TableName = "SupportRequests";

    // Compact: accents and quotes as themselves, not \uXXXX (up to six times longer). Only read back by this store.
    private static readonly JsonSerializerOptions Json = new()
    {
        Converters = { new JsonStringEnumConverter() },
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string ReferenceOf(int year, int number) => $"REQ-{year}-{number.ToString("D4", CultureInfo.InvariantCulture)}";

    /// <summary>The year a reference names (<c>REQ-2026-0042</c> → <c>2026</c>), or null when it is not a reference.</summary>
    public static string? PartitionOf(string reference)
    {
        var parts = reference.Split('-');
        return parts.Length == 3 && parts[0] == "REQ" && parts[1].Length == 4 && parts[1].All(char.IsAsciiDigit)
            && parts[2].Length >= 4 && parts[2].All(char.IsAsciiDigit) ? parts[1] : null;
    }

    /// <summary>
    /// Stores a new request under the next free reference of its year and returns it. The reference is claimed by
    /// inserting the row (insert fails when the row exists), so two requests opened at once on two instances get two
    /// references: the loser of a race takes the next number. The form it came from is claimed in the same atomic
    /// batch, so the same form sent twice at once stores one request: the second gets the first one back.
    /// </summary>
    public async Task<(SupportRequest Request, bool Added)> AddAsync(SupportRequest request, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableName, cancellationToken);
        var year = request.OpenedAt.UtcDateTime.Year;
        var partition = year.ToString(CultureInfo.InvariantCulture);
        var number = await HighestNumberAsync(table, partition, cancellationToken) + 1;
        for (var attempt = 0; ; attempt++)
        {
            var numbered = request with { Reference = ReferenceOf(year, number) };
            var batch = new List<TableTransactionAction> { new(TableTransactionActionType.Add, RequestEntity.From(numbered, legacyTrail: 0)) };
            if (request.FormId is { } formId)
            {
                batch.Add(new(TableTransactionActionType.Add, new TableEntity(partition, FormRow(request.RepMemberId, formId)) { ["Reference"] = numbered.Reference }));
            }
            batch.AddRange(TrailRows(numbered, from: 0).Select(row => new TableTransactionAction(TableTransactionActionType.Add, row)));
            CheckLimits(batch);
            try
            {
                await table.SubmitTransactionAsync(batch, cancellationToken);
                return (numbered, true);
            }
            catch (TableTransactionFailedException ex) when (ex.Status == 409 && ex.FailedTransactionActionIndex == 1 && request.FormId is not null)
            {
                var claimed = await table.GetEntityAsync<TableEntity>(partition, FormRow(request.RepMemberId, request.FormId!), cancellationToken: cancellationToken);
                return ((await GetAsync(claimed.Value.GetString("Reference"), cancellationToken))!.Request, false);
            }
            catch (TableTransactionFailedException ex) when (ex.Status == 409 && attempt < 50)
            {
                number++;
            }
        }
    }

    public async Task<StoredRequest?> GetAsync(string reference, CancellationToken cancellationToken)
    {
        if (PartitionOf(reference) is not { } partition)
        {
            return null;
        }
        var table = await tables.GetAsync(TableName, cancellationToken);
        // The request's row and its trail rows ("REQ-2026-0042 000001" sorts right after "REQ-2026-0042"): one range query.
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {reference} and RowKey lt {reference + TrailAfter}");
        RequestEntity? row = null;
        var trail = new List<RequestTransition>();
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            if (entity.RowKey == reference)
            {
                row = RequestEntity.Of(entity);
            }
            else if (entity.RowKey.StartsWith(reference + TrailSeparator, StringComparison.Ordinal))
            {
                trail.Add(TrailEntry(entity));
            }
        }
        return row is null ? null : row.ToStored(trail);
    }

    /// <summary>The request the rep already opened from this form (a second click, Teams resending), if any.</summary>
    public async Task<SupportRequest?> FindByFormAsync(string repMemberId, string formId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableName, cancellationToken);
        var partition = now.UtcDateTime.Year.ToString(CultureInfo.InvariantCulture);
        var claimed = await table.GetEntityIfExistsAsync<TableEntity>(partition, FormRow(repMemberId, formId), cancellationToken: cancellationToken);
        return claimed.HasValue ? (await GetAsync(claimed.Value!.GetString("Reference"), cancellationToken))?.Request : null;
    }

    /// <summary>
    /// Replaces the request if it is still the version read, and adds its new trail entries, in one atomic batch;
    /// false when someone changed it meanwhile.
    /// </summary>
    public async Task<bool> TryReplaceAsync(SupportRequest request, StoredRequest read, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableName, cancellationToken);
        var batch = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.UpdateReplace, RequestEntity.From(request, read.LegacyTrail), read.Version),
        };
        batch.AddRange(TrailRows(request, from: Math.Max(read.StoredTrail, read.LegacyTrail))
            .Select(row => new TableTransactionAction(TableTransactionActionType.Add, row)));
        CheckLimits(batch);
        try
        {
            await table.SubmitTransactionAsync(batch, cancellationToken);
            return true;
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 412 or 404 or 409)
        {
            // 409: a trail row the batch adds exists, so another change landed first (its own write moved the ETag too).
            return false;
        }
    }

    /// <summary>Keeps the activity ids of newly sent copies of the request's card (a copy already kept is not added twice).</summary>
    public async Task AddCopiesAsync(string reference, IReadOnlyList<CardCopy> copies, CancellationToken cancellationToken)
    {
        for (var attempt = 0; copies.Count > 0; attempt++)
        {
            var stored = await GetAsync(reference, cancellationToken) ?? throw new InvalidOperationException($"Request {reference} is not stored.");
            var kept = stored.Request.Copies.ToList();
            var added = copies.Where(c => !kept.Any(k => k.Role == c.Role && k.AadObjectId == c.AadObjectId)).ToList();
            if (added.Count == 0 || await TryReplaceAsync(stored.Request with { Copies = [.. kept, .. added] }, stored, cancellationToken))
            {
                return;
            }
            if (attempt >= 10)
            {
                throw new InvalidOperationException($"Request {reference} kept changing while its card copies were being kept.");
            }
        }
    }

    public async Task<IReadOnlyList<SupportRequest>> ListAsync(CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableName, cancellationToken);
        var rows = new List<RequestEntity>();
        var trails = new Dictionary<string, List<RequestTransition>>(StringComparer.Ordinal);
        await foreach (var entity in table.QueryAsync<TableEntity>(RequestRows, cancellationToken: cancellationToken))
        {
            var separator = entity.RowKey.IndexOf(TrailSeparator, StringComparison.Ordinal);
            if (separator < 0)
            {
                rows.Add(RequestEntity.Of(entity));
            }
            else
            {
                var reference = entity.RowKey[..separator];
                if (!trails.TryGetValue(reference, out var trail))
                {
                    trails[reference] = trail = [];
                }
                trail.Add(TrailEntry(entity));
            }
        }
        // Rows come in key order: each request's trail rows in their order.
        return rows.Select(r => r.ToStored(trails.GetValueOrDefault(r.RowKey) ?? []).Request).ToList();
    }

    public async Task<IReadOnlyList<SupportRequestSnapshot>> ListAllAsync(CancellationToken cancellationToken) =>
        await ListAsync(cancellationToken);

    // Request rows are "REQ-…" (with their trail rows "REQ-… 000001"); the form claims ("form …") sort after them ('f' > 'R') and are left out.
    private const string RequestRows = "RowKey ge 'REQ-' and RowKey lt 'REQ.'";

    // A trail row's key: the reference, a space, the entry's position in the trail (6 digits). '!' sorts right after ' '.
    private const char TrailSeparator = ' ';
    private const string TrailAfter = "!";

    private static string TrailRow(string reference, int index) => $"{reference}{TrailSeparator}{index.ToString("D6", CultureInfo.InvariantCulture)}";

    private static IEnumerable<TableEntity> TrailRows(SupportRequest request, int from)
    {
        var partition = PartitionOf(request.Reference) ?? request.OpenedAt.UtcDateTime.Year.ToString(CultureInfo.InvariantCulture);
        for (var i = from; i < request.Trail.Count; i++)
        {
            var t = request.Trail[i];
            var row = new TableEntity(partition, TrailRow(request.Reference, i))
            {
                ["At"] = t.At,
                ["Action"] = t.Action.ToString(),
                ["From"] = t.From.ToString(),
                ["To"] = t.To.ToString(),
            };
            if (t.ActorMemberId is not null)
            {
                row["Actor"] = t.ActorMemberId;
            }
            if (t.Comment is not null)
            {
                row["Comment"] = t.Comment;
            }
            yield return row;
        }
    }

    private static RequestTransition TrailEntry(TableEntity row) => new(
        row.GetDateTimeOffset("At") ?? DateTimeOffset.MinValue,
        row.GetString("Actor"),
        Enum.Parse<RequestAction>(row.GetString("Action")),
        Enum.Parse<RequestState>(row.GetString("From")),
        Enum.Parse<RequestState>(row.GetString("To")),
        row.GetString("Comment"));

    private static void CheckLimits(IEnumerable<TableTransactionAction> batch)
    {
        foreach (var action in batch)
        {
            TableLimits.Check(TableName, action.Entity);
        }
    }

    /// <summary>The row that claims a form for one rep: the rep id made safe for a key (see CheckInStore.PartitionOf).</summary>
    private static string FormRow(string repMemberId, string formId) => $"form {CoachBot.CheckIns.CheckInStore.PartitionOf(repMemberId)} {formId}";

    private static async Task<int> HighestNumberAsync(TableClient table, string partition, CancellationToken cancellationToken)
    {
        var highest = 0;
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition}") + " and " + RequestRows;
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            if (int.TryParse(entity.RowKey.AsSpan(entity.RowKey.LastIndexOf('-') + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                highest = Math.Max(highest, number);
            }
        }
        return highest;
    }

    // PartitionKey = the year of the reference ("2026"), RowKey = the reference ("REQ-2026-0042"): a point read per
    // request, and the year's numbers in one small partition when the next one is chosen. The same partition holds the
    // form claims ("form <rep> <form id>" → reference), written in one batch with the request.
    internal sealed class RequestEntity : ITableEntity
    {
        public string PartitionKey { get; set; } = "";
        public string RowKey { get; set; } = "";
        public DateTimeOffset? Timestamp { get; set; }
        public ETag ETag { get; set; }

        public string RepMemberId { get; set; } = "";
        public string RepAadObjectId { get; set; } = "";
        public string RegionId { get; set; } = "";
        public string BusinessUnitId { get; set; } = "";
        public string Customer { get; set; } = "";
        public string Country { get; set; } = "";
        public string Need { get; set; } = "";
        public string Description { get; set; } = "";
        public string DueDate { get; set; } = "";
        public string? DealSize { get; set; }
        public string? Currency { get; set; }
        public string State { get; set; } = "";
        public string Escalation { get; set; } = "";
        public DateTimeOffset OpenedAt { get; set; }
        public DateTimeOffset? AcknowledgedAt { get; set; }
        public string? CommitmentDate { get; set; }
        public DateTimeOffset? DeclinedAt { get; set; }
        public string? Objection { get; set; }
        public DateTimeOffset? DeliveredAt { get; set; }
        public DateTimeOffset? ClosedAt { get; set; }
        /// <summary>The trail as rows written before trail rows existed kept it (read, kept as it was, never grown); null since.</summary>
        public string? Trail { get; set; }
        public string Copies { get; set; } = "[]";
        public string? FormId { get; set; }

        /// <summary>The row of <paramref name="r"/>; its trail is in rows of its own, except the first <paramref name="legacyTrail"/> entries a row written before kept in its Trail column.</summary>
        public static RequestEntity From(SupportRequest r, int legacyTrail) => new()
        {
            PartitionKey = PartitionOf(r.Reference) ?? r.OpenedAt.UtcDateTime.Year.ToString(CultureInfo.InvariantCulture),
            RowKey = r.Reference,
            RepMemberId = r.RepMemberId,
            RepAadObjectId = r.RepAadObjectId,
            RegionId = r.RegionId,
            BusinessUnitId = r.BusinessUnitId,
            Customer = r.Customer,
            Country = r.Country,
            Need = r.Need.ToString(),
            Description = r.Description,
            DueDate = r.DueDate.ToString("O", CultureInfo.InvariantCulture),
            DealSize = r.DealSize?.ToString(CultureInfo.InvariantCulture),
            Currency = r.Currency,
            State = r.State.ToString(),
            Escalation = r.Escalation.ToString(),
            OpenedAt = r.OpenedAt,
            AcknowledgedAt = r.AcknowledgedAt,
            CommitmentDate = r.CommitmentDate?.ToString("O", CultureInfo.InvariantCulture),
            DeclinedAt = r.DeclinedAt,
            Objection = r.Objection?.ToString(),
            DeliveredAt = r.DeliveredAt,
            ClosedAt = r.ClosedAt,
            Trail = legacyTrail == 0 ? null : JsonSerializer.Serialize(r.Trail.Take(legacyTrail), Json),
            Copies = JsonSerializer.Serialize(r.Copies, Json),
            FormId = r.FormId,
        };

        public static RequestEntity Of(TableEntity e) => new()
        {
            PartitionKey = e.PartitionKey,
            RowKey = e.RowKey,
            Timestamp = e.Timestamp,
            ETag = e.ETag,
            RepMemberId = e.GetString(nameof(RepMemberId)) ?? "",
            RepAadObjectId = e.GetString(nameof(RepAadObjectId)) ?? "",
            RegionId = e.GetString(nameof(RegionId)) ?? "",
            BusinessUnitId = e.GetString(nameof(BusinessUnitId)) ?? "",
            Customer = e.GetString(nameof(Customer)) ?? "",
            Country = e.GetString(nameof(Country)) ?? "",
            Need = e.GetString(nameof(Need)) ?? "",
            Description = e.GetString(nameof(Description)) ?? "",
            DueDate = e.GetString(nameof(DueDate)) ?? "",
            DealSize = e.GetString(nameof(DealSize)),
            Currency = e.GetString(nameof(Currency)),
            State = e.GetString(nameof(State)) ?? "",
            Escalation = e.GetString(nameof(Escalation)) ?? "",
            OpenedAt = e.GetDateTimeOffset(nameof(OpenedAt)) ?? default,
            AcknowledgedAt = e.GetDateTimeOffset(nameof(AcknowledgedAt)),
            CommitmentDate = e.GetString(nameof(CommitmentDate)),
            DeclinedAt = e.GetDateTimeOffset(nameof(DeclinedAt)),
            Objection = e.GetString(nameof(Objection)),
            DeliveredAt = e.GetDateTimeOffset(nameof(DeliveredAt)),
            ClosedAt = e.GetDateTimeOffset(nameof(ClosedAt)),
            Trail = e.GetString(nameof(Trail)),
            Copies = e.GetString(nameof(Copies)) ?? "[]",
            FormId = e.GetString(nameof(FormId)),
        };

        /// <summary>The request with its legacy trail column, then its trail rows.</summary>
        public StoredRequest ToStored(IReadOnlyList<RequestTransition> trailRows)
        {
            var legacy = string.IsNullOrEmpty(Trail) ? [] : JsonSerializer.Deserialize<List<RequestTransition>>(Trail, Json) ?? [];
            return new StoredRequest(ToRequest([.. legacy, .. trailRows]), ETag, legacy.Count, legacy.Count + trailRows.Count);
        }

        private SupportRequest ToRequest(IReadOnlyList<RequestTransition> trail) => new(new SupportRequestSnapshot(
            RowKey,
            RepMemberId,
            RegionId,
            new RequestAnswer(BusinessUnitId, Customer, Country, Enum.Parse<NeedKind>(Need), Description,
                DateOnly.ParseExact(DueDate, "O", CultureInfo.InvariantCulture),
                DealSize is null ? null : decimal.Parse(DealSize, CultureInfo.InvariantCulture), Currency),
            Enum.Parse<RequestState>(State),
            Enum.Parse<EscalationLevel>(Escalation),
            OpenedAt,
            AcknowledgedAt,
            CommitmentDate is null ? null : DateOnly.ParseExact(CommitmentDate, "O", CultureInfo.InvariantCulture),
            DeclinedAt,
            Objection is null ? null : Enum.Parse<ObjectionCategory>(Objection),
            DeliveredAt,
            ClosedAt,
            trail),
            RepAadObjectId,
            JsonSerializer.Deserialize<List<CardCopy>>(Copies, Json) ?? [],
            FormId);
    }
}
