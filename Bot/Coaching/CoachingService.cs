using CoachBot.Calendar;
using CoachBot.Features;
using CoachBot.Roster;
using CoachBot.Storage;

namespace CoachBot.Coaching;

/// <summary>The three answers a prompt card offers.</summary>
public enum CoachingAnswer
{
    Done,
    Later,
    NotRelevant,
}

public enum CoachingViewKind
{
    /// <summary>The prompt to answer (with the reason it was refused, when <see cref="CoachingView.Error"/> is set; nothing stored).</summary>
    Prompt,
    /// <summary>The answer was stored.</summary>
    Answered,
    /// <summary>Already answered Done or Not relevant: shown as stored, nothing changed.</summary>
    AlreadyAnswered,
    /// <summary>No such prompt for this person (an old card, or card data naming someone else's): nothing changed.</summary>
    NotFound,
}

/// <summary>
/// What the person sees: the week's record, its prompt, the earlier record whose commitment the card follows up, the
/// values typed (kept when refused) and why it was refused.
/// </summary>
public sealed record CoachingView(
    CoachingViewKind Kind,
    CoachingRecord? Record = null,
    CoachingPrompt? Prompt = null,
    CoachingRecord? Previous = null,
    IReadOnlyDictionary<string, string?>? Values = null,
    FieldError? Error = null);

/// <summary>A person's programme so far: per theme of their track, how many prompts are done, postponed and skipped.</summary>
public sealed record CoachingProgress(
    string Track,
    IReadOnlyList<(CoachingTheme Theme, int Done, int Later, int Skipped, int Waiting)> Themes,
    int Done,
    int TrackLength,
    CoachingRecord? OpenCommitment);

