using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

// CheckInBench [--reps 16] [--rounds 40]   (storage: COACHBOT_BENCH_STORAGE, an Azurite connection string)
//
// The real bot (Bot/bin/Release, its own process, Development settings plus a roster of bench reps) answers 16 reps who
// submit the weekly check-in at the same moment, as Teams sends it: an adaptiveCard/action invoke into /api/messages,
// the summary card in the invoke response. Round 1 stores first answers, the following rounds are corrections (the
// most a submit does: read, then replace), the last round sends every answer again unchanged. Table Storage is Azurite
// behind a proxy in this process that counts every request by table, so the transactions per submit are counted on the
// wire, retries included. Prints the figures; not a test.
var reps = Option("--reps", 16);
// --direct: the bot talks to Azurite itself (no counting proxy in between): latency without the proxy's extra hop.
var direct = args.Contains("--direct");
var rounds = Option("--rounds", 40);
var storage = Environment.GetEnvironmentVariable("COACHBOT_BENCH_STORAGE")
    ?? throw new InvalidOperationException("Set COACHBOT_BENCH_STORAGE to an Azurite connection string (scripts/bench-checkin.sh does).");
var azurite = new Uri(Regex.Match(storage, "TableEndpoint=([^;]+)").Groups[1].Value.TrimEnd('/') + "/");
var prefix = "bench" + Guid.NewGuid().ToString("N")[..8];

await using var proxy = await Proxy.StartAsync(azurite);
await using var connector = await Connector.StartAsync();
var botPort = FreePort();
var botUrl = new Uri($"http://127.0.0.1:{botPort}/");
var repo = FindRepository();
var botDirectory = Path.Combine(repo, "Bot", "bin", "Release", "net10.0");
var environment = new Dictionary<string, string>
{
    ["ASPNETCORE_ENVIRONMENT"] = "Development",
    ["ASPNETCORE_URLS"] = botUrl.ToString(),
    ["Storage__ConnectionString"] = direct ? storage : storage.Replace(azurite.ToString().TrimEnd('/'), proxy.Url.ToString().TrimEnd('/') + "/devstoreaccount1", StringComparison.Ordinal),
    ["Storage__TablePrefix"] = prefix,
    ["Logging__LogLevel__Default"] = "Warning",
    ["Logging__LogLevel__Microsoft.AspNetCore"] = "Warning",
    ["Logging__LogLevel__Quartz"] = "Warning",
};
var members = Enumerable.Range(0, reps + 4).Select(i => new Rep($"Bench Rep {i}", $"bbbbbbbb-0000-0000-0000-{i:D12}")).ToList();
for (var i = 0; i < members.Count; i++)
{
    environment[$"Organization__Reps__{i}__Name"] = members[i].Name;
    environment[$"Organization__Reps__{i}__Email"] = $"bench.rep{i}@coachbot.example";
    environment[$"Organization__Reps__{i}__AadObjectId"] = members[i].AadObjectId;
    environment[$"Organization__Reps__{i}__Region"] = "mea";
    environment[$"Organization__Reps__{i}__Language"] = "en";
}

