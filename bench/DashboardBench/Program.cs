using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using CoachBot.CheckIns;
using CoachBot.Coaching;
using CoachBot.Dashboard;
using CoachBot.Digests;
using CoachBot.Roster;
using CoachBot.Storage;
using CoachBot.SupportRequests;
using CoachBot.SupportRequests.Escalation;
using Microsoft.Extensions.Options;

// DashboardBench [--reps 200] [--weeks 52] [--runs 40] [--loads 8]   (storage: COACHBOT_BENCH_STORAGE, an Azurite connection string)
//
// 1. Stores --weeks of check-ins for --reps reps (4 regions, 2 BUs), 3 support requests and 6 coaching answers per rep
//    in Azurite through the bot's stores, then answers every dashboard view --runs times for the director (52 weeks)
//    with the bot's own code (DashboardData: one read of each table through the read contracts, kept for the cache's
//    lifetime; DashboardViews): each run expires the cache, times the read, then each view from it. Every HTTP request
//    to Table Storage is counted by table.
// 2. Starts the bot itself (Bot/bin/Release, Development, local sign-in) on the same tables and loads /dashboard
//    --loads times in Debian's Chromium (Bot.Tests/Dashboard/browser/check-dashboard.mjs): the time from navigation
//    start to the first chart drawn. Prints the figures; not a test.
var reps = Option("--reps", 200);
var weeks = Option("--weeks", 52);
var runs = Option("--runs", 40);
var loads = Option("--loads", 8);
var storage = Environment.GetEnvironmentVariable("COACHBOT_BENCH_STORAGE")
    ?? throw new InvalidOperationException("Set COACHBOT_BENCH_STORAGE to an Azurite connection string (scripts/bench-dashboard.sh does).");
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
        Sponsor = new PersonOptions { Name = $"Sponsor {i % 2}", Email = $"sponsor{i % 2}@bench.example" },
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
var repMembers = organization.Members.Where(m => m.Has(Role.Rep)).ToList();
var requestStore = new SupportRequestStore(tables);
var coachingStore = new CoachingStore(tables);
var (programme, problems) = ProgrammeFile.Load(Path.GetFullPath(Path.Combine("Bot", "Coaching", "programme.json")));
var coaching = new CoachingHistory(coachingStore, programme ?? throw new InvalidOperationException(string.Join("; ", problems)));
var digests = new DigestService(organization, store, calendar, [requestStore], [coaching],
    new BusinessHours(Options.Create(new EscalationOptions()), organization), TimeProvider.System);

var seeding = Stopwatch.StartNew();
var thisWeek = IsoWeek.Of(DateOnly.FromDateTime(now.UtcDateTime));
// Every rep, every week but one in seven (an unanswered week: a gap), through the bot's store, 32 at a time.
var work = repMembers.SelectMany((rep, i) => Enumerable.Range(0, weeks).Where(w => (w + i) % 7 != 3).Select(w => (rep, i, week: thisWeek.Plus(-w)))).ToList();
await Parallel.ForEachAsync(work, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (item, token) =>
{
    var workingDays = calendar.WorkingDays(item.rep.RegionId!, item.week).Count;
    var answer = new CheckInAnswer(4, Math.Min(workingDays, (item.i + item.week.Week) % 5), 3, "Bench customer", "", "", 3, false);
    await store.TryAddAsync(item.rep.Id, new WeeklyCheckIn(item.week, answer, workingDays, now, 1), token);
});
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
Console.WriteLine($"Seeded {work.Count:N0} check-ins ({reps} reps x {weeks} weeks, one week in seven unanswered), {reps * 3:N0} requests and {answers.Count:N0} coaching answers in {seeding.Elapsed.TotalSeconds:F1} s; tables {prefix}*");

