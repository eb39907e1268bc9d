using System.Diagnostics;
using System.Globalization;
using System.Text;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using CoachBot.Roster;
using CoachBot.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

// RosterBench [--people 2000] [--runs 5] [--lookups 1000000]   (storage: COACHBOT_BENCH_STORAGE, an Azurite connection string)
//
// With the bot's own roster code (RosterCsv, RosterEditor, RosterStore, RosterSync, Organization) on Azurite: seeds a
// small roster as configuration does, then imports a people.csv of --people people --runs times, each time a dry run
// and then the apply of a file that differs from the roster in force (validation, diff, the write of a new version
// and its history); a second instance then reads the new version as its poll would; and --lookups look-ups of
// members by object id and by e-mail on the in-memory index. Prints the figures; not a test.
var people = Option("--people", 2000);
var runs = Option("--runs", 5);
var lookups = Option("--lookups", 1_000_000);
var storage = Environment.GetEnvironmentVariable("COACHBOT_BENCH_STORAGE")
    ?? throw new InvalidOperationException("Set COACHBOT_BENCH_STORAGE to an Azurite connection string (scripts/bench-roster.sh does).");
var prefix = "bench" + Guid.NewGuid().ToString("N")[..8];

var requests = new RequestCount();
var clientOptions = new TableClientOptions();
clientOptions.AddPolicy(requests, HttpPipelinePosition.PerRetry);
var service = new TableServiceClient(storage, clientOptions);
Instance Start()
{
    var tables = new Tables(service, Options.Create(new StorageOptions { ConnectionString = storage, TablePrefix = prefix }));
    var seed = Options.Create(new OrganizationOptions
    {
        Director = new DirectorOptions { Name = "Claire Fontaine", Email = "claire@bench.example" },
        Regions = [new RegionOptions { Id = "mea", Name = "MEA", TimeZone = "Africa/Casablanca" }],
        Reps = [new RepOptions { Name = "Amina Haddad", Email = "amina@bench.example", Region = "mea" }],
    });
    var organization = new Organization(seed, NullLogger<Organization>.Instance);
    var store = new RosterStore(tables);
    var sync = new RosterSync(organization, store, seed, [new OrganizationValidator()], Options.Create(new RosterOptions()), TimeProvider.System, NullLogger<RosterSync>.Instance);
    return new Instance(organization, sync, new RosterEditor(organization, store, sync, TimeProvider.System, NullLogger<RosterEditor>.Instance));
}

var first = Start();
await first.Sync.StartAsync(CancellationToken.None);
await first.Sync.StopAsync(CancellationToken.None);

// The regions and BUs the files refer to: 8 regions, 20 BUs; applied once, as an admin would before a first import.
string[] zones = ["Africa/Casablanca", "Asia/Singapore", "America/Sao_Paulo", "Europe/Paris", "Asia/Dubai", "America/New_York", "Australia/Sydney", "Asia/Tokyo"];
var shape = RosterEdits.Copy(first.Organization.Options);
shape.Regions = zones.Select((z, i) => new RegionOptions { Id = $"r{i}", Name = $"Region {i}", TimeZone = z, Holidays = [new DateOnly(2026, 12, 25)] }).ToList();
shape.Reps = [];
shape.BusinessUnits = Enumerable.Range(0, 20).Select(i => new BusinessUnitOptions { Id = $"bu{i}", Name = $"BU {i}", InternationalObjective = 1_000_000 * (i + 1) }).ToList();
var shaped = await first.Editor.ChangeAsync(shape, new RosterAuthor("bench", "bench"), null, dryRun: false, CancellationToken.None);
Check(shaped.Outcome == RosterChangeOutcome.Applied, $"shaping the organisation: {shaped.Outcome} {string.Join("; ", shaped.Errors)}");

var dryRuns = new List<double>();
var applies = new List<double>();
var parses = new List<double>();
var applyRequests = 0;
long version = 0;
for (var run = 0; run < runs; run++)
{
    var csv = Csv(people, run);
    var parse = Stopwatch.StartNew();
    var (proposed, errors) = await RosterCsv.ReadAsync(new MemoryStream(csv), first.Organization.Options, CancellationToken.None);
    parses.Add(parse.Elapsed.TotalMilliseconds);
    Check(proposed is not null, string.Join("; ", errors));

    var dry = Stopwatch.StartNew();
    var (dryProposed, _) = await RosterCsv.ReadAsync(new MemoryStream(csv), first.Organization.Options, CancellationToken.None);
    var dryResult = await first.Editor.ChangeAsync(dryProposed!, new RosterAuthor("bench", "bench"), null, dryRun: true, CancellationToken.None);
    dryRuns.Add(dry.Elapsed.TotalMilliseconds);
    Check(dryResult.Outcome == RosterChangeOutcome.DryRun, $"dry run: {dryResult.Outcome} {string.Join("; ", dryResult.Errors)}");

    requests.Reset();
    var apply = Stopwatch.StartNew();
    var (applyProposed, _) = await RosterCsv.ReadAsync(new MemoryStream(csv), first.Organization.Options, CancellationToken.None);
    var applied = await first.Editor.ChangeAsync(applyProposed!, new RosterAuthor("bench", "bench"), null, dryRun: false, CancellationToken.None);
    applies.Add(apply.Elapsed.TotalMilliseconds);
    applyRequests = requests.Count;
    Check(applied.Outcome == RosterChangeOutcome.Applied, $"apply: {applied.Outcome} {string.Join("; ", applied.Errors)}");
    // The two admins hold no other role: recognised, but not members of the organisation.
    Check(first.Organization.Members.Count == people - 2, $"{first.Organization.Members.Count} members in force, {people} imported");
    version = applied.Version.Number;
}

