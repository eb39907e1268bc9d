using Azure;

namespace CoachBot.Storage;

/// <summary>
/// Optimistic concurrency, said once. A change reads a row with its version (its ETag), decides, and writes only if the
/// row is still that version (If-Match). A write that lost the race changes nothing and says so (a store's
/// <c>TryReplaceAsync</c> answers false, <see cref="TryWriteAsync(Func{Task})"/> below); the change then reads again and
/// decides anew on what is there now (<see cref="ChangeAsync{T}"/>), at most <see cref="Attempts"/> times.
/// </summary>
public static class Optimistic
{
    /// <summary>
    /// How many times one change is tried. A lost race means someone wrote the same row between our read and our write
    /// (a double click, Teams resending, another instance): a few in a row happen under a burst, ten in a row do not,
    /// so the change then fails with <see cref="ConcurrencyConflictException"/>.
    /// </summary>
    public const int Attempts = 10;

    /// <summary>The answer of a conditional write that lost: 412 (changed since read), 404 (deleted since read), 409 (added meanwhile).</summary>
    public static bool LostRace(RequestFailedException exception) => exception.Status is 412 or 404 or 409;

    /// <summary>
    /// Runs <paramref name="attempt"/> (read, decide, conditional write) until it gives a result rather than
    /// <see cref="Lost"/>. Throws <see cref="ConcurrencyConflictException"/> with <paramref name="keptChanging"/> when
    /// <see cref="Attempts"/> tries all lost.
    /// </summary>
    public static async Task<T> ChangeAsync<T>(Func<Task<Attempt<T>>> attempt, string keptChanging)
    {
        for (var tried = 1; ; tried++)
        {
            var outcome = await attempt();
            if (!outcome.Lost)
            {
                return outcome.Value;
            }
            if (tried >= Attempts)
            {
                throw new ConcurrencyConflictException(keptChanging);
            }
        }
    }

    /// <summary>What a try that lost the race returns to <see cref="ChangeAsync{T}"/>: read again.</summary>
    public static LostRaceMarker Lost => default;

    /// <summary>Runs a conditional write (or a batch of them); false when it lost the race (<see cref="LostRace"/>).</summary>
    public static async Task<bool> TryWriteAsync(Func<Task> write)
    {
        try
        {
            await write();
            return true;
        }
        catch (RequestFailedException ex) when (LostRace(ex))
        {
            return false;
        }
    }

    /// <summary>Runs a conditional write; its response (with the row's new ETag), or null when it lost the race.</summary>
    public static async Task<Response?> TryWriteAsync(Func<Task<Response>> write)
    {
        try
        {
            return await write();
        }
        catch (RequestFailedException ex) when (LostRace(ex))
        {
            return null;
        }
    }

    /// <summary>See <see cref="Lost"/>.</summary>
    public readonly struct LostRaceMarker;
}

/// <summary>One try of a change: its result, or lost (the row changed between the read and the write).</summary>
public readonly struct Attempt<T>
{
    private Attempt(T value, bool lost) => (Value, Lost) = (value, lost);

    public T Value { get; }

    public bool Lost { get; }

    public static implicit operator Attempt<T>(T value) => new(value, lost: false);

    public static implicit operator Attempt<T>(Optimistic.LostRaceMarker lost) => new(default!, lost: true);
}

/// <summary>A change that lost the race <see cref="Optimistic.Attempts"/> times in a row: the row kept changing under it.</summary>
public sealed class ConcurrencyConflictException(string message) : InvalidOperationException(message);
