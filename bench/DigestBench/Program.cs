using System.Diagnostics;
using System.Globalization;
using CoachBot.Bench;
using CoachBot.Digests;
using CoachBot.Localization;
using CoachBot.Roster;

// DigestBench [--reps 200] [--weeks 12] [--runs 10]   (storage: COACHBOT_BENCH_STORAGE, an Azurite connection string)
//
// Stores --weeks of check-ins for --reps reps (4 regions, 2 BUs) in Azurite through the bot's CheckInStore, 3 support
// requests per rep through SupportRequestStore and 6 coaching answers per rep through CoachingStore, then builds the
// director's weekly digest --runs times with the bot's own code (DigestService: one read of each table through the
// features' read contracts; DigestFigures; DigestCards), and the sponsors' digests and the director's team table once
// per run too. Every HTTP request to Table Storage goes through a pipeline policy that counts it by table. Prints the
// figures; not a test.
var reps = BenchTeam.Option(args, "--reps", 200);
var weeks = BenchTeam.Option(args, "--weeks", 12);
var runs = BenchTeam.Option(args, "--runs", 10);
var team = BenchTeam.Create(reps, "scripts/bench-digest.sh");
var (counter, prefix, organization, calendar, service) = (team.Counter, team.Prefix, team.Organization, team.Calendar, team.Digests);
var texts = new Texts();
var cards = new DigestCards(texts, organization, [], team.BlockerThemes);

// Seed: every rep, every week, through the bot's store, 16 at a time.
var seeding = Stopwatch.StartNew();
var seeded = await team.SeedAsync(Enumerable.Range(1, weeks), (_, _) => true, parallelism: 16, deliveries: false);
Console.WriteLine($"Seeded {seeded.CheckIns:N0} check-ins ({reps} reps x {weeks} weeks), {seeded.Requests:N0} requests and {seeded.Answers:N0} coaching answers in {seeding.Elapsed.TotalSeconds:F1} s; tables {prefix}*");

var director = organization.Members.Single(m => m.Has(Role.Director));
var sponsors = organization.Members.Where(m => m.Has(Role.Sponsor)).ToList();
var week = service.ReportedWeek(organization.DirectorTimeZone);
var results = new List<(double Read, double Build, double Total, IReadOnlyDictionary<string, int> Transactions, int Size, int Rows)>();
for (var run = 0; run <= runs; run++)
{
    counter.Reset();
    var total = Stopwatch.StartNew();
    var snapshot = await service.ReadAsync(CancellationToken.None);
    var read = total.Elapsed.TotalMilliseconds;
    var card = cards.Digest(service.DirectorFigures(snapshot, director, week), "fr");
    var build = total.Elapsed.TotalMilliseconds - read;
    foreach (var sponsor in sponsors)
    {
        cards.Digest(service.SponsorFigures(snapshot, sponsor, week), "en", sponsor, service.EscalatedTo(snapshot, sponsor), snapshot.Now);
    }
    cards.Team(service.TeamTable(snapshot, director), director, "fr");
    total.Stop();
    if (run > 0)
    {
        // Run 0 warms up the JIT and creates the table; not counted.
        results.Add((read, build, total.Elapsed.TotalMilliseconds, counter.Snapshot(), DigestCards.SizeOf(card), snapshot.CheckIns.Count));
    }
}

Console.WriteLine();
Console.WriteLine($"Director's digest, {reps} reps x {weeks} weeks stored, {runs} runs (after one warm-up):");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  check-ins read per run      {results[0].Rows:N0} (the 8 weeks reported plus the open week and the margins)"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  Table transactions per run  {string.Join(", ", results[0].Transactions.Select(t => $"{t.Key} {t.Value}"))} (same every run: {results.All(r => r.Transactions.Values.Sum() == results[0].Transactions.Values.Sum())})"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  read (one query per table)  p50 {Median(results.Select(r => r.Read)):F1} ms, max {results.Max(r => r.Read):F1} ms"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  figures + director's card   p50 {Median(results.Select(r => r.Build)):F1} ms, max {results.Max(r => r.Build):F1} ms"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  whole run (+ {sponsors.Count} sponsors' digests and the team table)  p50 {Median(results.Select(r => r.Total)):F1} ms, max {results.Max(r => r.Total):F1} ms"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  director's card             {results[0].Size:N0} bytes (limit {28 * 1024:N0})"));
return 0;

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}
