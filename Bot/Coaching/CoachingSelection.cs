using CoachBot.Calendar;

namespace CoachBot.Coaching;

/// <summary>
/// Which prompt a person gets this week, and why; deterministic, so the same figures always give the same prompt.
/// <list type="number">
/// <item>When last week's blocker has a theme (<see cref="CoachingTracks.Blocker"/>): a prompt of that theme the person
/// has not done, not sent before first, then the lower level.</item>
/// <item>The first trigger that holds, in <see cref="CoachingTracks.TriggerPriority"/> order, with a prompt of the track
/// carrying it: among those, the one sent longest ago (never sent first), then file order.</item>
/// <item>A smaller step: when last week's card reported "not yet" on the commitment before it, a prompt of the same
/// theme at a lower level (at level 1, another prompt of that theme, one without a commitment first).</item>
/// <item>Otherwise the next prompt of the track not done yet, among those the person has reached: a prompt of level 1,
/// or of the level after one they did in its theme (<see cref="CoachingLevels"/>). Never done before done, never sent
/// before sent (the one sent longest ago first), then the next level of the theme done most recently, then the lower
/// level, then file order. A prompt written for a situation (<see cref="CoachingPrompt.IsSituation"/>: "no visit is
/// planned this week") comes only when its situation holds, never as the next prompt of the programme, where its text
/// would be untrue.</item>
/// </list>
/// A prompt answered Done or Not relevant in the last <see cref="QuietWeeks"/> weeks is never chosen.
/// </summary>
public static class CoachingSelection
{
    public const int QuietWeeks = 8;

    /// <param name="history">The person's records of earlier weeks.</param>
    /// <param name="triggers">The triggers that hold for the person this week, with the figures the card names.</param>
    public static (CoachingPrompt Prompt, SelectionReason Reason)? Choose(
        CoachingProgramme programme, string track, IsoWeek week, IReadOnlyList<CoachingRecord> history, IReadOnlyDictionary<string, SelectionReason> triggers)
    {
        var earlier = history.Where(r => r.Week < week).ToList();
        var quietSince = week.Plus(-QuietWeeks);
        var eligible = programme.Track(track)
            .Select((prompt, index) => (Prompt: prompt, Index: index, Records: earlier.Where(r => r.PromptId == prompt.Id).ToList()))
            .Where(c => !c.Records.Any(r => r.IsClosed && r.Week >= quietSince))
            .Select(c => (c.Prompt, c.Index,
                LastSent: c.Records.Count > 0 ? c.Records.Max(r => r.Week) : (IsoWeek?)null,
                EverDone: c.Records.Any(r => r.Outcome == CoachingOutcome.Done)))
            .ToList();

        // What the rep wrote comes first: a prompt of the theme of last week's blocker, one they have not done.
        if (triggers.TryGetValue(CoachingTracks.Blocker, out var blocker) && blocker.Theme is { } blockerTheme)
        {
            var answer = eligible
                .Where(c => c.Prompt.Theme == blockerTheme && !c.Prompt.IsSituation && !c.EverDone)
                .OrderBy(c => c.LastSent.HasValue)
                .ThenBy(c => c.LastSent)
                .ThenBy(c => c.Prompt.Level)
                .ThenBy(c => c.Index)
                .FirstOrDefault();
            if (answer.Prompt is not null)
            {
                return (answer.Prompt, blocker);
            }
        }

        foreach (var trigger in CoachingTracks.TriggerPriority)
        {
            if (!triggers.TryGetValue(trigger, out var reason))
            {
                continue;
            }
            var candidate = eligible
                .Where(c => c.Prompt.Triggers.Contains(trigger))
                .OrderBy(c => c.LastSent.HasValue)
                .ThenBy(c => c.LastSent)
                .ThenBy(c => c.Index)
                .FirstOrDefault();
            if (candidate.Prompt is not null)
            {
                return (candidate.Prompt, reason);
            }
        }

        var plain = eligible.Where(c => !c.Prompt.IsSituation).ToList();
        if (NotYetFollowedUp(programme, earlier) is { } stalled)
        {
            var step = plain
                .Where(c => c.Prompt.Theme == stalled.Theme && c.Prompt.Id != stalled.Id
                    && (c.Prompt.Level < stalled.Level || (stalled.Level == CoachingLevels.Foundations && c.Prompt.Level == CoachingLevels.Foundations)))
                .OrderByDescending(c => c.Prompt.Level)
                .ThenBy(c => c.Prompt.Commitment)
                .ThenBy(c => c.LastSent.HasValue)
                .ThenBy(c => c.LastSent)
                .ThenBy(c => c.Index)
                .FirstOrDefault();
            if (step.Prompt is not null)
            {
                return (step.Prompt, new SelectionReason(SelectionReason.SmallerStep));
            }
        }

        // The levels reached in each theme: a level after one done in that theme (level 1 is always reached).
        var done = earlier.Where(r => r.Outcome == CoachingOutcome.Done).Select(r => programme.Find(r.PromptId)).OfType<CoachingPrompt>().ToList();
        var reached = done.Select(p => (p.Theme, p.Level + 1)).ToHashSet();
        var latestDone = earlier.Where(r => r.Outcome == CoachingOutcome.Done).OrderBy(r => r.Week).Select(r => programme.Find(r.PromptId)).OfType<CoachingPrompt>().LastOrDefault();
        var next = plain
            .Where(c => c.Prompt.Level == CoachingLevels.Foundations || reached.Contains((c.Prompt.Theme, c.Prompt.Level)))
            .OrderBy(c => c.EverDone)
            .ThenBy(c => c.LastSent.HasValue)
            .ThenBy(c => c.LastSent)
            .ThenBy(c => !IsNextLevelOf(c.Prompt, latestDone))
            .ThenBy(c => c.Prompt.Level)
            .ThenBy(c => c.Index)
            .FirstOrDefault();
        if (next.Prompt is null)
        {
            return null;
        }
        return (next.Prompt, IsNextLevelOf(next.Prompt, latestDone)
            ? new SelectionReason(SelectionReason.NextLevel, Number: next.Prompt.Level)
            : new SelectionReason(SelectionReason.Programme));
    }

    /// <summary>
    /// The prompt whose commitment the person's last card followed up with "not yet": the latest record before the
    /// last one, when it asked for a commitment and was reported not done.
    /// </summary>
    private static CoachingPrompt? NotYetFollowedUp(CoachingProgramme programme, IReadOnlyList<CoachingRecord> earlier)
    {
        var last = earlier.MaxBy(r => r.Week);
        if (last is null)
        {
            return null;
        }
        var followed = earlier.Where(r => r.Week < last.Week).MaxBy(r => r.Week);
        return followed is { Commitment: not null, FollowUp: CommitmentFollowUp.NotYet } ? programme.Find(followed.PromptId) : null;
    }

    private static bool IsNextLevelOf(CoachingPrompt prompt, CoachingPrompt? done) =>
        done is not null && prompt.Theme == done.Theme && prompt.Level == done.Level + 1;
}
