namespace CoachBot.SupportRequests;

// The read side of support requests that other features (coaching triggers, digests, CSV export) rely on. The support
// request feature implements ISupportRequestHistory over its own table; readers must not depend on anything else.

public enum RequestState
{
    Open,
    Acknowledged,
    Declined,
    Delivered,
    Closed,
    Withdrawn,
}

/// <summary>How far up the ladder a request has gone.</summary>
public enum EscalationLevel
{
    None,
    Director,
    Sponsor,
}

public enum NeedKind
{
    TechnicalSupport,
    Quotation,
    Samples,
    DeliveryDate,
    Other,
}

/// <summary>Why a BU declined: the objections the director's digest counts.</summary>
public enum ObjectionCategory
{
    Capacity,
    DomesticPriority,
    TechnicalFeasibility,
    Margin,
    Other,
}

public enum RequestAction
{
    Opened,
    Acknowledged,
    Declined,
    Delivered,
    Commented,
    Withdrawn,
    Nudged,
    EscalatedToDirector,
    EscalatedToSponsor,
    Closed,
}

/// <summary>One line of the audit trail. <see cref="ActorMemberId"/> is a roster member id, or null for the ladder's own timer.</summary>
public sealed record RequestTransition(
    DateTimeOffset At,
    string? ActorMemberId,
    RequestAction Action,
    RequestState From,
    RequestState To,
    string? Comment);

/// <summary>What a rep asked for, validated: the part of a request the rep wrote.</summary>
public sealed record RequestAnswer(
    string BusinessUnitId,
    string Customer,
    string Country,
    NeedKind Need,
    string Description,
    DateOnly DueDate,
    decimal? DealSize,
    string? Currency);

/// <summary>A request as stored now: what the rep <see cref="Asked"/>, where it stands, and its whole audit trail (oldest first).</summary>
public record SupportRequestSnapshot(
    string Reference,
    string RepMemberId,
    string RegionId,
    RequestAnswer Asked,
    RequestState State,
    EscalationLevel Escalation,
    DateTimeOffset OpenedAt,
    DateTimeOffset? AcknowledgedAt,
    DateOnly? CommitmentDate,
    DateTimeOffset? DeclinedAt,
    ObjectionCategory? Objection,
    DateTimeOffset? DeliveredAt,
    DateTimeOffset? ClosedAt,
    IReadOnlyList<RequestTransition> Trail)
{
    public string BusinessUnitId => Asked.BusinessUnitId;
    public string Customer => Asked.Customer;
    public string Country => Asked.Country;
    public NeedKind Need => Asked.Need;
    public string Description => Asked.Description;
    public DateOnly DueDate => Asked.DueDate;
    public decimal? DealSize => Asked.DealSize;
    public string? Currency => Asked.Currency;
}

/// <summary>Every support request, for readers that report on them.</summary>
public interface ISupportRequestHistory
{
    /// <summary>Every request ever stored, read in one pass over the table (never one query per person or per request).</summary>
    Task<IReadOnlyList<SupportRequestSnapshot>> ListAllAsync(CancellationToken cancellationToken);
}
