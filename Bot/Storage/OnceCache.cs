using System.Collections.Concurrent;

namespace CoachBot.Storage;

/// <summary>
/// Values created once per key by an async factory and shared by every caller. A creation that fails is forgotten,
/// so the next caller tries again (a table service or token endpoint that was down comes back). A caller's
/// cancellation ends its own wait, never the shared creation.
/// </summary>
internal sealed class OnceCache<TValue>
{
    private readonly ConcurrentDictionary<string, Lazy<Task<TValue>>> _values = new(StringComparer.Ordinal);

    public async Task<TValue> GetAsync(string key, Func<Task<TValue>> create, CancellationToken cancellationToken)
    {
        var lazy = _values.GetOrAdd(key, _ => new Lazy<Task<TValue>>(create));
        try
        {
            return await lazy.Value.WaitAsync(cancellationToken);
        }
        catch (Exception) when (lazy.Value.IsFaulted)
        {
            _values.TryRemove(KeyValuePair.Create(key, lazy));
            throw;
        }
    }

    /// <summary>Forgets <paramref name="value"/> if it is still the one cached for <paramref name="key"/>; the next caller creates anew.</summary>
    public void Forget(string key, TValue value)
    {
        if (_values.TryGetValue(key, out var lazy) && lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully
            && EqualityComparer<TValue>.Default.Equals(lazy.Value.Result, value))
        {
            _values.TryRemove(KeyValuePair.Create(key, lazy));
        }
    }
}