// A second instance: its start reads the roster table, then a poll that finds no change is one point read.
var second = Start();
requests.Reset();
var load = Stopwatch.StartNew();
await second.Sync.StartAsync(CancellationToken.None);
await second.Sync.StopAsync(CancellationToken.None);
var loadMs = load.Elapsed.TotalMilliseconds;
var loadRequests = requests.Count;
Check(second.Organization.Version.Number == version && second.Organization.Members.Count == people - 2, "the second instance did not load the new version");
requests.Reset();
var poll = Stopwatch.StartNew();
await second.Sync.RefreshAsync(CancellationToken.None);
var pollMs = poll.Elapsed.TotalMilliseconds;
var pollRequests = requests.Count;

// Look-ups: the in-memory index the turn path uses, no storage call.
var members = second.Organization.Members;
var ids = members.Select(m => m.AadObjectId!).ToArray();
var emails = members.Select(m => m.Email!.ToUpperInvariant()).ToArray();
requests.Reset();
var found = 0;
var allocated = GC.GetAllocatedBytesForCurrentThread();
var byId = Stopwatch.StartNew();
for (var i = 0; i < lookups; i++)
{
    found += second.Organization.Find(ids[i % ids.Length], null) is null ? 0 : 1;
}
var byIdNs = byId.Elapsed.TotalNanoseconds / lookups;
var byIdBytes = (GC.GetAllocatedBytesForCurrentThread() - allocated) / (double)lookups;
var byMail = Stopwatch.StartNew();
for (var i = 0; i < lookups; i++)
{
    // These people are listed with an object id, so an e-mail never matches them: the cost of the miss path.
    found += second.Organization.Find(null, emails[i % emails.Length]) is null ? 0 : 1;
}
var byMailNs = byMail.Elapsed.TotalNanoseconds / lookups;
Check(found == lookups, $"{found} of {lookups} look-ups by object id found their member");
Check(requests.Count == 0, "a look-up called storage");

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""

    Roster benchmark: {people} people (8 regions, 20 BUs with 2 leads each, a director, 8 sponsors, 2 admins), {runs} runs, Azurite
      people.csv parse (RosterCsv)                 median {Median(parses),8:0.0} ms   max {parses.Max(),8:0.0} ms
      import, dry run (parse + validate + diff)    median {Median(dryRuns),8:0.0} ms   max {dryRuns.Max(),8:0.0} ms
      import, apply (+ write version + history)    median {Median(applies),8:0.0} ms   max {applies.Max(),8:0.0} ms   {applyRequests} storage requests
      second instance start (reads the table)      {loadMs,8:0.0} ms   {loadRequests} storage requests
      poll with no change                          {pollMs,8:0.0} ms   {pollRequests} storage request(s)
      look-up by object id                         {byIdNs,8:0.0} ns   {byIdBytes:0.0} bytes allocated each   0 storage requests
      look-up by e-mail (miss: listed by id)       {byMailNs,8:0.0} ns
      target: import (dry run and apply) under 5,000 ms: {(dryRuns.Max() < 5000 && applies.Max() < 5000 ? "met" : "NOT MET")}
    """));
return dryRuns.Max() < 5000 && applies.Max() < 5000 ? 0 : 1;

// people.csv as an HR export gives it; the run number moves a tenth of the reps to another region, so each apply changes something.
static byte[] Csv(int count, int run)
{
    var csv = new StringBuilder("Name,Email,AadObjectId,Role,Region,BusinessUnit,Language\n");
    var n = 0;
    void Line(string role, string? region, string? unit)
    {
        csv.Append(CultureInfo.InvariantCulture, $"Person {n:D4},person{n:D4}@bench.example,{new Guid(n, 0, 0, new byte[8]):D},{role},{region},{unit},{(n % 3 == 0 ? "fr" : "en")}\n");
        n++;
    }
    Line("director", null, null);
    for (var r = 0; r < 8; r++)
    {
        Line("sponsor", $"r{r}", null);
    }
    for (var b = 0; b < 40; b++)
    {
        Line("lead", null, $"bu{b / 2}");
    }
    Line("admin", null, null);
    Line("admin", null, null);
    while (n < count)
    {
        Line("rep", $"r{(n + (n % 10 == 0 ? run : 0)) % 8}", null);
    }
    return Encoding.UTF8.GetBytes(csv.ToString());
}

static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

static void Check(bool condition, string what)
{
    if (!condition)
    {
        throw new InvalidOperationException(what);
    }
}

int Option(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

internal sealed record Instance(Organization Organization, RosterSync Sync, RosterEditor Editor);

/// <summary>Counts every HTTP request to Table Storage.</summary>
internal sealed class RequestCount : HttpPipelineSynchronousPolicy
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public override void OnSendingRequest(HttpMessage message) => Interlocked.Increment(ref _count);

    public void Reset() => Volatile.Write(ref _count, 0);
}
