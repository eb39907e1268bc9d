using CoachBot.CheckIns;

namespace CoachBot.Coaching;

/// <summary>
/// Which prompt a person gets this week, and why; deterministic, so the same figures always give the same prompt.
/// <list type="number">
/// <item>The first trigger that holds, in <see cref="CoachingTracks.TriggerPriority"/> order, with a prompt of the track
/// carrying it: among those, the one sent longest ago (never sent first), then file order.</item>
/// <item>Otherwise the next prompt of the track not done yet: never done before done, never sent before sent (the one
/// sent longest ago first), then file order. A prompt written for a situation (a trigger other than
/// <see cref="CoachingTracks.FirstWeeks"/>: "no visit is planned for next week yet") comes only when its situation holds,
/// never as the next prompt of the programme, where its text would be untrue.</item>
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
        var quietSince = week.Plus(-QuietWeeks);
        var eligible = programme.Track(track)
            .Select((prompt, index) => (Prompt: prompt, Index: index, Records: history.Where(r => r.PromptId == prompt.Id && r.Week < week).ToList()))
            .Where(c => !c.Records.Any(r => r.IsClosed && r.Week >= quietSince))
            .Select(c => (c.Prompt, c.Index,
                LastSent: c.Records.Count > 0 ? c.Records.Max(r => r.Week) : (IsoWeek?)null,
                EverDone: c.Records.Any(r => r.Outcome == CoachingOutcome.Done)))
            .ToList();

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

        var next = eligible
            .Where(c => c.Prompt.Triggers.All(t => t == CoachingTracks.FirstWeeks))
            .OrderBy(c => c.EverDone)
            .ThenBy(c => c.LastSent.HasValue)
            .ThenBy(c => c.LastSent)
            .ThenBy(c => c.Index)
            .FirstOrDefault();
        return next.Prompt is null ? null : (next.Prompt, new SelectionReason(SelectionReason.Programme));
    }
}
