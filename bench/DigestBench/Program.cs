using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using CoachBot.CheckIns;
using CoachBot.Coaching;
using CoachBot.Digests;
using CoachBot.Localization;
using CoachBot.Roster;
using CoachBot.Storage;
using CoachBot.SupportRequests;
using CoachBot.SupportRequests.Escalation;
using Microsoft.Extensions.Options;

// DigestBench [--reps 200] [--weeks 12] [--runs 10]   (storage: COACHBOT_BENCH_STORAGE, an Azurite connection string)
//
// Stores --weeks of check-ins for --reps reps (4 regions, 2 BUs) in Azurite through the bot's CheckInStore, 3 support
// requests per rep through SupportRequestStore and 6 coaching answers per rep through CoachingStore, then builds the
// director's weekly digest --runs times with the bot's own code (DigestService: one read of each table through the
// features' read contracts; DigestFigures; DigestCards), and the sponsors' digests and the director's team table once
// per run too. Every HTTP request to Table Storage goes through a pipeline policy that counts it by table. Prints the
// figures; not a test.
var reps = Option("--reps", 200);
var weeks = Option("--weeks", 12);
var runs = Option("--runs", 10);
var storage = Environment.GetEnvironmentVariable("COACHBOT_BENCH_STORAGE")
    ?? throw new InvalidOperationException("Set COACHBOT_BENCH_STORAGE to an Azurite connection string (scripts/bench-digest.sh does).");
var prefix = "bench" + Guid.NewGuid().ToString("N")[..8];

var counter = new CountingPolicy();
var clientOptions = new TableClientOptions();
clientOptions.AddPolicy(counter, HttpPipelinePosition.PerRetry);
var tables = new Tables(new TableServiceClient(storage, clientOptions), Options.Create(new StorageOptions { ConnectionString = storage, TablePrefix = prefix }));

var regions = new[] { ("mea", "Africa/Casablanca"), ("apac", "Asia/Singapore"), ("latam", "America/Sao_Paulo"), ("europe", "Europe/Paris") };
var organizationOptions = new OrganizationOptions
{
    Director = new DirectorOptions { Name = "Claire Fontaine", Email = "claire@bench.example" },
    Regions = regions.Select((r, i) => new RegionOptions
    {
        Id = r.Item1, Name = r.Item1.ToUpperInvariant(), TimeZone = r.Item2, Holidays = [new DateOnly(2026, 12, 25)],
        Sponsor = new PersonOptions { Name = $"Sponsor {i}", Email = $"sponsor{i % 2}@bench.example" },
    }).ToList(),
    BusinessUnits =
    [
        new BusinessUnitOptions { Id = "pumps", Name = "Pumps", InternationalObjective = 12_000_000, Leads = [new PersonOptions { Name = "Lead P", Email = "leadp@bench.example" }] },
        new BusinessUnitOptions { Id = "automation", Name = "Automation", InternationalObjective = 8_000_000, Leads = [new PersonOptions { Name = "Lead A", Email = "leada@bench.example" }] },
    ],
    Reps = Enumerable.Range(0, reps).Select(i => new RepOptions { Name = $"Bench Rep {i:D3}", Email = $"rep{i:D3}@bench.example", Region = regions[i % regions.Length].Item1 }).ToList(),
};
var organization = new Organization(Options.Create(organizationOptions));
var calendar = new CheckInCalendar(Options.Create(new CheckInOptions()), organization);
var store = new CheckInStore(tables);
var now = DateTimeOffset.UtcNow;
var texts = new Texts();
var cards = new DigestCards(texts, new CheckInCards(texts, calendar), organization);
var repMembers = organization.Members.Where(m => m.Has(Role.Rep)).ToList();

var requestStore = new SupportRequestStore(tables);
var coachingStore = new CoachingStore(tables);
var (programme, problems) = ProgrammeFile.Load(Path.GetFullPath(Path.Combine("Bot", "Coaching", "programme.json")));
var coaching = new CoachingHistory(coachingStore, programme ?? throw new InvalidOperationException(string.Join("; ", problems)));
var service = new DigestService(organization, store, calendar, [requestStore], [coaching],
    new BusinessHours(Options.Create(new EscalationOptions()), organization), TimeProvider.System);