// Part 1: the views in process.
var cacheFor = new DashboardOptions { CacheDuration = TimeSpan.FromSeconds(30) };
var clock = new BenchClock();
var data = new DashboardData(organization, store, calendar, digests, [requestStore], [coaching], Options.Create(cacheFor), clock);
var views = new DashboardViews(organization, digests, data);
var director = organization.Members.Single(m => m.Has(Role.Director));
var scope = DashboardScope.Of(director, organization);
var filter = new DashboardFilter(null, null, 52);
var firstRep = repMembers[0];
var viewNames = new[] { "regions", "team", "requests", "scoreboard", "coaching", "rep" };
object Answer(string view, DashboardSnapshot snapshot) => view switch
{
    "regions" => views.Regions(snapshot, scope, filter),
    "team" => views.Team(snapshot, scope, filter),
    "requests" => views.Requests(snapshot, scope, filter),
    "scoreboard" => views.Scoreboard(snapshot, scope, filter),
    "coaching" => views.Coaching(snapshot, scope, filter),
    _ => views.Rep(snapshot, snapshot.Reps[firstRep.Id], filter),
};
var reads = new List<double>();
var answered = viewNames.ToDictionary(v => v, _ => new List<double>());
var transactions = new Dictionary<string, int>();
var bytes = new Dictionary<string, int>();
for (var run = 0; run <= runs; run++)
{
    // Past the cache's lifetime and its stale window: the next view waits for one read of each table.
    clock.Advance(cacheFor.CacheDuration + DashboardData.StaleFor + TimeSpan.FromSeconds(1));
    counter.Reset();
    var watch = Stopwatch.StartNew();
    await data.GetAsync(CancellationToken.None);
    var readMs = watch.Elapsed.TotalMilliseconds;
    var readTransactions = counter.Snapshot();
    foreach (var view in viewNames)
    {
        watch.Restart();
        var json = JsonSerializer.SerializeToUtf8Bytes(Answer(view, await data.GetAsync(CancellationToken.None)), JsonSerializerOptions.Web);
        var viewMs = watch.Elapsed.TotalMilliseconds;
        if (run > 0)
        {
            answered[view].Add(viewMs);
            bytes[view] = json.Length;
        }
    }
    if (run > 0)
    {
        // Run 0 warms up the JIT; not counted.
        reads.Add(readMs);
        foreach (var (table, count) in readTransactions)
        {
            transactions[table[prefix.Length..]] = count;
        }
    }
}
Console.WriteLine();
Console.WriteLine($"Dashboard views for the director, {reps} reps x {weeks} weeks, {runs} runs (after one warm-up):");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"  one read of the tables (once per {cacheFor.CacheDuration.TotalSeconds:F0} s, shared by every view and viewer): {string.Join(", ", transactions.OrderBy(t => t.Key).Select(t => $"{t.Key} {t.Value}"))} HTTP requests; p50 {Percentile(reads, 50):F0} ms, p95 {Percentile(reads, 95):F0} ms"));
Console.WriteLine("  view        p50 / p95 / max (from the read, serialised to JSON)   JSON");
foreach (var view in viewNames)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"  {view,-11} {Percentile(answered[view], 50),6:F2} / {Percentile(answered[view], 95),6:F2} / {answered[view].Max(),6:F2} ms                          {bytes[view] / 1024.0,6:F1} KB"));
}
var all = answered.Values.SelectMany(v => v).ToList();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  every view: p95 {Percentile(all, 95):F1} ms, max {all.Max():F1} ms (target p95 < 100 ms)"));

