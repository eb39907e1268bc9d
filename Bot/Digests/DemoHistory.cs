using Azure;
using CoachBot.Calendar;
using CoachBot.CheckIns;
using CoachBot.Roster;
using Microsoft.Extensions.Options;

namespace CoachBot.Digests;

/// <summary>
/// DEMO DATA, local runs only (<c>Digests:SeedDemoHistory=true</c>, refused at start outside Development): stores six
/// weeks of check-ins for the roster's reps, ending with the latest closed week (past its cut-off), so the week open
/// for answers stays unanswered (<c>checkin</c> gives the form, the check-in job sends it) while the digest, <c>team</c> and <c>brief</c> have
/// something to show. Each rep follows one of a few patterns (a falling trend that trips the early warning, two weeks
/// under target, steady, a few weeks unanswered). Idempotent: a week already answered is left as it is.
/// </summary>
public sealed class DemoHistory(
    IOptions<DigestOptions> options, Organization organization, CheckInStore store, CheckInCalendar calendar, TimeProvider clock, ILogger<DemoHistory> logger)
    : IHostedService
{
    public const int Weeks = 6;

    // Field days per week, oldest first; null: no answer that week.
    private static readonly int?[][] Patterns =
    [
        [4, 4, 3, 3, 2, 2],
        [2, 3, 2, 2, 1, 1],
        [3, 4, 3, 4, 3, 4],
        [2, null, 3, 2, null, 3],
    ];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.SeedDemoHistory)
        {
            return;
        }
        try
        {
            var (stored, kept) = await SeedAsync(cancellationToken);
            Log.DemoHistorySeeded(logger, stored, kept);
        }
        catch (RequestFailedException ex)
        {
            // Demo data only: the bot runs without it.
            logger.LogWarning(ex, "Demo history not stored: Table Storage answered {Status}", ex.Status);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The latest week whose cut-off has passed: never the week a rep can still answer.</summary>
    private IsoWeek LatestClosedWeek(string regionId, DateTimeOffset now)
    {
        var week = calendar.OpenWeek(regionId, now);
        while (!calendar.IsClosed(regionId, week, now))
        {
            week = week.Previous;
        }
        return week;
    }

    public async Task<(int Stored, int Kept)> SeedAsync(CancellationToken cancellationToken)
    {
        var stored = 0;
        var kept = 0;
        var reps = organization.Members.Where(m => m.Has(Role.Rep) && m.RegionId is not null).ToList();
        for (var i = 0; i < reps.Count; i++)
        {
            var rep = reps[i];
            var pattern = Patterns[i % Patterns.Length];
            var lastWeek = LatestClosedWeek(rep.RegionId!, clock.GetUtcNow());
            for (var w = 0; w < Weeks; w++)
            {
                var week = lastWeek.Plus(w - (Weeks - 1));
                var workingDays = calendar.WorkingDays(rep.RegionId!, week).Count;
                if (pattern[w] is not { } fieldDays || workingDays == 0)
                {
                    continue;
                }
                var answer = new CheckInAnswer(fieldDays * 2, Math.Min(fieldDays, workingDays), 3 + w % 3, "", "", "", 3 + w % 2, false);
                var checkIn = new WeeklyCheckIn(week, answer, workingDays, calendar.SendAt(rep.RegionId!, week), 1);
                if (await store.TryAddAsync(rep.Id, checkIn, cancellationToken))
                {
                    stored++;
                }
                else
                {
                    kept++;
                }
            }
        }
        return (stored, kept);
    }
}
