using System.Collections.Concurrent;
using System.Globalization;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using CoachBot.Calendar;
using CoachBot.CheckIns;
using CoachBot.Coaching;
using CoachBot.Digests;
using CoachBot.Roster;
using CoachBot.Storage;
using CoachBot.SupportRequests;
using CoachBot.SupportRequests.Escalation;
using Microsoft.Extensions.Options;

namespace CoachBot.Bench;

/// <summary>
/// The team the digest and dashboard benchmarks measure: a director, 4 regions with 2 sponsors, 2 BUs and --reps reps,
/// on Azurite tables of their own (every Table Storage request counted), with the bot's own stores, read contracts and
/// digest service. <see cref="SeedAsync"/> stores their history through those stores.
/// </summary>
internal sealed class BenchTeam
{
    private static readonly (string Id, string TimeZone)[] RegionZones =
        [("mea", "Africa/Casablanca"), ("apac", "Asia/Singapore"), ("latam", "America/Sao_Paulo"), ("europe", "Europe/Paris")];

    private BenchTeam(string storage, int reps)
    {
        Storage = storage;
        Prefix = "bench" + Guid.NewGuid().ToString("N")[..8];
        var clientOptions = new TableClientOptions();
        clientOptions.AddPolicy(Counter, HttpPipelinePosition.PerRetry);
        Tables = new Tables(new TableServiceClient(storage, clientOptions), Options.Create(new StorageOptions { ConnectionString = storage, TablePrefix = Prefix }));
        OrganizationOptions = new OrganizationOptions
        {
            Director = new DirectorOptions { Name = "Claire Fontaine", Email = "claire@bench.example" },
            Regions = RegionZones.Select((r, i) => new RegionOptions
            {
                Id = r.Id, Name = r.Id.ToUpperInvariant(), TimeZone = r.TimeZone, Holidays = [new DateOnly(2026, 12, 25)],
                Sponsor = new PersonOptions { Name = $"Sponsor {i % 2}", Email = $"sponsor{i % 2}@bench.example" },
            }).ToList(),
            BusinessUnits =
            [
                new BusinessUnitOptions { Id = "pumps", Name = "Pumps", InternationalObjective = 12_000_000, Leads = [new PersonOptions { Name = "Lead P", Email = "leadp@bench.example" }] },
                new BusinessUnitOptions { Id = "automation", Name = "Automation", InternationalObjective = 8_000_000, Leads = [new PersonOptions { Name = "Lead A", Email = "leada@bench.example" }] },
            ],
            Reps = Enumerable.Range(0, reps).Select(i => new RepOptions { Name = $"Bench Rep {i:D3}", Email = $"rep{i:D3}@bench.example", Region = RegionZones[i % RegionZones.Length].Id }).ToList(),
        };
        Organization = new Organization(Options.Create(OrganizationOptions));
        Calendar = new CheckInCalendar(Options.Create(new CheckInOptions()), Organization);
        CheckIns = new CheckInStore(Tables);
        Requests = new SupportRequestStore(Tables);
        CoachingStore = new CoachingStore(Tables);
        var (programme, problems) = ProgrammeFile.Load(Path.GetFullPath(Path.Combine("Bot", "Coaching", "programme.json")));
        Coaching = new CoachingHistory(CoachingStore, programme ?? throw new InvalidOperationException(string.Join("; ", problems)));
        BlockerThemes = new BlockerThemes(programme);
        Digests = new DigestService(Organization, CheckIns, Calendar, Requests, Coaching,
            new BusinessHours(Options.Create(new EscalationOptions()), Organization), BlockerThemes, TimeProvider.System);
        Reps = Organization.Members.Where(m => m.Has(Role.Rep)).ToList();
    }

    /// <summary>The shipped programme's blocker themes, as the bot gives them.</summary>
    public BlockerThemes BlockerThemes { get; }

    /// <summary>The Azurite connection string, and the prefix of this run's tables on it.</summary>
    public string Storage { get; }
    public string Prefix { get; }
    public OrganizationOptions OrganizationOptions { get; }
    public CountingPolicy Counter { get; } = new();
    public Tables Tables { get; }
    public Organization Organization { get; }
    public CheckInCalendar Calendar { get; }
    public CheckInStore CheckIns { get; }
    public SupportRequestStore Requests { get; }
    public CoachingStore CoachingStore { get; }
    public CoachingHistory Coaching { get; }
    public DigestService Digests { get; }
    public IReadOnlyList<RosterMember> Reps { get; }
    public DateTimeOffset Now { get; } = DateTimeOffset.UtcNow;
    public IsoWeek ThisWeek => IsoWeek.Of(DateOnly.FromDateTime(Now.UtcDateTime));

