using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CoachBot.Bench;
using CoachBot.Dashboard;
using CoachBot.Roster;
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
var reps = BenchTeam.Option(args, "--reps", 200);
var weeks = BenchTeam.Option(args, "--weeks", 52);
var runs = BenchTeam.Option(args, "--runs", 40);
var loads = BenchTeam.Option(args, "--loads", 8);
var team = BenchTeam.Create(reps, "scripts/bench-dashboard.sh");
var (counter, storage, prefix, organizationOptions, organization) = (team.Counter, team.Storage, team.Prefix, team.OrganizationOptions, team.Organization);
var (calendar, store, requestStore, coaching, digests, repMembers) = (team.Calendar, team.CheckIns, team.Requests, team.Coaching, team.Digests, team.Reps);

var seeding = Stopwatch.StartNew();
// Every rep, every week but one in seven (an unanswered week: a gap), through the bot's store, 32 at a time.
var seeded = await team.SeedAsync(Enumerable.Range(0, weeks), (w, i) => (w + i) % 7 != 3, parallelism: 32, deliveries: true);
Console.WriteLine($"Seeded {seeded.CheckIns:N0} check-ins ({reps} reps x {weeks} weeks, one week in seven unanswered), {seeded.Requests:N0} requests and {seeded.Answers:N0} coaching answers in {seeding.Elapsed.TotalSeconds:F1} s; tables {prefix}*");

// Part 1: the views in process.
var cacheFor = new DashboardOptions { CacheDuration = TimeSpan.FromSeconds(30) };
var clock = new BenchClock();
var data = new DashboardData(organization, store, calendar, digests, requestStore, coaching, Options.Create(cacheFor), clock);
var views = new DashboardViews(organization, digests, data, team.BlockerThemes);
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
Person("Organization__Director", organizationOptions.Director!);
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

/// <summary>A clock the benchmark moves on, to expire the dashboard's cache between views.</summary>
internal sealed class BenchClock : TimeProvider
{
    private DateTimeOffset _now = DateTimeOffset.UtcNow;

    public void Advance(TimeSpan by) => _now += by;

    public override DateTimeOffset GetUtcNow() => _now;
}
