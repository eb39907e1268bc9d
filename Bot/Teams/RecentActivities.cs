using System.Collections.Concurrent;
using Microsoft.Bot.Schema;

namespace CoachBot.Teams;

/// <summary>
/// Activities this instance is processing or processed in the last minutes, by conversation and activity id. Teams
/// resends an activity the bot has not answered within 15 s; the resend waits for the first turn and gets its answer
/// instead of running the turn a second time. Per instance: a resend reaching another instance runs again, which the
/// features' idempotent writes make harmless.
/// </summary>
public sealed class RecentActivities(TimeProvider clock)
{
    private static readonly TimeSpan Kept = TimeSpan.FromMinutes(5);
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private long _nextSweep;

    internal async Task<TurnOutcome> RunOnceAsync(Activity activity, Func<Task<TurnOutcome>> turn)
    {
        if (string.IsNullOrEmpty(activity.Id) || string.IsNullOrEmpty(activity.Conversation?.Id))
        {
            return await turn();
        }
        Sweep();
        var key = activity.Conversation.Id + "|" + activity.Id;
        var mine = new Entry(new Lazy<Task<TurnOutcome>>(turn), clock.GetUtcNow() + Kept);
        var entry = _entries.GetOrAdd(key, mine);
        try
        {
            return await entry.Turn.Value;
        }
        catch
        {
            // A turn that threw answered nothing: a resend may try again.
            _entries.TryRemove(KeyValuePair.Create(key, entry));
            throw;
        }
    }

    public int Count => _entries.Count;

    private void Sweep()
    {
        var now = clock.GetUtcNow();
        var next = Interlocked.Read(ref _nextSweep);
        if (now.UtcTicks < next || Interlocked.CompareExchange(ref _nextSweep, (now + TimeSpan.FromSeconds(30)).UtcTicks, next) != next)
        {
            return;
        }
        foreach (var (key, entry) in _entries)
        {
            if (entry.Expires <= now && entry.Turn.IsValueCreated && entry.Turn.Value.IsCompleted)
            {
                _entries.TryRemove(KeyValuePair.Create(key, entry));
            }
        }
    }

    private sealed record Entry(Lazy<Task<TurnOutcome>> Turn, DateTimeOffset Expires);
}