// Part 2: the page in Chromium, on the bot itself.
if (loads == 0)
{
    return 0;
}
var settings = new Dictionary<string, string>
{
    ["ASPNETCORE_ENVIRONMENT"] = "Development",
    ["Dashboard__LocalSignIn"] = "true",
    ["Storage__ConnectionString"] = storage,
    ["Storage__TablePrefix"] = prefix,
    ["MicrosoftAppId"] = "",
    ["Logging__LogLevel__Default"] = "Warning",
};
void Person(string path, PersonOptions person)
{
    settings[$"{path}__Name"] = person.Name;
    settings[$"{path}__Email"] = person.Email!;
}
Person("Organization__Director", organizationOptions.Director);
settings["Organization__Director__TimeZone"] = "Europe/Paris";
for (var i = 0; i < organizationOptions.Regions.Count; i++)
{
    var region = organizationOptions.Regions[i];
    settings[$"Organization__Regions__{i}__Id"] = region.Id;
    settings[$"Organization__Regions__{i}__Name"] = region.Name;
    settings[$"Organization__Regions__{i}__TimeZone"] = region.TimeZone;
    Person($"Organization__Regions__{i}__Sponsor", region.Sponsor!);
}
for (var i = 0; i < organizationOptions.BusinessUnits.Count; i++)
{
    var unit = organizationOptions.BusinessUnits[i];
    settings[$"Organization__BusinessUnits__{i}__Id"] = unit.Id;
    settings[$"Organization__BusinessUnits__{i}__Name"] = unit.Name;
    settings[$"Organization__BusinessUnits__{i}__InternationalObjective"] = unit.InternationalObjective.ToString(CultureInfo.InvariantCulture);
    Person($"Organization__BusinessUnits__{i}__Leads__0", unit.Leads[0]);
}
for (var i = 0; i < organizationOptions.Reps.Count; i++)
{
    Person($"Organization__Reps__{i}", organizationOptions.Reps[i]);
    settings[$"Organization__Reps__{i}__Region"] = organizationOptions.Reps[i].Region;
}
var port = FreePort();
// Its own empty content root: the demo roster of appsettings.Development.json stays out.
var contentRoot = Directory.CreateTempSubdirectory("dashboard-bench-").FullName;
var start = new ProcessStartInfo("dotnet", [Path.GetFullPath("Bot/bin/Release/net10.0/CoachBot.dll"), "--urls", $"http://127.0.0.1:{port}", "--contentRoot", contentRoot])
{
    RedirectStandardOutput = true,
    RedirectStandardError = true,
    WorkingDirectory = Path.GetFullPath("Bot/bin/Release/net10.0"),
};
foreach (var (key, value) in settings)
{
    start.Environment[key] = value;
}
using var bot = Process.Start(start)!;
var botOutput = new ConcurrentQueue<string>();
bot.OutputDataReceived += (_, e) => { if (e.Data is not null) botOutput.Enqueue(e.Data); };
bot.ErrorDataReceived += (_, e) => { if (e.Data is not null) botOutput.Enqueue(e.Data); };
bot.BeginOutputReadLine();
bot.BeginErrorReadLine();
try
{
    using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
    var deadline = DateTime.UtcNow.AddSeconds(60);
    while (!await HealthyAsync(http))
    {
        if (bot.HasExited || DateTime.UtcNow > deadline)
        {
            throw new InvalidOperationException("The bot did not start:\n" + string.Join('\n', botOutput));
        }
        await Task.Delay(100);
    }
    var scenarios = Enumerable.Range(0, loads).Select(i => new { name = $"load {i}", query = "?as=claire@bench.example", locale = "fr-FR" });
    var input = JsonSerializer.Serialize(new { baseUrl = http.BaseAddress.ToString(), chromium = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium", scenarios });
    var node = Process.Start(new ProcessStartInfo("node", [Path.GetFullPath("Bot.Tests/Dashboard/browser/check-dashboard.mjs"), input]) { RedirectStandardOutput = true })!;
    var output = await node.StandardOutput.ReadToEndAsync();
    await node.WaitForExitAsync();
    if (node.ExitCode != 0)
    {
        throw new InvalidOperationException("The browser run failed (see above).");
    }
    var results = JsonNode.Parse(output)!.AsArray();
    var first = results.Select(r => r!["firstChartMs"]!.GetValue<double>()).ToList();
    var settled = results.Select(r => (double)r!["settledMs"]!.GetValue<int>()).ToList();
    Console.WriteLine();
    Console.WriteLine($"The page in Chromium (the bot in Release on the same tables, local sign-in as the director, {loads} loads, each in a fresh browser context):");
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  first load (cold bot)          first chart drawn at {first[0]:F0} ms, every chart and table at {settled[0]:F0} ms"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  next loads                     first chart drawn p50 {Percentile(first[1..], 50):F0} ms, max {first[1..].Max():F0} ms (target < 1500 ms); all drawn p50 {Percentile(settled[1..], 50):F0} ms"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  console errors                 {results.Sum(r => r!["consoleErrors"]!.AsArray().Count)}"));
}
finally
{
    bot.Kill(entireProcessTree: true);
    await bot.WaitForExitAsync();
    Directory.Delete(contentRoot, recursive: true);
}
return 0;

static async Task<bool> HealthyAsync(HttpClient http)
{
    try
    {
        return (await http.GetAsync("healthz")).IsSuccessStatusCode;
    }
    catch (HttpRequestException)
    {
        return false;
    }
}

static int FreePort()
{
    var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
    listener.Start();
    var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    listener.Stop();
    return port;
}

static double Percentile(IReadOnlyList<double> values, int percentile)
{
    var sorted = values.Order().ToList();
    return sorted[Math.Clamp((int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];
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
    var delivered = !declined && acknowledged is { } ack && (i + k) % 4 == 0 ? ack.AddDays(5) : (DateTimeOffset?)null;
    var trail = new List<RequestTransition> { new(opened, rep.Id, RequestAction.Opened, RequestState.Open, RequestState.Open, null) };
    if (acknowledged is { } at)
    {
        trail.Add(new RequestTransition(at, "lead", RequestAction.Acknowledged, RequestState.Open, RequestState.Acknowledged, null));
    }
    var state = declined ? RequestState.Declined : delivered is not null ? RequestState.Delivered : acknowledged is null ? RequestState.Open : RequestState.Acknowledged;
    return new SupportRequest("", rep.Id, "", rep.RegionId!, k % 2 == 0 ? "pumps" : "automation", "Customer", "Country", NeedKind.Quotation, "Bench",
        DateOnly.FromDateTime(opened.UtcDateTime).AddDays(30), 100_000, "EUR", state,
        EscalationLevel.None, opened, acknowledged, null, declined ? opened.AddHours(5) : null, declined ? (ObjectionCategory)(i % 5) : null, delivered, null, trail, [], null);
}

/// <summary>A clock the benchmark moves on, to expire the dashboard's cache between views.</summary>
internal sealed class BenchClock : TimeProvider
{
    private DateTimeOffset _now = DateTimeOffset.UtcNow;

    public void Advance(TimeSpan by) => _now += by;

    public override DateTimeOffset GetUtcNow() => _now;
}

/// <summary>Counts every HTTP request Table Storage receives, by table (the path's first segment after the account).</summary>
internal sealed class CountingPolicy : HttpPipelineSynchronousPolicy
{
    private readonly ConcurrentDictionary<string, int> _counts = new();

    public override void OnSendingRequest(HttpMessage message)
    {
        var path = message.Request.Uri.Path.Trim('/').Split('/');
        var table = (path.Length > 1 ? path[1] : path[0]).Split('(')[0];
        _counts.AddOrUpdate(table, 1, (_, n) => n + 1);
    }

    public void Reset() => _counts.Clear();

    public IReadOnlyDictionary<string, int> Snapshot() => new Dictionary<string, int>(_counts);
}
