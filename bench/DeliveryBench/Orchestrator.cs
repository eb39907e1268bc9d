using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;
using CoachBot.Storage;
using Microsoft.Extensions.Options;

namespace CoachBot.Bench.Delivery;

/// <summary>A benchmark scenario: how many recipients, the rate the engine is allowed, how the connector behaves.</summary>
internal sealed record Scenario(
    string Name,
    string Description,
    int Recipients,
    int TenantPerSecond,
    ConnectorBehaviour Connector,
    bool KillHalfway = false,
    IReadOnlyDictionary<string, string>? Settings = null);

/// <summary>What one scenario measured.</summary>
internal sealed record Figures(
    Scenario Scenario,
    TimeSpan CampaignTime,
    TimeSpan AcceptingSpan,
    TimeSpan ProcessTime,
    long Delivered,
    long Distinct,
    long Duplicates,
    long Missing,
    long PeakKb,
    long Throttled429,
    long BadGateways502,
    int PossibleDuplicates,
    int Failed,
    int Runs,
    double WorkerCpuSeconds)
{
    public double Floor => (double)Scenario.Recipients / Scenario.TenantPerSecond;
    public double RatioToFloor => CampaignTime.TotalSeconds / Floor;
    public double SendsPerSecond => Delivered / Math.Max(0.001, AcceptingSpan.TotalSeconds);
    public double RatioToAllowed => SendsPerSecond / Scenario.TenantPerSecond;
}

internal static class Orchestrator
{
    public static async Task<int> RunAsync(string[] args)
    {
        var storage = Environment.GetEnvironmentVariable("COACHBOT_BENCH_STORAGE");
        if (string.IsNullOrWhiteSpace(storage))
        {
            Console.Error.WriteLine("Set COACHBOT_BENCH_STORAGE to an Azurite connection string (scripts/bench-delivery.sh does).");
            return 2;
        }
        var which = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "all";
        var recipients = 10_000;
        var at = Array.IndexOf(args, "--recipients");
        if (at >= 0 && at + 1 < args.Length)
        {
            recipients = int.Parse(args[at + 1], CultureInfo.InvariantCulture);
        }

        var scenarios = Scenarios(recipients).Where(s => which == "all" || s.Name == which).ToList();
        if (scenarios.Count == 0)
        {
            Console.Error.WriteLine($"No scenario named '{which}'. Scenarios: {string.Join(", ", Scenarios(recipients).Select(s => s.Name))}, all.");
            return 2;
        }

        // One connector and one set of conversation references (they point at it) for every scenario; each scenario
        // resets the connector and runs a campaign of its own.
        await using var connector = await TeamsConnector.StartAsync(scenarios[0].Connector);
        var prefix = "bench" + Guid.NewGuid().ToString("N")[..8];
        var tables = new Tables(new TableServiceClient(storage), Options.Create(new StorageOptions { ConnectionString = storage, TablePrefix = prefix }));
        var seeding = Stopwatch.StartNew();
        await Seed.ReferencesAsync(tables, connector.ServiceUrl, recipients);
        Console.WriteLine($"seeded {recipients:N0} conversation references in {seeding.Elapsed.TotalSeconds:F1} s (tables {prefix}*)");

        var figures = new List<Figures>();
        foreach (var scenario in scenarios)
        {
            Console.WriteLine($"== {scenario.Name}: {scenario.Description}");
            connector.Reset(scenario.Connector);
            figures.Add(await RunScenarioAsync(scenario, connector, storage, prefix));
        }
        Print(figures);
        // Nothing may be missing. Duplicates only where a crash can cause them, and no more than the engine counted.
        return figures.All(f => f.Missing == 0 && f.Duplicates <= (f.Scenario.KillHalfway ? f.PossibleDuplicates : 0)) ? 0 : 1;
    }

    private static IEnumerable<Scenario> Scenarios(int recipients)
    {
        yield return new Scenario("teams50", $"{recipients:N0} recipients, Teams' 50/s per tenant and 7/s per conversation",
            recipients, 50, new ConnectorBehaviour(TenantPerSecond: 50));
        yield return new Scenario("fast1000", $"{recipients:N0} recipients, connector and engine allowed 1,000/s",
            recipients, 1000, new ConnectorBehaviour(TenantPerSecond: 1000));
        yield return new Scenario("faults", $"{recipients:N0} recipients at 50/s; 5 % of sends answered 502; 2 s of 429 every 20 s (half with Retry-After)",
            recipients, 50, new ConnectorBehaviour(TenantPerSecond: 50, BadGatewayRate: 0.05, ThrottleBurstEvery: TimeSpan.FromSeconds(20), ThrottleBurstLength: TimeSpan.FromSeconds(2)));
        yield return new Scenario("kill", $"{recipients:N0} recipients at 50/s; the worker is killed (SIGKILL) halfway and started again",
            recipients, 50, new ConnectorBehaviour(TenantPerSecond: 50), KillHalfway: true,
            // Short claim timeout so the restarted worker takes over the dead one's claims within the run.
            Settings: new Dictionary<string, string>
            {
                ["Delivery__ClaimTimeout"] = "00:00:30",
                ["Delivery__SendTimeout"] = "00:00:02",
                ["Delivery__MaxRetryDelay"] = "00:00:02",
            });
    }