    /// <summary>The team on the Azurite of <c>COACHBOT_BENCH_STORAGE</c> (<paramref name="script"/> sets it).</summary>
    public static BenchTeam Create(int reps, string script) => new(
        Environment.GetEnvironmentVariable("COACHBOT_BENCH_STORAGE")
            ?? throw new InvalidOperationException($"Set COACHBOT_BENCH_STORAGE to an Azurite connection string ({script} does)."),
        reps);

    /// <summary>
    /// Every rep's check-ins for the weeks <paramref name="weeksBack"/> before this one (<paramref name="answered"/> says
    /// which of them, by week and rep index) <paramref name="parallelism"/> at a time, 3 support requests per rep one at a
    /// time (the store numbers them; with <paramref name="deliveries"/>, one acknowledged request in four is delivered five
    /// days later), 6 coaching answers per rep 16 at a time; all through the bot's stores.
    /// </summary>
    public async Task<(int CheckIns, int Requests, int Answers)> SeedAsync(IEnumerable<int> weeksBack, Func<int, int, bool> answered, int parallelism, bool deliveries)
    {
        var work = Reps.SelectMany((rep, i) => weeksBack.Where(w => answered(w, i)).Select(w => (rep, i, week: ThisWeek.Plus(-w)))).ToList();
        await Parallel.ForEachAsync(work, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (item, token) =>
        {
            var workingDays = Calendar.WorkingDays(item.rep.RegionId!, item.week).Count;
            var answer = new CheckInAnswer(4, Math.Min(workingDays, (item.i + item.week.Week) % 5), 3, "Bench customer", "", "", 3, false);
            await CheckIns.TryAddAsync(item.rep.Id, new WeeklyCheckIn(item.week, answer, workingDays, Now, 1), token);
        });
        foreach (var (rep, i) in Reps.Select((rep, i) => (rep, i)))
        {
            for (var k = 0; k < 3; k++)
            {
                await Requests.AddAsync(Request(rep, i, k, Now, deliveries), CancellationToken.None);
            }
        }
        var answers = Reps.SelectMany((rep, i) => Enumerable.Range(0, 6).Select(k => new CoachingRecord(
            rep.Id, ThisWeek.Plus(-k), "rep", $"p{k}", "planning", "behavioural", new SelectionReason(SelectionReason.Programme), Now.AddDays(-7 * k),
            (k + i) % 3 == 0 ? CoachingOutcome.Sent : CoachingOutcome.Done, Now.AddDays(-7 * k + 1), null, k % 2 == 0 ? "Call two prospects" : null))).ToList();
        await Parallel.ForEachAsync(answers, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (answer, token) => await CoachingStore.TryAddAsync(answer, token));
        return (work.Count, Reps.Count * 3, answers.Count);
    }

    /// <summary>The integer after <paramref name="name"/> on the command line, else <paramref name="fallback"/>.</summary>
    public static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static SupportRequest Request(RosterMember rep, int i, int k, DateTimeOffset now, bool deliveries)
    {
        var opened = now.AddDays(-(i + k * 7) % 50).AddHours(-k);
        var acknowledged = (i + k) % 3 == 0 ? (DateTimeOffset?)null : opened.AddHours(3 + (i % 40));
        var declined = (i + k) % 7 == 0;
        var delivered = deliveries && !declined && acknowledged is { } ack && (i + k) % 4 == 0 ? ack.AddDays(5) : (DateTimeOffset?)null;
        var state = declined ? RequestState.Declined : delivered is not null ? RequestState.Delivered : acknowledged is null ? RequestState.Open : RequestState.Acknowledged;
        var trail = new List<RequestTransition> { new(opened, rep.Id, RequestAction.Opened, RequestState.Open, RequestState.Open, null) };
        if (acknowledged is { } at)
        {
            trail.Add(new RequestTransition(at, "lead", RequestAction.Acknowledged, RequestState.Open, RequestState.Acknowledged, null));
        }
        var asked = new RequestAnswer(k % 2 == 0 ? "pumps" : "automation", "Customer", "Country", NeedKind.Quotation, "Bench",
            DateOnly.FromDateTime(opened.UtcDateTime).AddDays(30), 100_000, "EUR");
        return new SupportRequest(new SupportRequestSnapshot("", rep.Id, rep.RegionId!, asked, state,
            EscalationLevel.None, opened, acknowledged, null, declined ? opened.AddHours(5) : null, declined ? (ObjectionCategory)(i % 5) : null, delivered, null, trail), "", [], null);
    }
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