// Seed: every rep, every week, through the bot's store, 16 at a time.
var seeding = Stopwatch.StartNew();
var thisWeek = IsoWeek.Of(DateOnly.FromDateTime(now.UtcDateTime));
var work = repMembers.SelectMany((rep, i) => Enumerable.Range(1, weeks).Select(w => (rep, i, week: thisWeek.Plus(-w)))).ToList();
await Parallel.ForEachAsync(work, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (item, token) =>
{
    var workingDays = calendar.WorkingDays(item.rep.RegionId!, item.week).Count;
    var answer = new CheckInAnswer(4, Math.Min(workingDays, (item.i + item.week.Week) % 5), 3, "Bench customer", "", "", 3, false);
    await store.TryAddAsync(item.rep.Id, new WeeklyCheckIn(item.week, answer, workingDays, now, 1), token);
});
// Requests one at a time (the store numbers them), coaching answers 16 at a time.
foreach (var (rep, i) in repMembers.Select((rep, i) => (rep, i)))
{
    for (var k = 0; k < 3; k++)
    {
        await requestStore.AddAsync(Request(rep, i, k, now), CancellationToken.None);
    }
}
var answers = repMembers.SelectMany((rep, i) => Enumerable.Range(0, 6).Select(k => new CoachingRecord(
    rep.Id, thisWeek.Plus(-k), "rep", $"p{k}", "planning", "behavioural", new SelectionReason(SelectionReason.Programme), now.AddDays(-7 * k),
    (k + i) % 3 == 0 ? CoachingOutcome.Sent : CoachingOutcome.Done, now.AddDays(-7 * k + 1), null, k % 2 == 0 ? "Call two prospects" : null))).ToList();
await Parallel.ForEachAsync(answers, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (answer, token) => await coachingStore.TryAddAsync(answer, token));
Console.WriteLine($"Seeded {work.Count:N0} check-ins ({reps} reps x {weeks} weeks), {reps * 3:N0} requests and {answers.Count:N0} coaching answers in {seeding.Elapsed.TotalSeconds:F1} s; tables {prefix}*");

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

int Option(string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
}

static SupportRequest Request(RosterMember rep, int i, int k, DateTimeOffset now)
{
    var opened = now.AddDays(-(i + k * 7) % 50).AddHours(-k);
    var acknowledged = (i + k) % 3 == 0 ? (DateTimeOffset?)null : opened.AddHours(3 + (i % 40));
    var declined = (i + k) % 7 == 0;
    var trail = new List<RequestTransition> { new(opened, rep.Id, RequestAction.Opened, RequestState.Open, RequestState.Open, null) };
    if (acknowledged is { } at)
    {
        trail.Add(new RequestTransition(at, "lead", RequestAction.Acknowledged, RequestState.Open, RequestState.Acknowledged, null));
    }
    return new SupportRequest("", rep.Id, "", rep.RegionId!, k % 2 == 0 ? "pumps" : "automation", "Customer", "Country", NeedKind.Quotation, "Bench",
        DateOnly.FromDateTime(opened.UtcDateTime).AddDays(30), 100_000, "EUR",
        declined ? RequestState.Declined : acknowledged is null ? RequestState.Open : RequestState.Acknowledged,
        EscalationLevel.None, opened, acknowledged, null, declined ? opened.AddHours(5) : null, declined ? (ObjectionCategory)(i % 5) : null, null, null, trail, [], null);
}

/// <summary>Counts every HTTP request Table Storage receives, by table (the path's first segment after the account).</summary>
internal sealed class CountingPolicy : HttpPipelineSynchronousPolicy
{
    private readonly ConcurrentDictionary<string, int> _counts = new();

    public override void OnSendingRequest(HttpMessage message)
    {
        var path = message.Request.Uri.Path.Trim('/').Split('/');
        // Azurite: /devstoreaccount1/<table>(...) ; Azure: /<table>(...)
        var table = (path.Length > 1 ? path[1] : path[0]).Split('(')[0];
        _counts.AddOrUpdate(table, 1, (_, n) => n + 1);
    }

    public void Reset() => _counts.Clear();

    public IReadOnlyDictionary<string, int> Snapshot() => new Dictionary<string, int>(_counts);
}
