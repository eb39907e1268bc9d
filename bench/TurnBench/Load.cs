using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace CoachBot.Bench.Turns;

/// <summary>A Teams user in a personal chat with the bot.</summary>
internal sealed record Member(string Name, string AadObjectId)
{
    public string UserId { get; } = "29:" + Guid.NewGuid().ToString("N");
    public string ConversationId { get; } = "a:" + Guid.NewGuid().ToString("N");
}

/// <summary>One request sent: the activity id (what the connector sorts answers by), its status and how long it took.</summary>
internal sealed record Sent(string ActivityId, HttpStatusCode Status, long StartedAt, long EndedAt)
{
    public TimeSpan Latency => Stopwatch.GetElapsedTime(StartedAt, EndedAt);
}

/// <summary>
/// Sends Teams message activities (shaped as Bot.Tests/Infrastructure/TeamsActivities.cs builds them) to a bot's
/// /api/messages, each with an activity id of its own, since the bot answers a resent id only once.
/// </summary>
internal sealed class Load : IDisposable
{
    public const string TenantId = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    private const string IdPlaceholder = "@@ACTIVITY-ID@@";

    private readonly HttpClient _http;

    public Load(Uri bot, int connections, TimeSpan timeout)
    {
        // Connections are opened once and kept: what is measured is the turn, not TCP set-up.
        _http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        })
        { BaseAddress = bot, Timeout = timeout };
    }

    /// <summary>The activity as JSON with a placeholder where its id goes: filled per request without building JSON again.</summary>
    public static string Template(Member member, Uri serviceUrl, string text) => new JsonObject
    {
        ["type"] = "message",
        ["id"] = IdPlaceholder,
        ["timestamp"] = DateTimeOffset.UtcNow.ToString("O"),
        ["channelId"] = "msteams",
        ["serviceUrl"] = serviceUrl.ToString(),
        ["from"] = new JsonObject { ["id"] = member.UserId, ["name"] = member.Name, ["aadObjectId"] = member.AadObjectId },
        ["recipient"] = new JsonObject { ["id"] = "28:coachbot", ["name"] = "CoachBot" },
        ["conversation"] = new JsonObject { ["id"] = member.ConversationId, ["conversationType"] = "personal", ["tenantId"] = TenantId },
        ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = TenantId } },
        ["locale"] = "en-US",
        ["text"] = text,
    }.ToJsonString();

    public async Task<Sent> SendAsync(string template, CancellationToken cancellationToken = default)
    {
        var id = Guid.NewGuid().ToString("N");
        using var content = new StringContent(template.Replace(IdPlaceholder, id, StringComparison.Ordinal), Encoding.UTF8, "application/json");
        var started = Stopwatch.GetTimestamp();
        HttpStatusCode status;
        try
        {
            using var response = await _http.PostAsync("/api/messages", content, cancellationToken);
            status = response.StatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            status = 0; // no answer at all (connection refused, reset, or our timeout)
        }
        return new Sent(id, status, started, Stopwatch.GetTimestamp());
    }

    /// <summary>
    /// Closed loop: <paramref name="connections"/> senders, each sending its next request when the previous one returned,
    /// for <paramref name="duration"/>. Returns every request, the warm-up's included (the caller picks the window).
    /// </summary>
    public async Task<List<Sent>> ClosedLoopAsync(string template, int connections, TimeSpan duration)
    {
        var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var senders = Enumerable.Range(0, connections).Select(_ => Task.Run(async () =>
        {
            var sent = new List<Sent>(8192);
            while (Stopwatch.GetTimestamp() < until)
            {
                sent.Add(await SendAsync(template));
            }
            return sent;
        }));
        return (await Task.WhenAll(senders)).SelectMany(s => s).ToList();
    }

    /// <summary>Every template's request at once (one connection each), as a burst of messages arrives.</summary>
    public async Task<Sent[]> BurstAsync(IEnumerable<string> templates)
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var requests = templates.Select(async t =>
        {
            await start.Task;
            return await SendAsync(t);
        }).ToList();
        start.SetResult();
        return await Task.WhenAll(requests);
    }

    public void Dispose() => _http.Dispose();
}
