using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Azure.Data.Tables;

namespace CoachBot.Bench.Turns;

/// <summary>Part 1, per bot: a closed loop of `help` turns.</summary>
internal sealed record Throughput(
    string Bot, double RequestsPerSecond, double P50Ms, double P99Ms, int Measured, int Requests, int NotOk,
    int AnsweredOnce, int Missing, int Extra, int Apologies, double CpuMsPerTurn, double AzuriteCpuMsPerTurn, long RssKb, long PeakKb)
{
    public bool CountsRight => NotOk == 0 && Missing == 0 && Extra == 0 && Apologies == 0 && AnsweredOnce == Requests;
}

/// <summary>Part 2, per burst: how every message of it was answered.</summary>
internal sealed record Burst(
    string Name, int Messages, int NotOk, int AnsweredOnce, int Missing, int Extra, int Apologies, double P50Ms, double MaxMs, int Members, int ReferencesStored)
{
    public bool CountsRight => NotOk == 0 && Missing == 0 && Extra == 0 && Apologies == 0 && AnsweredOnce == Messages && ReferencesStored == Members;
}

/// <summary>Part 3: a `help` while Table Storage is frozen.</summary>
internal sealed record Frozen(double HttpSeconds, HttpStatusCode Status, double? AnswerSeconds, string Answer, double? AfterThawSeconds, string AfterThawAnswer);

internal static class Orchestrator
{
    private const int Connections = 16;
    private const string AzuriteKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    // On the demo roster (appsettings.Development.json), a rep in English.
    private static readonly Member WeiLin = new("Wei Lin", "00000000-0000-0000-0000-0000000000a3");

