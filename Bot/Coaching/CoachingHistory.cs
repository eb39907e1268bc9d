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
    CommitmentFollowUp? FollowUp);

/// <summary>Every coaching prompt sent and how it was answered, for readers that report on them.</summary>
public interface ICoachingHistory
{
    /// <summary>Every entry ever stored, read in one pass over the table (never one query per person).</summary>
    Task<IReadOnlyList<CoachingEntry>> ListAllAsync(CancellationToken cancellationToken);

    /// <summary>How many prompts the programme has in <paramref name="track"/> (0 for an unknown track), for completion rates.</summary>
    int TrackLength(string track);
}
