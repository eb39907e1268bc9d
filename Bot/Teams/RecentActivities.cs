namespace CoachBot.Teams;

/// <summary>
/// Activities this instance answered (or is answering) in the last minutes, so that Teams resending an activity the bot
/// has not answered within 15 s gets the first delivery's answer instead of a second turn. Only requests that passed
/// authentication get here, and the key names who sent them (the authenticated channel and the conversation) as well as
/// the activity id: an unsigned or foreign copy of a body is never matched with a signed one. A refusal (4xx) is never
/// kept as an answer. Bounded by <see cref="MaxEntries"/> and <see cref="MaxBytes"/>, oldest first, so a flood of distinct
/// ids cannot grow memory. Per instance: a resend reaching another instance runs again, which the features' idempotent
/// writes make harmless.
/// </summary>
public sealed class RecentActivities(TimeProvider clock)
{
    /// <summary>How long an answer is kept: Teams resends within a minute or two.</summary>
    public static readonly TimeSpan Kept = TimeSpan.FromMinutes(5);

    public const int MaxEntries = 4096;

    /// <summary>Keys and answer bodies together (an answer is a card of at most about 80 KB, most turns answer nothing).</summary>
    public const long MaxBytes = 16L * 1024 * 1024;

    // What an entry costs besides its key and its body: the entry, its node, the dictionary slot.
    private const int EntryOverhead = 160;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _byAge = new();
    private long _bytes;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Keys and bodies held now, in bytes as this class counts them.</summary>
    public long Bytes
    {
        get
        {
            lock (_gate)
            {
                return _bytes;
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="turn"/> once for <paramref name="key"/> (null: no key, always run): a second call with the same
    /// key while the first runs waits for it, and one after it gets its answer, unless that answer was a refusal.
    /// </summary>
    internal async Task<TurnAnswer> RunOnceAsync(string? key, Func<Task<TurnAnswer>> turn)
    {
        if (key is null)
        {
            return await turn();
        }
        Entry? entry;
        bool mine;
        lock (_gate)
        {
            var now = clock.GetUtcNow();
            RemoveExpired(now);
            if (_entries.TryGetValue(key, out entry))
            {
                mine = false;
            }
            else
            {
                entry = new Entry(key, now + Kept, EntryOverhead + 2L * key.Length);
                mine = Admit(entry);
            }
        }
        if (!mine)
        {
            return entry is null ? await turn() : await entry.Answer.Task;
        }

        TurnAnswer answer;
        try
        {
            answer = await turn();
        }
        catch (Exception ex)
        {
            // A turn that threw answered nothing: a resend may try again.
            lock (_gate)
            {
                Remove(entry!);
            }
            entry!.Answer.SetException(ex);
            throw;
        }
        lock (_gate)
        {
            if (answer.Status >= 400 || entry!.Size + (answer.Body?.Length ?? 0) > MaxBytes)
            {
                Remove(entry!);
            }
            else if (entry.Node is not null)
            {
                var body = answer.Body?.Length ?? 0;
                entry.Size += body;
                _bytes += body;
                while (_bytes > MaxBytes && _byAge.First is { } oldest)
                {
                    Remove(oldest.Value);
                }
            }
        }
        entry!.Answer.SetResult(answer);
        return answer;
    }

    /// <summary>Adds the entry when the bounds allow, evicting the oldest; false when it alone is over the bound.</summary>
    private bool Admit(Entry entry)
    {
        if (entry.Size > MaxBytes)
        {
            return false;
        }
        while ((_entries.Count >= MaxEntries || _bytes + entry.Size > MaxBytes) && _byAge.First is { } oldest)
        {
            Remove(oldest.Value);
        }
        _entries.Add(entry.Key, entry);
        entry.Node = _byAge.AddLast(entry);
        _bytes += entry.Size;
        return true;
    }

    private void RemoveExpired(DateTimeOffset now)
    {
        while (_byAge.First is { } oldest && oldest.Value.Expires <= now)
        {
            Remove(oldest.Value);
        }
    }

    private void Remove(Entry entry)
    {
        if (entry.Node is null)
        {
            return;
        }
        _byAge.Remove(entry.Node);
        entry.Node = null;
        _entries.Remove(entry.Key);
        _bytes -= entry.Size;
    }

    private sealed class Entry(string key, DateTimeOffset expires, long size)
    {
        public string Key { get; } = key;
        public DateTimeOffset Expires { get; } = expires;
        public long Size { get; set; } = size;
        public LinkedListNode<Entry>? Node { get; set; }
        public TaskCompletionSource<TurnAnswer> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

/// <summary>What the endpoint writes back for a turn: the status and, for an invoke, the JSON body (UTF-8).</summary>
internal sealed record TurnAnswer(int Status, byte[]? Body);