var start = new ProcessStartInfo("dotnet", [Path.Combine(botDirectory, "CoachBot.dll")]) { WorkingDirectory = botDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
foreach (var (key, value) in environment)
{
    start.Environment[key] = value;
}
using var bot = Process.Start(start) ?? throw new InvalidOperationException("Could not start the bot.");
bot.OutputDataReceived += (_, e) => { if (e.Data is { Length: > 0 } line) { Console.WriteLine("   [bot] " + line); } };
bot.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 } line) { Console.WriteLine("   [bot] " + line); } };
bot.BeginOutputReadLine();
bot.BeginErrorReadLine();
try
{
    using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = reps + 4, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
    {
        BaseAddress = botUrl,
        Timeout = TimeSpan.FromSeconds(30),
    };
    await WaitHealthyAsync(http, bot);
    Console.WriteLine($"Bot pid {bot.Id} on {botUrl}; {reps} reps; {rounds} rounds; tables {prefix}*; storage {(direct ? "Azurite directly (transactions not counted)" : "Azurite through the counting proxy")}");

    foreach (var member in members)
    {
        (await http.PostAsync("/api/messages", Json(Activity("installationUpdate", member, connector.Url, a => a["action"] = "add")))).EnsureSuccessStatusCode();
    }
    // JIT and connection warm-up on four reps of their own, not measured.
    var warmUp = members.Skip(reps).ToList();
    for (var i = 0; i < 10; i++)
    {
        await Task.WhenAll(warmUp.Select(m => SubmitAsync(http, m, connector.Url, visits: i)));
    }

    var measured = members.Take(reps).ToList();
    var results = new List<(string Phase, Submit Submit, int CheckInRequests, int AllRequests)>();
    async Task RoundAsync(string phase, int visits)
    {
        proxy.Reset();
        var submits = await BurstAsync(measured.Select(m => (Func<Task<Submit>>)(() => SubmitAsync(http, m, connector.Url, visits))));
        var (checkIns, all) = proxy.Counts("CheckIns");
        foreach (var submit in submits)
        {
            results.Add((phase, submit, checkIns, all));
        }
    }

    await RoundAsync("first answer", 1);
    for (var round = 0; round < rounds; round++)
    {
        await RoundAsync("correction", round + 2);
    }
    await RoundAsync("same answer again", rounds + 1);

    Console.WriteLine();
    Console.WriteLine($"{"phase",-18} {"submits",8} {"ok",5} {"p50 ms",8} {"p99 ms",8} {"max ms",8} {"CheckIns tx/submit",19} {"all tables tx/submit",21}");
    foreach (var phase in new[] { "first answer", "correction", "same answer again", "all" })
    {
        var rows = results.Where(r => phase == "all" || r.Phase == phase).ToList();
        var latencies = rows.Select(r => r.Submit.Latency.TotalMilliseconds).Order().ToList();
        // Each row carries its round's total; averaged over the rows, then shared among the round's submits.
        var checkInTx = rows.Sum(r => r.CheckInRequests) / (double)rows.Count / reps;
        var allTx = rows.Sum(r => r.AllRequests) / (double)rows.Count / reps;
        var tx = direct ? $"{"n/a",19} {"n/a",21}" : string.Create(CultureInfo.InvariantCulture, $"{checkInTx,19:0.00} {allTx,21:0.00}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{phase,-18} {rows.Count,8} {rows.Count(r => r.Submit.Ok),5} {Percentile(latencies, 0.50),8:0.0} {Percentile(latencies, 0.99),8:0.0} {latencies[^1],8:0.0} {tx}"));
    }
    var everything = results.Select(r => r.Submit.Latency.TotalMilliseconds).Order().ToList();
    var ok = results.All(r => r.Submit.Ok);
    var maxCheckInTx = results.GroupBy(r => r.Phase).Max(g => g.Sum(r => r.CheckInRequests) / (double)g.Count() / reps);
    Console.WriteLine();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"Goals: p99 < 50 ms: {(Percentile(everything, 0.99) < 50 ? "met" : "NOT met")} ({Percentile(everything, 0.99):0.0} ms); CheckIns transactions per submit <= 2: {(direct ? "not counted (--direct)" : maxCheckInTx <= 2 ? $"met (at most {maxCheckInTx:0.00})" : $"NOT met (up to {maxCheckInTx:0.00})")}; every submit answered with its summary: {(ok ? "yes" : "NO")}"));
    return ok ? 0 : 1;
}
finally
{
    if (!bot.HasExited)
    {
        bot.Kill(entireProcessTree: true);
        await bot.WaitForExitAsync();
    }
}

static double Percentile(List<double> sorted, double p) => sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

static async Task<Submit[]> BurstAsync(IEnumerable<Func<Task<Submit>>> work)
{
    var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    var tasks = work.Select(async w => { await go.Task; return await w(); }).ToList();
    go.SetResult();
    return await Task.WhenAll(tasks);
}

static async Task<Submit> SubmitAsync(HttpClient http, Rep rep, Uri serviceUrl, int visits)
{
    var data = new JsonObject
    {
        ["visits"] = (visits % 50).ToString(CultureInfo.InvariantCulture),
        ["fieldDays"] = "2",
        ["plannedVisits"] = "4",
        ["customers"] = "OCP (Morocco)",
        ["win"] = "",
        ["blocker"] = "",
        ["confidence"] = "4",
        ["needsBuSupport"] = "false",
    };
    var activity = Activity("invoke", rep, serviceUrl, a =>
    {
        a["name"] = "adaptiveCard/action";
        a["replyToId"] = "card-" + Guid.NewGuid().ToString("N");
        a["value"] = new JsonObject { ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = "checkin.submit", ["data"] = data }, ["trigger"] = "manual" };
    });
    using var content = Json(activity);
    var started = Stopwatch.GetTimestamp();
    using var response = await http.PostAsync("/api/messages", content);
    var body = await response.Content.ReadAsStringAsync();
    var elapsed = Stopwatch.GetElapsedTime(started);
    var summary = response.StatusCode == HttpStatusCode.OK && body.Contains("application/vnd.microsoft.card.adaptive", StringComparison.Ordinal)
        && body.Contains("Presence rate this week", StringComparison.Ordinal);
    return new Submit(elapsed, summary);
}