    public static async Task<int> RunAsync(string[] args)
    {
        var storage = Environment.GetEnvironmentVariable("COACHBOT_BENCH_STORAGE");
        if (string.IsNullOrWhiteSpace(storage))
        {
            Console.Error.WriteLine("Set COACHBOT_BENCH_STORAGE to an Azurite connection string (scripts/bench-turns.sh does).");
            return 2;
        }
        var warmup = TimeSpan.FromSeconds(Option(args, "--warmup", 5));
        var window = TimeSpan.FromSeconds(Option(args, "--window", 20));
        // The script's Azurite, for its CPU per turn; optional.
        var azuritePid = int.TryParse(Environment.GetEnvironmentVariable("COACHBOT_BENCH_AZURITE_PID"), out var pid) ? pid : (int?)null;
        var root = RepositoryRoot();
        var botDll = Path.Combine(root, "Bot", "bin", "Release", "net10.0", "CoachBot.dll");
        if (!File.Exists(botDll))
        {
            Console.Error.WriteLine($"{botDll} is missing: build Release first (scripts/bench-turns.sh does).");
            return 2;
        }

        await using var connector = await Connector.StartAsync();
        var run = Guid.NewGuid().ToString("N")[..6];
        Console.WriteLine($"connector {connector.ServiceUrl}; tables turns{run}*; warm-up {warmup.TotalSeconds:F0} s, window {window.TotalSeconds:F0} s, {Connections} connections");

        // 1. Reply turns: CoachBot, then the bare SDK answering the card CoachBot sent, same load.
        Console.WriteLine("== 1. reply turns: CoachBot");
        Throughput coachBot;
        using (var bot = await StartCoachBotAsync(botDll, storage, $"turns{run}a", new Dictionary<string, string>()))
        {
            coachBot = await MeasureAsync("CoachBot", bot.Child, bot.Url, connector, warmup, window, azuritePid);
        }
        if (connector.FirstCardBody is not { } cardBody || JsonNode.Parse(cardBody)?["attachments"]?[0]?["content"] is not { } card)
        {
            Console.Error.WriteLine("CoachBot sent no card: nothing to give the bare bot.");
            return 1;
        }
        var cardFolder = Directory.CreateTempSubdirectory("turnbench-").FullName;
        var cardFile = Path.Combine(cardFolder, "help-card.json");
        await File.WriteAllTextAsync(cardFile, card.ToJsonString());
        Console.WriteLine("== 1. reply turns: bare SDK 4.23.1");
        Throughput bare;
        try
        {
            var port = Child.FreePort();
            using var bareBot = Child.StartSelf("bare", ["bare", cardFile], new Dictionary<string, string>
            {
                ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                // As CoachBot runs here: the SDK logs three Information lines per turn.
                ["Logging__LogLevel__Default"] = "Warning",
            });
            var url = new Uri($"http://127.0.0.1:{port}/");
            await WaitUntilUpAsync(bareBot, new Uri(url, "healthz"));
            bare = await MeasureAsync("bare SDK", bareBot, url, connector, warmup, window, azuritePid: null);
        }
        finally
        {
            Directory.Delete(cardFolder, recursive: true);
        }

        // 2. Bursts against a fresh process: one member's 200 messages at once, then 50 new members' 4 each.
        Console.WriteLine("== 2. concurrency: a fresh CoachBot, 50 generated reps added to the demo roster");
        var reps = Enumerable.Range(0, 50).Select(i => new Member($"Bench Rep {i}", $"00000000-0000-4000-8000-{i:D12}")).ToList();
        var roster = new Dictionary<string, string>();
        for (var i = 0; i < reps.Count; i++)
        {
            // After the demo's four reps (indexes 0-3), which configuration keeps: Wei Lin stays on the roster.
            var at = $"Organization__Reps__{4 + i}__";
            roster[at + "Name"] = reps[i].Name;
            roster[at + "AadObjectId"] = reps[i].AadObjectId;
            roster[at + "Region"] = "mea";
        }
        var bursts = new List<Burst>();
        long burstRss, burstPeak;
        var prefix = $"turns{run}b";
        using (var bot = await StartCoachBotAsync(botDll, storage, prefix, roster))
        using (var load = new Load(bot.Url, connections: 1000, TimeSpan.FromSeconds(60)))
        {
            var references = new TableClient(storage, prefix + "ConversationReferences");
            var one = Load.Template(WeiLin, connector.ServiceUrl, "help");
            bursts.Add(await BurstAsync("200 at once, one member", load, connector, Enumerable.Repeat(one, 200).ToList(), [WeiLin], references));
            var many = reps.SelectMany(r => Enumerable.Repeat(Load.Template(r, connector.ServiceUrl, "help"), 4)).ToList();
            bursts.Add(await BurstAsync("50 new members x 4 at once", load, connector, many, reps, references));
            (burstRss, burstPeak) = bot.Child.Memory();
        }

        // 3. Table Storage frozen (SIGSTOP) under a warm bot: how long until the user hears back.
        Console.WriteLine("== 3. frozen storage: a CoachBot on an Azurite of its own, stopped with SIGSTOP");
        var frozen = await FrozenAsync(root, botDll, $"turns{run}c", connector);

        return Print(coachBot, bare, bursts, burstRss, burstPeak, frozen) ? 0 : 1;
    }

