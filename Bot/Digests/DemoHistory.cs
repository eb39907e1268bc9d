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
/// under target, steady, a few weeks unanswered), with a few wins (shared or not, some naming the BU that helped) and
/// blockers of several themes in the rep's language, and a confidence that falls for the first rep (<c>brief</c> flags it).
/// Idempotent: a week already answered is left as it is.
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

    // Per pattern, per week (oldest first): win, blocker, BU that helped (roster id, or null), shared.
    private static readonly (string Win, string Blocker, string? Unit, bool Shared)[][] French =
    [
        [("", "RAS", null, true), ("Commande de 3 pompes signée chez OCP", "", "pumps", true), ("", "Le transitaire ne trouve pas de conteneur avant janvier", null, true),
         ("Offre remise à temps pour l’appel d’offres de Dakar", "Le client ne regarde que le prix", null, true), ("", "Pas de rendez-vous calé, les clients ne répondent pas", null, true),
         ("Démonstration réussie avec la BU chez Sonatrach", "Agenda vide pour la semaine prochaine", "automation", true)],
        [("", "Trois jours au bureau sur les reportings", null, true), ("Nouveau distributeur rencontré à Abidjan", "", null, false), ("", "RAS", null, true),
         ("", "La BU ne répond pas à ma demande de chiffrage", null, true), ("Relance acceptée par l’acheteur", "L’acheteur exige 15 % de remise", null, true), ("", "-", null, true)],
    ];

    private static readonly (string Win, string Blocker, string? Unit, bool Shared)[][] English =
    [
        [("", "Nothing in particular", null, true), ("Second order from PTT", "", "pumps", true), ("", "The letter of credit is still not confirmed", null, true),
         ("Shortlisted on the Jakarta tender", "Not sure we should bid on the Manila tender", null, true), ("", "Customers keep postponing our meetings", null, true),
         ("Site survey done with the BU engineer", "", "automation", true)],
        [("", "Our distributor in Vietnam has gone silent", null, true), ("Met two new prospects in Singapore", "", null, true), ("", "n/a", null, true),
         ("", "I couldn't answer the customer's questions on seal materials", null, true), ("Price accepted without a discount", "", null, false), ("", "Spent most of the week in internal meetings", null, true)],
    ];

    // The first rep's confidence falls in the last weeks: brief flags it.
    private static readonly int[] FallingConfidence = [4, 4, 4, 3, 2, 2];

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
                var words = (rep.Language == Languages.English ? English : French)[i % 2][w];
                var confidence = i == 0 ? FallingConfidence[w] : 3 + w % 2;
                var answer = new CheckInAnswer(fieldDays * 2, Math.Min(fieldDays, workingDays), 3 + w % 3, words.Win.Length > 0 ? "OCP (Maroc)" : "",
                    words.Win, words.Blocker, confidence, false, words.Shared,
                    words.Unit is { } unit && organization.BusinessUnits.ContainsKey(unit) ? unit : null);
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
