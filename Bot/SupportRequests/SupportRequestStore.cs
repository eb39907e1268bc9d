using System.Globalization;
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
        // 409 (lost as well): a trail row the batch adds exists, so another change landed first (its own write moved the ETag too).
        return await Optimistic.TryWriteAsync(() => table.SubmitTransactionAsync(batch, cancellationToken));
    }

    /// <summary>Keeps the activity ids of newly sent copies of the request's card (a copy already kept is not added twice).</summary>
    public async Task AddCopiesAsync(string reference, IReadOnlyList<CardCopy> copies, CancellationToken cancellationToken)
    {
        if (copies.Count == 0)
        {
            return;
        }
        await Optimistic.ChangeAsync<bool>(async () =>
        {
            var stored = await GetAsync(reference, cancellationToken) ?? throw new InvalidOperationException($"Request {reference} is not stored.");
            var kept = stored.Request.Copies.ToList();
            var added = copies.Where(c => !kept.Any(k => k.Role == c.Role && k.AadObjectId == c.AadObjectId)).ToList();
            return added.Count == 0 || await TryReplaceAsync(stored.Request with { Copies = [.. kept, .. added] }, stored, cancellationToken)
                ? true
                : Optimistic.Lost;
        }, $"Request {reference} kept changing while its card copies were being kept.");
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

    /// <summary>The row that claims a form for one rep: the rep id made safe for a key.</summary>
    private static string FormRow(string repMemberId, string formId) => $"form {TableKeys.Escape(repMemberId)} {formId}";

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
}