    private static async Task<Throughput> MeasureAsync(string name, Child bot, Uri url, Connector connector, TimeSpan warmup, TimeSpan window, int? azuritePid)
    {
        using var load = new Load(url, Connections, TimeSpan.FromSeconds(30));
        var template = Load.Template(WeiLin, connector.ServiceUrl, "help");
        // The first turn alone: it creates the tables and stores the member's reference; the loop measures the turns after.
        var first = await load.SendAsync(template);

        // CPU is sampled when the window opens and when the loop ends (its last turns are in flight then: a few out of thousands).
        var loopStart = Stopwatch.GetTimestamp();
        var atWindow = Task.Run(async () =>
        {
            await Task.Delay(warmup);
            return (Bot: bot.CpuTime, Azurite: AzuriteCpu(azuritePid));
        });
        var sent = await load.ClosedLoopAsync(template, Connections, warmup + window);
        var (botCpuEnd, azuriteCpuEnd) = (bot.CpuTime, AzuriteCpu(azuritePid));
        var (botCpuWindow, azuriteCpuWindow) = await atWindow;

        var windowStart = loopStart + Ticks(warmup);
        var windowEnd = windowStart + Ticks(window);
        var measured = sent.Where(s => s.EndedAt >= windowStart && s.EndedAt < windowEnd).ToList();
        var all = sent.Prepend(first).ToList();
        await connector.WaitForAnswersAsync(all.Select(s => s.ActivityId), TimeSpan.FromSeconds(15));
        await Task.Delay(500); // late duplicates
        var (rss, peak) = bot.Memory();
        var (once, missing, extra, apologies) = Count(connector, all);
        var latencies = measured.Select(s => s.Latency.TotalMilliseconds).Order().ToArray();
        var result = new Throughput(
            name,
            measured.Count / window.TotalSeconds,
            Percentile(latencies, 0.50),
            Percentile(latencies, 0.99),
            measured.Count,
            all.Count,
            all.Count(s => s.Status != HttpStatusCode.OK),
            once, missing, extra, apologies,
            (botCpuEnd - botCpuWindow).TotalMilliseconds / Math.Max(1, measured.Count),
            azuritePid is null ? double.NaN : (azuriteCpuEnd - azuriteCpuWindow).TotalMilliseconds / Math.Max(1, measured.Count),
            rss, peak);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"   {name}: {result.RequestsPerSecond:F1} req/s, p50 {result.P50Ms:F1} ms, p99 {result.P99Ms:F1} ms; {all.Count} requests, {once} answered once, {missing} missing, {apologies} apologies; VmRSS {rss / 1024} MB"));
        return result;
    }

    private static async Task<Burst> BurstAsync(string name, Load load, Connector connector, List<string> templates, IReadOnlyList<Member> members, TableClient references)
    {
        var sent = await load.BurstAsync(templates);
        await connector.WaitForAnswersAsync(sent.Select(s => s.ActivityId), TimeSpan.FromSeconds(20));
        await Task.Delay(1000); // a late second answer (an apology after the card) still counts
        var (once, missing, extra, apologies) = Count(connector, sent);
        var stored = 0;
        foreach (var member in members)
        {
            var entity = await references.GetEntityIfExistsAsync<TableEntity>(Guid.Parse(member.AadObjectId).ToString("D"), "personal");
            if (entity.HasValue && entity.Value!.GetBoolean("Active") == true && entity.Value.GetString("ConversationId") == member.ConversationId)
            {
                stored++;
            }
        }
        var latencies = sent.Select(s => s.Latency.TotalMilliseconds).Order().ToArray();
        var result = new Burst(name, sent.Length, sent.Count(s => s.Status != HttpStatusCode.OK), once, missing, extra, apologies,
            Percentile(latencies, 0.5), latencies.LastOrDefault(), members.Count, stored);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"   {name}: {sent.Length} messages, {result.NotOk} not 200, {once} answered once with the card, {missing} unanswered, {extra} extra answers, {apologies} apologies; references {stored}/{members.Count}; slowest {result.MaxMs:F0} ms"));
        return result;
    }

    private static async Task<Frozen> FrozenAsync(string root, string botDll, string prefix, Connector connector)
    {
        var port = Child.FreePort();
        using var azurite = Child.Start("azurite", "node",
            [Path.Combine(root, "node_modules", "azurite", "dist", "src", "table", "main.js"), "--tableHost", "127.0.0.1", "--tablePort", port.ToString(CultureInfo.InvariantCulture), "--inMemoryPersistence", "--disableTelemetry", "--silent"],
            new Dictionary<string, string>(), root);
        await WaitUntilUpAsync(azurite, new Uri($"http://127.0.0.1:{port}/devstoreaccount1/Tables"), anyStatus: true);
        var storage = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AzuriteKey};TableEndpoint=http://127.0.0.1:{port}/devstoreaccount1;";
        using var bot = await StartCoachBotAsync(botDll, storage, prefix, new Dictionary<string, string>());
        using var load = new Load(bot.Url, 4, TimeSpan.FromSeconds(90));
        var template = Load.Template(WeiLin, connector.ServiceUrl, "help");
        var warm = await load.SendAsync(template);
        await connector.WaitForAnswersAsync([warm.ActivityId], TimeSpan.FromSeconds(10));
        Console.WriteLine($"   warm-up: {Kind(connector, warm.ActivityId)} in {warm.Latency.TotalMilliseconds:F0} ms; SIGSTOP Azurite (pid {azurite.Pid})");

        azurite.Signal(Child.SigStop);
        Sent frozen;
        try
        {
            frozen = await load.SendAsync(template);
            await connector.WaitForAnswersAsync([frozen.ActivityId], TimeSpan.FromSeconds(30));
        }
        finally
        {
            azurite.Signal(Child.SigCont);
        }
        var answer = connector.ByReplyTo.TryGetValue(frozen.ActivityId, out var a) && a.FirstAt != 0 ? a : null;
        double? answerSeconds = answer is null ? null : Stopwatch.GetElapsedTime(frozen.StartedAt, answer.FirstAt).TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"   frozen: HTTP {(int)frozen.Status} after {frozen.Latency.TotalSeconds:F2} s; answer ({Kind(connector, frozen.ActivityId)}) after {answerSeconds?.ToString("F2", CultureInfo.InvariantCulture) ?? "-"} s; SIGCONT"));

        // And once it thaws, the next message is answered normally again.
        var thawed = await load.SendAsync(template);
        await connector.WaitForAnswersAsync([thawed.ActivityId], TimeSpan.FromSeconds(15));
        double? thawSeconds = connector.ByReplyTo.TryGetValue(thawed.ActivityId, out var t) && t.FirstAt != 0 ? Stopwatch.GetElapsedTime(thawed.StartedAt, t.FirstAt).TotalSeconds : null;
        return new Frozen(frozen.Latency.TotalSeconds, frozen.Status, answerSeconds, Kind(connector, frozen.ActivityId), thawSeconds, Kind(connector, thawed.ActivityId));
    }

    private static string Kind(Connector connector, string activityId) =>
        !connector.ByReplyTo.TryGetValue(activityId, out var a) || a.FirstAt == 0 ? "none"
        : string.Join("+", new[] { (a.Cards, "card"), (a.Apologies, "apology"), (a.Other, "other") }.Where(k => k.Item1 > 0).Select(k => k.Item1 == 1 ? k.Item2 : $"{k.Item1} x {k.Item2}"));

    /// <summary>Per request: answered once with the card; not answered at all; answers beyond one; apologies.</summary>
    private static (int Once, int Missing, int Extra, int Apologies) Count(Connector connector, IEnumerable<Sent> sent)
    {
        int once = 0, missing = 0, extra = 0, apologies = 0;
        foreach (var s in sent)
        {
            if (!connector.ByReplyTo.TryGetValue(s.ActivityId, out var a))
            {
                missing++;
                continue;
            }
            var total = a.Cards + a.Apologies + a.Other;
            once += a is { Cards: 1, Apologies: 0, Other: 0 } ? 1 : 0;
            missing += total == 0 ? 1 : 0;
            extra += Math.Max(0, total - 1);
            apologies += a.Apologies;
        }
        return (once, missing, extra, apologies);
    }

    private sealed record RunningBot(Child Child, Uri Url) : IDisposable
    {
        public void Dispose() => Child.Dispose();
    }

    /// <summary>The service itself, as `dotnet CoachBot.dll` from its output folder, on a fresh table prefix.</summary>
    private static async Task<RunningBot> StartCoachBotAsync(string botDll, string storage, string prefix, IReadOnlyDictionary<string, string> settings)
    {
        var port = Child.FreePort();
        var environment = new Dictionary<string, string>(settings)
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["Storage__ConnectionString"] = storage,
            ["Storage__TablePrefix"] = prefix,
            ["Logging__LogLevel__Default"] = "Warning",
        };
        var child = Child.Start("coachbot", "dotnet", [botDll], environment, Path.GetDirectoryName(botDll));
        try
        {
            var url = new Uri($"http://127.0.0.1:{port}/");
            await WaitUntilUpAsync(child, new Uri(url, "healthz"));
            return new RunningBot(child, url);
        }
        catch
        {
            child.Dispose();
            throw;
        }
    }

    private static async Task WaitUntilUpAsync(Child child, Uri url, bool anyStatus = false)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (child.HasExited)
            {
                throw new InvalidOperationException($"The process behind {url} exited before it answered.");
            }
            try
            {
                using var response = await http.GetAsync(url);
                if (anyStatus || response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"{url} did not answer within 60 s.");
    }

    private static TimeSpan AzuriteCpu(int? pid)
    {
        if (pid is not { } id)
        {
            return TimeSpan.Zero;
        }
        try
        {
            using var process = Process.GetProcessById(id);
            return process.TotalProcessorTime;
        }
        catch (ArgumentException)
        {
            return TimeSpan.Zero;
        }
    }

    private static bool Print(Throughput coachBot, Throughput bare, List<Burst> bursts, long burstRss, long burstPeak, Frozen frozen)
    {
        var ratio = coachBot.RequestsPerSecond / Math.Max(0.001, bare.RequestsPerSecond);
        var lines = new List<string>
        {
            "",
            "| reply turns (`help`, 16 connections) | req/s | p50 ms | p99 ms | requests | not 200 | answered once | missing | extra | apologies | bot CPU ms/turn | Azurite CPU ms/turn | VmRSS MB | VmHWM MB |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        };
        foreach (var t in new[] { coachBot, bare })
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"| {t.Bot} | {t.RequestsPerSecond:F1} | {t.P50Ms:F1} | {t.P99Ms:F1} | {t.Requests} | {t.NotOk} | {t.AnsweredOnce} | {t.Missing} | {t.Extra} | {t.Apologies} | {t.CpuMsPerTurn:F2} | {(double.IsNaN(t.AzuriteCpuMsPerTurn) ? "-" : t.AzuriteCpuMsPerTurn.ToString("F2", CultureInfo.InvariantCulture))} | {t.RssKb / 1024} | {t.PeakKb / 1024} |"));
        }
        lines.Add("");
        lines.Add("| burst (`help`, all at once) | messages | not 200 | answered once | missing | extra | apologies | p50 ms | slowest ms | references stored |");
        lines.Add("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var b in bursts)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"| {b.Name} | {b.Messages} | {b.NotOk} | {b.AnsweredOnce} | {b.Missing} | {b.Extra} | {b.Apologies} | {b.P50Ms:F0} | {b.MaxMs:F0} | {b.ReferencesStored}/{b.Members} |"));
        }
        lines.Add("");
        var burstsRight = bursts.All(b => b.CountsRight);
        var heard = frozen.AnswerSeconds is { } s ? Math.Max(s, frozen.HttpSeconds) : (double?)null;
        lines.Add("| goal | measured | met |");
        lines.Add("|---|---|---|");
        lines.Add(string.Create(CultureInfo.InvariantCulture,
            $"| reply turn ≥ 1.5 × bare SDK req/s | {coachBot.RequestsPerSecond:F1} / {bare.RequestsPerSecond:F1} = **{ratio:F2}** | {Met(ratio >= 1.5)} |"));
        lines.Add($"| bursts: every message answered once, 0 apologies, every reference stored | {(burstsRight ? "yes" : "no")} | {Met(burstsRight)} |");
        lines.Add(string.Create(CultureInfo.InvariantCulture,
            $"| RSS after the bursts ≤ 300 MB | VmRSS {burstRss / 1024} MB (VmHWM {burstPeak / 1024} MB) | {Met(burstRss <= 300 * 1024)} |"));
        lines.Add(string.Create(CultureInfo.InvariantCulture,
            $"| storage frozen: the user hears back within 10 s | HTTP {(int)frozen.Status} after {frozen.HttpSeconds:F2} s, answer ({frozen.Answer}) after {frozen.AnswerSeconds?.ToString("F2", CultureInfo.InvariantCulture) ?? "never"} s | {Met(heard <= 10)} |"));
        lines.Add(string.Create(CultureInfo.InvariantCulture,
            $"| after SIGCONT, the next `help` | answer ({frozen.AfterThawAnswer}) after {frozen.AfterThawSeconds?.ToString("F2", CultureInfo.InvariantCulture) ?? "never"} s | {Met(frozen.AfterThawAnswer == "card")} |"));
        foreach (var line in lines)
        {
            Console.WriteLine(line);
        }

        // The exit code is about counts, not goals: a missing answer, an answer twice, an apology where none is allowed.
        var countsRight = coachBot.CountsRight && bare.CountsRight && burstsRight && frozen.Answer != "none";
        Console.WriteLine();
        Console.WriteLine(countsRight ? "counts: all right" : "counts: WRONG (see the tables above)");
        return countsRight;

        static string Met(bool met) => met ? "met" : "**missed**";
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

    private static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CoachBot.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("CoachBot.sln not found above " + AppContext.BaseDirectory);
    }
}