/// <summary>
/// The coaching programme for one person: choosing and storing the week's prompt, answering it, and progress. The
/// person is always the caller the edge identified or the roster member a job sends to; card data only ever names a
/// week and a prompt, and is checked against that person's own records.
/// </summary>
public sealed class CoachingService(
    CoachingStore store,
    CoachingProgramme programme,
    CoachingCalendar calendar,
    CoachingSignals signals,
    TimeProvider clock,
    ILogger<CoachingService> logger)
{
    public const string Reflection = "reflection";
    public const string Commitment = "commitment";
    public const string FollowUp = "followUp";
    public const int MaxReflectionLength = 500;
    public const int MaxCommitmentLength = 200;
    public const int MaxLater = 2;

    public CoachingProgramme Programme => programme;

    /// <summary>
    /// The week's prompt of each person, choosing and storing it for those who have none yet, with the earlier
    /// commitment it follows up: one read of the whole coaching table. A person with nothing left to choose gets none.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, CoachingView>> PrepareWeekAsync(IReadOnlyList<RosterMember> people, IsoWeek week, CancellationToken cancellationToken)
    {
        var all = (await store.ListAllAsync(cancellationToken)).Select(s => s.Record).ToLookup(r => r.MemberId, StringComparer.Ordinal);
        var figures = await signals.ReadAsync(people, week, cancellationToken);
        var prepared = new Dictionary<string, CoachingView>(StringComparer.Ordinal);
        foreach (var person in people)
        {
            var records = all[person.Id].ToList();
            var previous = PreviousOf(records, week);
            if (records.FirstOrDefault(r => r.Week == week) is { } existing)
            {
                prepared[person.Id] = View(CoachingViewKind.Prompt, existing, previous);
                continue;
            }
            if (figures.IsAway(person))
            {
                Log.Away(logger, week.ToString());
                continue;
            }
            var track = CoachingCalendar.TrackOf(person);
            var history = records.Where(r => r.Week < week).ToList();
            if (CoachingSelection.Choose(programme, track, week, history, figures.TriggersFor(person, track, history)) is not { } choice)
            {
                Log.NothingToChoose(logger, track, week.ToString());
                continue;
            }
            var (prompt, reason) = choice;
            var theme = programme.Theme(prompt.Theme);
            var record = new CoachingRecord(person.Id, week, track, prompt.Id, theme.Id, theme.Kind, reason, clock.GetUtcNow());
            if (await store.TryAddAsync(record, cancellationToken))
            {
                Log.Chosen(logger, prompt.Id, reason.Trigger, week.ToString());
                prepared[person.Id] = View(CoachingViewKind.Prompt, record, previous);
            }
            else if (await store.GetAsync(person.Id, week, cancellationToken) is { } raced)
            {
                prepared[person.Id] = View(CoachingViewKind.Prompt, raced.Record, previous);
            }
        }
        return prepared;
    }

    public async Task<CoachingView> AnswerAsync(
        RosterMember person, CoachingAnswer answer, string? weekId, string? promptId, IReadOnlyDictionary<string, string?> inputs, CancellationToken cancellationToken)
    {
        if (!IsoWeek.TryParse(weekId, out var week) || string.IsNullOrEmpty(promptId))
        {
            return new CoachingView(CoachingViewKind.NotFound);
        }
        // A lost race: answered meanwhile (a second click, Teams resending, the card open twice): read again and decide anew.
        return await Optimistic.ChangeAsync<CoachingView>(async () =>
        {
            // Only the caller's own partition is read: card data naming another person's week or prompt finds nothing.
            var records = await store.ReadMemberAsync(person.Id, cancellationToken);
            var current = records.FirstOrDefault(r => r.Record.Week == week);
            if (current is null || current.Record.PromptId != promptId || programme.Find(promptId) is null)
            {
                Log.NoSuchPrompt(logger, week.ToString());
                return new CoachingView(CoachingViewKind.NotFound);
            }
            var previous = PreviousOf(records.Select(r => r.Record), week);
            if (current.Record.IsClosed)
            {
                return View(CoachingViewKind.AlreadyAnswered, current.Record, previous);
            }
            if (answer == CoachingAnswer.Later && current.Record is { Outcome: CoachingOutcome.Later } postponed && postponed.LaterCount > postponed.Resent)
            {
                // Postponed and not sent back yet: this "Later" is the same click again (Teams resending, a double click).
                return View(CoachingViewKind.Answered, postponed, previous);
            }

            var values = new Dictionary<string, string?>(StringComparer.Ordinal)
            {
                [Reflection] = Clean(inputs.GetValueOrDefault(Reflection)),
                [Commitment] = Clean(inputs.GetValueOrDefault(Commitment)),
                [FollowUp] = Clean(inputs.GetValueOrDefault(FollowUp)),
            };
            var prompt = programme.Find(promptId)!;
            if (Validate(answer, current.Record, prompt, previous, values, out var followUp) is { } error)
            {
                Log.Refused(logger, week.ToString(), error.ReasonKey);
                return View(CoachingViewKind.Prompt, current.Record, previous, values, error);
            }

            var now = clock.GetUtcNow();
            var reflection = values[Reflection];
            var updated = answer switch
            {
                CoachingAnswer.Done => current.Record with
                {
                    Outcome = CoachingOutcome.Done, AnsweredAt = now, Reflection = reflection ?? current.Record.Reflection,
                    Commitment = prompt.Commitment ? values[Commitment] : null,
                },
                CoachingAnswer.NotRelevant => current.Record with
                {
                    Outcome = CoachingOutcome.NotRelevant, AnsweredAt = now, Reflection = reflection ?? current.Record.Reflection,
                },
                _ => current.Record with
                {
                    Outcome = CoachingOutcome.Later, AnsweredAt = now, Reflection = reflection ?? current.Record.Reflection,
                    LaterCount = current.Record.LaterCount + 1, LaterDueAt = now + calendar.Options.LaterDelay,
                },
            };
            var changes = new List<(CoachingRecord, Azure.ETag)> { (updated, current.Version) };
            CoachingRecord? followedUp = null;
            if (followUp is { } reported && previous is not null && previous.FollowUp != reported)
            {
                followedUp = previous with { FollowUp = reported };
                changes.Add((followedUp, records.First(r => r.Record.Week == previous.Week).Version));
            }
            if (!await store.TryReplaceAsync(changes, cancellationToken))
            {
                return Optimistic.Lost;
            }
            Log.Answered(logger, week.ToString(), updated.Outcome, updated.LaterCount, followedUp is not null);
            return View(CoachingViewKind.Answered, updated, followedUp ?? previous);
        }, $"The coaching prompt of {week} kept changing while it was being answered.");
    }

    public async Task<CoachingProgress> ProgressAsync(RosterMember person, CancellationToken cancellationToken)
    {
        var track = CoachingCalendar.TrackOf(person);
        var records = (await store.ReadMemberAsync(person.Id, cancellationToken)).Select(r => r.Record).ToList();
        var themes = programme.Themes
            .Where(t => t.Tracks.Contains(track))
            .Select(t => (t,
                Done: records.Count(r => r.Theme == t.Id && r.IsDone),
                Later: records.Count(r => r.Theme == t.Id && r.Outcome == CoachingOutcome.Later),
                Skipped: records.Count(r => r.Theme == t.Id && r.Outcome == CoachingOutcome.NotRelevant),
                Waiting: records.Count(r => r.Theme == t.Id && r.Outcome == CoachingOutcome.Done && !r.IsDone)))
            .ToList();
        // Done only once the follow-up says so (CoachingDone): a prompt saved with a commitment waits for next week's card.
        var done = records.Where(r => r.IsDone).Select(r => r.PromptId).Distinct().Count();
        var open = records.Where(r => r.HasOpenCommitment).MaxBy(r => r.Week);
        return new CoachingProgress(track, themes, done, programme.Prompts.Count(p => p.Track == track), open);
    }

    /// <summary>The person's prompt of this week while it waits for an answer (none given yet, or postponed); otherwise null.</summary>
    public async Task<CoachingView?> CurrentAsync(RosterMember person, CancellationToken cancellationToken)
    {
        var week = calendar.WeekOf(person, clock.GetUtcNow());
        var records = (await store.ReadMemberAsync(person.Id, cancellationToken)).Select(r => r.Record).ToList();
        return records.FirstOrDefault(r => r.Week == week) is { IsClosed: false } current && programme.Find(current.PromptId) is not null
            ? View(CoachingViewKind.Prompt, current, PreviousOf(records, week))
            : null;
    }

    /// <summary>
    /// Records whose "later" is due and not yet re-sent for it, each with the card to send again (marked as re-sent):
    /// one query for the postponed records, then one partition read per person due (for the commitment to follow up).
    /// </summary>
    public async Task<IReadOnlyList<(StoredCoaching Stored, CoachingView View)>> DueLaterAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var due = (await store.ListLaterAsync(cancellationToken))
            .Where(s => s.Record is { LaterDueAt: { } at } r && at <= now && r.Resent < r.LaterCount && programme.Find(r.PromptId) is not null)
            .ToList();
        var views = new List<(StoredCoaching, CoachingView)>();
        foreach (var stored in due)
        {
            var records = (await store.ReadMemberAsync(stored.Record.MemberId, cancellationToken)).Select(r => r.Record);
            var resent = stored.Record with { Resent = stored.Record.LaterCount };
            views.Add((stored, View(CoachingViewKind.Prompt, resent, PreviousOf(records, stored.Record.Week))));
        }
        return views;
    }

    /// <summary>Notes that a record's "later" was re-sent; false when it changed meanwhile (answered): nothing then to note.</summary>
    public Task<bool> MarkResentAsync(StoredCoaching stored, CancellationToken cancellationToken) =>
        store.TryReplaceAsync([(stored.Record with { Resent = stored.Record.LaterCount }, stored.Version)], cancellationToken);

    private static FieldError? Validate(
        CoachingAnswer answer, CoachingRecord record, CoachingPrompt prompt, CoachingRecord? previous, Dictionary<string, string?> values, out CommitmentFollowUp? followUp)
    {
        followUp = null;
        if (values[Reflection] is { Length: > MaxReflectionLength } reflection)
        {
            return new FieldError("coaching_error_reflection_too_long", MaxReflectionLength, reflection.Length);
        }
        if (prompt.Commitment && answer == CoachingAnswer.Done && values[Commitment] is { Length: > MaxCommitmentLength } commitment)
        {
            return new FieldError("coaching_error_commitment_too_long", MaxCommitmentLength, commitment.Length);
        }
        if (values[FollowUp] is { } reported && previous?.Commitment is not null)
        {
            if (!Enum.TryParse<CommitmentFollowUp>(reported, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(reported, out _))
            {
                return new FieldError("coaching_error_follow_up");
            }
            followUp = parsed;
        }
        if (answer == CoachingAnswer.Later && record.LaterCount >= MaxLater)
        {
            return new FieldError("coaching_error_later_limit", MaxLater);
        }
        return null;
    }

    private CoachingView View(CoachingViewKind kind, CoachingRecord record, CoachingRecord? previous, IReadOnlyDictionary<string, string?>? values = null, FieldError? error = null) =>
        new(kind, record, programme.Find(record.PromptId), previous, values, error);

    /// <summary>The person's latest record before <paramref name="week"/>, when it holds a commitment: the one the card follows up.</summary>
    private static CoachingRecord? PreviousOf(IEnumerable<CoachingRecord> records, IsoWeek week) =>
        records.Where(r => r.Week < week).MaxBy(r => r.Week) is { Commitment: not null } previous ? previous : null;

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
