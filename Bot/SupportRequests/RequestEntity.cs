using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure.Data.Tables;
using CoachBot.Storage;

namespace CoachBot.SupportRequests;

// PartitionKey = the year of the reference ("2026"), RowKey = the reference ("REQ-2026-0042"): a point read per
// request, and the year's numbers in one small partition when the next one is chosen. The same partition holds the
// form claims ("form <rep> <form id>" → reference), written in one batch with the request.
internal sealed class RequestEntity : TableRow
{
    // Compact: accents and quotes as themselves, not \uXXXX (up to six times longer). Only read back by the store.
    private static readonly JsonSerializerOptions Json = new()
    {
        Converters = { new JsonStringEnumConverter() },
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

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
        PartitionKey = SupportRequestStore.PartitionOf(r.Reference) ?? r.OpenedAt.UtcDateTime.Year.ToString(CultureInfo.InvariantCulture),
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
