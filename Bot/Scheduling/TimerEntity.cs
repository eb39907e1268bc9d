using CoachBot.Storage;

namespace CoachBot.Scheduling;

// PartitionKey = timer kind, RowKey = its key (both escaped): one point read per firing, one scan rebuilds them all.
internal sealed class TimerEntity : TableRow
{
    public string Kind { get; set; } = "";
    public string Key { get; set; } = "";
    public DateTimeOffset DueAt { get; set; }
    /// <summary>The due time, then after each failure the time of the next attempt.</summary>
    public DateTimeOffset NextAttemptAt { get; set; }
    public string Payload { get; set; } = "";
    public int Attempts { get; set; }
    public string? ClaimedBy { get; set; }
    public DateTimeOffset? ClaimExpiresAt { get; set; }
    public string? LastError { get; set; }

    /// <summary>When a trigger should next look at this row: its next attempt, or the end of a live claim.</summary>
    public DateTimeOffset WakeAt => ClaimedBy is not null && ClaimExpiresAt is { } expires && expires > NextAttemptAt ? expires : NextAttemptAt;

    public PendingTimer ToPending() => new(Kind, Key, DueAt, Payload, Attempts, NextAttemptAt, LastError);

    /// <summary>This row claimed by <paramref name="owner"/> until <paramref name="expiresAt"/>.</summary>
    public TimerEntity ClaimedUntil(string owner, DateTimeOffset expiresAt)
    {
        var claim = Copy();
        claim.ClaimedBy = owner;
        claim.ClaimExpiresAt = expiresAt;
        return claim;
    }

    /// <summary>This row with no claim on it.</summary>
    public TimerEntity Released()
    {
        var released = Copy();
        released.ClaimedBy = null;
        released.ClaimExpiresAt = null;
        return released;
    }

    // Every column is a value or a string: a shallow copy is a full one.
    private TimerEntity Copy() => (TimerEntity)MemberwiseClone();
}