static JsonObject Activity(string type, Rep rep, Uri serviceUrl, Action<JsonObject> more)
{
    var activity = new JsonObject
    {
        ["type"] = type,
        ["id"] = Guid.NewGuid().ToString("N"),
        ["timestamp"] = DateTimeOffset.UtcNow.ToString("O"),
        ["channelId"] = "msteams",
        ["serviceUrl"] = serviceUrl.ToString(),
        ["from"] = new JsonObject { ["id"] = rep.UserId, ["name"] = rep.Name, ["aadObjectId"] = rep.AadObjectId },
        ["recipient"] = new JsonObject { ["id"] = "28:coachbot", ["name"] = "CoachBot" },
        ["conversation"] = new JsonObject { ["id"] = rep.ConversationId, ["conversationType"] = "personal", ["tenantId"] = "72f988bf-86f1-41af-91ab-2d7cd011db47" },
        ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = "72f988bf-86f1-41af-91ab-2d7cd011db47" } },
        ["locale"] = "en-US",
    };
    more(activity);
    return activity;
}

static StringContent Json(JsonObject activity) => new(activity.ToJsonString(), Encoding.UTF8, "application/json");

static async Task WaitHealthyAsync(HttpClient http, Process bot)
{
    var deadline = Stopwatch.GetTimestamp() + 60 * Stopwatch.Frequency;
    while (Stopwatch.GetTimestamp() < deadline)
    {
        if (bot.HasExited)
        {
            throw new InvalidOperationException($"The bot exited with code {bot.ExitCode}.");
        }
        try
        {
            if ((await http.GetAsync("/healthz")).StatusCode == HttpStatusCode.OK)
            {
                return;
            }
        }
        catch (HttpRequestException)
        {
        }
        await Task.Delay(100);
    }
    throw new TimeoutException("The bot did not become healthy within 60 s.");
}

static int FreePort()
{
    using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}

static string FindRepository()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "CoachBot.sln")))
        {
            return dir.FullName;
        }
    }
    throw new InvalidOperationException("Run from within the repository.");
}

int Option(string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
}

internal sealed record Rep(string Name, string AadObjectId)
{
    public string UserId { get; } = "29:" + Guid.NewGuid().ToString("N");
    public string ConversationId { get; } = "a:" + Guid.NewGuid().ToString("N");
}

internal sealed record Submit(TimeSpan Latency, bool Ok);

/// <summary>Forwards Table Storage requests to Azurite and counts them by table (the bot's prefix removed).</summary>
internal sealed partial class Proxy : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);

    private Proxy(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    public static async Task<Proxy> StartAsync(Uri azurite)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var proxy = new Proxy(app);
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64, PooledConnectionLifetime = Timeout.InfiniteTimeSpan, AllowAutoRedirect = false });
        var origin = new Uri(azurite.GetLeftPart(UriPartial.Authority));
        app.Run(async context =>
        {
            // The raw target, not the decoded path: the request's Shared Key signature covers the path as the bot escaped it.
            var target = context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()!.RawTarget;
            var path = target.Split('?', 2)[0];
            var table = TableOf().Match(path) is { Success: true } m ? m.Groups[1].Value : "(other)";
            proxy._counts.AddOrUpdate(table, 1, (_, n) => n + 1);

            using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), new Uri(origin.ToString().TrimEnd('/') + target));
            if (context.Request.ContentLength > 0 || context.Request.Headers.TransferEncoding.Count > 0)
            {
                var body = new MemoryStream();
                await context.Request.Body.CopyToAsync(body);
                body.Position = 0;
                request.Content = new StreamContent(body);
            }
            foreach (var (key, values) in context.Request.Headers)
            {
                if (key.Equals("Host", StringComparison.OrdinalIgnoreCase) || key.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }
                if (!request.Headers.TryAddWithoutValidation(key, values.ToArray()))
                {
                    request.Content?.Headers.TryAddWithoutValidation(key, values.ToArray());
                }
            }
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            context.Response.StatusCode = (int)response.StatusCode;
            foreach (var (key, values) in response.Headers.Concat(response.Content.Headers))
            {
                if (!key.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
                {
                    context.Response.Headers[key] = values.ToArray();
                }
            }
            await response.Content.CopyToAsync(context.Response.Body);
        });
        await app.StartAsync();
        proxy.Url = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/");
        return proxy;
    }

    public void Reset() => _counts.Clear();

    /// <summary>Requests to tables whose name ends with <paramref name="table"/>, and to all tables, since the last reset.</summary>
    public (int Table, int All) Counts(string table) =>
        (_counts.Where(c => c.Key.EndsWith(table, StringComparison.Ordinal)).Sum(c => c.Value), _counts.Values.Sum());

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    [GeneratedRegex(@"^/[^/]+/([A-Za-z0-9]+)")]
    private static partial Regex TableOf();
}

/// <summary>A Bot Connector on loopback that accepts whatever the bot sends (welcome cards) and answers with an id.</summary>
internal sealed class Connector : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _next;

    private Connector(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    public static async Task<Connector> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var connector = new Connector(app);
        app.MapPost("/v3/conversations/{conversationId}/activities/{**rest}", () => Results.Json(new { id = "activity-" + Interlocked.Increment(ref connector._next) }));
        app.MapGet("/v3/conversations/{conversationId}/members/{memberId}", () => Results.NotFound());
        await app.StartAsync();
        connector.Url = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/");
        return connector;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
