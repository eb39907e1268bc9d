namespace CoachBot.Coaching;

// The read side of the coaching programme that other features (digests, the director's brief, CSV export) rely on.
// The coaching feature implements ICoachingHistory over its own table; readers must not depend on anything else.

/// <summary>Where a prompt sent to someone stands.</summary>
public enum CoachingOutcome
{
    /// <summary>Sent, not answered yet.</summary>
    Sent,
    Done,
    Later,
    NotRelevant,
}

/// <summary>The answer to "last week you planned to …: done, partly, not yet?".</summary>
public enum CommitmentFollowUp
{
    Done,
    Partly,
    NotYet,
}

/// <summary>
/// One prompt sent to one person in one ISO week (<c>2026-W48</c>). <see cref="Track"/> is <c>rep</c>, <c>lead</c>,
/// <c>director</c> or <c>sponsor</c>; <see cref="Kind"/> is <c>technical</c> or <c>behavioural</c>.
/// </summary>
public sealed record CoachingEntry(
    string MemberId,
    string Track,
    string PromptId,
    string Theme,
    string Kind,
    string Week,
    DateTimeOffset SentAt,
    CoachingOutcome Outcome,
    DateTimeOffset? AnsweredAt,
    string? Reflection,
    string? Commitment,
    CommitmentFollowUp? FollowUp)
{
    /// <summary>Done by <see cref="CoachingDone"/>'s rule: saved, and the commitment (if any) reported done.</summary>
    public bool IsDone => CoachingDone.Counts(Outcome, Commitment, FollowUp);

    /// <summary>Saved with a commitment that next week's card has not asked about yet.</summary>
    public bool AwaitsFollowUp => CoachingDone.AwaitsFollowUp(Outcome, Commitment, FollowUp);
}

/// <summary>
/// When a prompt counts as done, the one rule of <c>my programme</c>, <c>team</c>, the digests and the Dashboard: saved
/// without a commitment, or saved with one that the follow-up (next week's card) reported done. Saved with a commitment
/// not reported on yet is waiting for that answer; "partly" and "not yet" are not done.
/// </summary>
public static class CoachingDone
{
    public static bool Counts(CoachingOutcome outcome, string? commitment, CommitmentFollowUp? followUp) =>
        outcome == CoachingOutcome.Done && (commitment is null || followUp == CommitmentFollowUp.Done);

    public static bool AwaitsFollowUp(CoachingOutcome outcome, string? commitment, CommitmentFollowUp? followUp) =>
        outcome == CoachingOutcome.Done && commitment is not null && followUp is null;
}

/// <summary>Every coaching prompt sent and how it was answered, for readers that report on them.</summary>
public interface ICoachingHistory
{
    /// <summary>Every entry ever stored, read in one pass over the table (never one query per person).</summary>
    Task<IReadOnlyList<CoachingEntry>> ListAllAsync(CancellationToken cancellationToken);

    /// <summary>How many prompts the programme has in <paramref name="track"/> (0 for an unknown track), for completion rates.</summary>
    int TrackLength(string track);
}