    private static async Task<Figures> RunScenarioAsync(Scenario scenario, TeamsConnector connector, string storage, string prefix)
    {
        var campaignId = $"bench/{scenario.Name}/{Guid.NewGuid():N}";
        var environment = new Dictionary<string, string>
        {
            ["Storage__ConnectionString"] = storage,
            ["Storage__TablePrefix"] = prefix,
            ["Delivery__TenantSendsPerSecond"] = scenario.TenantPerSecond.ToString(CultureInfo.InvariantCulture),
            // The SDK logs three Information lines per send under the adapter's category; the bench keeps the engine's own lines.
            ["Logging__LogLevel__CoachBot.Teams.Delivery.ProactiveAdapter"] = "Warning",
            ["DOTNET_gcServer"] = Environment.GetEnvironmentVariable("BENCH_WORKER_GCSERVER") ?? "1",
        };
        foreach (var (key, value) in scenario.Settings ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        var results = new List<WorkerResult>();
        long peakKb = 0;
        var runs = 0;
        var total = Stopwatch.StartNew();
        var campaignTime = TimeSpan.Zero;
        var killAt = scenario.KillHalfway ? scenario.Recipients / 2 : long.MaxValue;
        while (true)
        {
            runs++;
            var run = await RunWorkerAsync(campaignId, scenario.Recipients, environment, () => connector.Accepted >= killAt);
            peakKb = Math.Max(peakKb, run.PeakKb);
            if (run.Result is { } result)
            {
                results.Add(result);
                campaignTime += result.Campaign.Elapsed;
                break;
            }
            if (!run.Killed || runs > 3)
            {
                throw new InvalidOperationException($"The worker exited with {run.ExitCode} and no result.");
            }
            Console.WriteLine($"   worker killed (SIGKILL) after {connector.Accepted:N0} accepted sends; starting it again");
            killAt = long.MaxValue;
            campaignTime += run.Elapsed;
        }

        var distinct = connector.AcceptedPerConversation.Count;
        var delivered = connector.AcceptedPerConversation.Values.Sum(v => (long)v);
        return new Figures(
            scenario,
            campaignTime,
            connector.AcceptingSpan,
            total.Elapsed,
            delivered,
            distinct,
            delivered - distinct,
            scenario.Recipients - distinct,
            peakKb,
            connector.Throttled,
            connector.BadGateways,
            results.Sum(r => r.Campaign.PossibleDuplicates),
            results.Sum(r => r.Campaign.Failed),
            runs,
            results.Sum(r => r.CpuSeconds));
    }

    private sealed record WorkerRun(WorkerResult? Result, long PeakKb, bool Killed, int ExitCode, TimeSpan Elapsed);

    private static async Task<WorkerRun> RunWorkerAsync(string campaignId, int recipients, Dictionary<string, string> environment, Func<bool> killNow)
    {
        var start = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Started as `dotnet DeliveryBench.dll worker ...` or as the apphost, whichever this process is.
        var self = Environment.ProcessPath!;
        start.FileName = self;
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.ArgumentList.Add(typeof(Orchestrator).Assembly.Location);
        }
        start.ArgumentList.Add("worker");
        start.ArgumentList.Add(campaignId);
        start.ArgumentList.Add(recipients.ToString(CultureInfo.InvariantCulture));
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the worker.");
        WorkerResult? result = null;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }
            if (e.Data.StartsWith(Worker.ResultPrefix, StringComparison.Ordinal))
            {
                result = JsonSerializer.Deserialize<WorkerResult>(e.Data[Worker.ResultPrefix.Length..]);
            }
            else
            {
                Console.WriteLine("   [worker] " + e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Console.WriteLine("   [worker!] " + e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        long peakKb = 0;
        var killed = false;
        while (!process.HasExited)
        {
            peakKb = Math.Max(peakKb, PeakMemory.OfProcessKb(process.Id));
            if (!killed && killNow())
            {
                process.Kill(entireProcessTree: false); // SIGKILL on Linux: no shutdown, no finally blocks.
                killed = true;
            }
            await Task.Delay(100);
        }
        await process.WaitForExitAsync();
        peakKb = Math.Max(peakKb, result?.PeakKb ?? 0);
        return new WorkerRun(result, peakKb, killed, process.ExitCode, watch.Elapsed);
    }

    private static void Print(List<Figures> figures)
    {
        Console.WriteLine();
        Console.WriteLine("| scenario | recipients | allowed/s | campaign s | floor s | ratio to floor | sends/s | ratio to allowed | delivered | duplicates | missing | peak MB | 429 | 502 | possible dup. | failed | runs | worker CPU ms/send |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var f in figures)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {f.Scenario.Name} | {f.Scenario.Recipients} | {f.Scenario.TenantPerSecond} | {f.CampaignTime.TotalSeconds:F1} | {f.Floor:F1} | {f.RatioToFloor:F3} | {f.SendsPerSecond:F1} | {f.RatioToAllowed:F3} | {f.Delivered} | {f.Duplicates} | {f.Missing} | {f.PeakKb / 1024.0:F0} | {f.Throttled429} | {f.BadGateways502} | {f.PossibleDuplicates} | {f.Failed} | {f.Runs} | {1000 * f.WorkerCpuSeconds / Math.Max(1, f.Delivered):F2} |"));
        }
        Console.WriteLine();
        Console.WriteLine("campaign s: DeliveryEngine.RunAsync time, summed over runs (the killed run up to its kill); sends/s: accepted sends from the first to the last; peak MB: VmHWM of the worker (the bot process); worker CPU: the (last) worker's CPU time, start-up included, per delivered send.");
    }
}
