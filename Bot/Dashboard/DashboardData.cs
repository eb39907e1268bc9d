using CoachBot.Calendar;
using CoachBot.CheckIns;
using CoachBot.Coaching;
using CoachBot.Digests;
using CoachBot.Roster;
using CoachBot.SupportRequests;
using Microsoft.Extensions.Options;

namespace CoachBot.Dashboard;

/// <summary>
/// Everything the views are computed from, read in one pass over each table (check-ins of the last year, every support
/// request, every coaching entry) with every rep's year of weeks worked out once.
/// </summary>
public sealed record DashboardSnapshot(
    DateTimeOffset Now,
    IsoWeek LastWeek,
    IReadOnlyDictionary<string, RepHistory> Reps,
    IReadOnlyList<SupportRequestSnapshot> Requests,
    IReadOnlyList<CoachingEntry> Coaching);

/// <summary>
/// Reads the tables through their read contracts (the check-in store, <see cref="ISupportRequestHistory"/>,
/// <see cref="ICoachingHistory"/>) and keeps what it read for <see cref="DashboardOptions.CacheDuration"/>: a page opens
/// five views at once, and several people look at the same figures; each read is shared by everyone waiting for it.
/// A year of check-ins for 200 reps takes Azurite most of a second to return, far more than a view may take.
/// </summary>
public sealed class DashboardData(
    Organization organization,
    CheckInStore checkIns,
    CheckInCalendar calendar,
    DigestService digests,
    ISupportRequestHistory requestHistory,
    ICoachingHistory coachingHistory,
    IOptions<DashboardOptions> options,
    TimeProvider clock)
{
    /// <summary>The longest period a view shows.</summary>
    public const int MaxWeeks = 52;

    /// <summary>How long past its lifetime a read still answers while the next one runs; older than that, callers wait for the new read.</summary>
    public static readonly TimeSpan StaleFor = TimeSpan.FromMinutes(5);

    private readonly Lock _gate = new();
    private (DashboardSnapshot Snapshot, DateTimeOffset ReadAt)? _last;
    private Task<DashboardSnapshot>? _reading;

    public int TrackLength(string track) => coachingHistory.TrackLength(track);

    /// <summary>
    /// The snapshot of the last <see cref="DashboardOptions.CacheDuration"/>; past that, the previous one while a new
    /// read runs (for up to <see cref="StaleFor"/>), so a viewer waits for the tables only on the first view after a
    /// start or a long quiet spell. One read at a time, shared by every caller; a zero duration reads for every view.
    /// </summary>
    public async Task<DashboardSnapshot> GetAsync(CancellationToken cancellationToken)
    {
        Task<DashboardSnapshot> reading;
        lock (_gate)
        {
            var now = clock.GetUtcNow();
            var lifetime = options.Value.CacheDuration;
            if (_last is { } last && now - last.ReadAt < lifetime)
            {
                return last.Snapshot;
            }
            // Taken before the refresh starts: a read that completes synchronously (inside this lock, which is re-entrant)
            // replaces _last, and the caller must get the previous read either way.
            var previous = _last;
            // Not the caller's token: the read is shared, and one viewer leaving must not cancel it for the others.
            if (_reading is null || _reading.IsCompleted)
            {
                _reading = RefreshAsync();
            }
            reading = _reading;
            if (previous is { } stale && lifetime > TimeSpan.Zero && now - stale.ReadAt < lifetime + StaleFor)
            {
                return stale.Snapshot;
            }
        }
        return await reading.WaitAsync(cancellationToken);
    }

    private async Task<DashboardSnapshot> RefreshAsync()
    {
        try
        {
            var snapshot = await ReadAsync(CancellationToken.None);
            lock (_gate)
            {
                _last = (snapshot, snapshot.Now);
            }
            return snapshot;
        }
        finally
        {
            lock (_gate)
            {
                _reading = null;
            }
        }
    }

    private async Task<DashboardSnapshot> ReadAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var reps = organization.Members.Where(m => m.Has(Role.Rep) && m.RegionId is not null).ToList();
        // The axis every view shares ends with the latest week a region answers now (its check-in went out or goes out this week).
        var last = reps.Select(r => r.RegionId!).Distinct(StringComparer.OrdinalIgnoreCase)
            .Select(region => calendar.OpenWeek(region, now)).DefaultIfEmpty(IsoWeek.Of(DateOnly.FromDateTime(now.UtcDateTime))).Max();
        var first = last.Plus(-(MaxWeeks - 1));
        var checkInsRead = checkIns.ListAllAsync(first, last, cancellationToken);
        var requestsRead = requestHistory.ListAllAsync(cancellationToken);
        var coachingRead = coachingHistory.ListAllAsync(cancellationToken);
        await Task.WhenAll(checkInsRead, requestsRead, coachingRead);
        var team = await checkInsRead;
        return new DashboardSnapshot(
            now,
            last,
            reps.ToDictionary(r => r.Id, r => digests.History(team, r, first, MaxWeeks), StringComparer.Ordinal),
            await requestsRead,
            await coachingRead);
    }
}
