using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace CoachBot.Bench.Delivery;

/// <summary>How the loopback connector behaves: Teams' limits, and the faults it injects.</summary>
internal sealed record ConnectorBehaviour(
    int TenantPerSecond,
    int ConversationPerSecond = 7,
    double BadGatewayRate = 0,
    TimeSpan? ThrottleBurstEvery = null,
    TimeSpan? ThrottleBurstLength = null);

/// <summary>
/// A Bot Connector on loopback that enforces Teams' limits as strictly as they read: at most
/// <see cref="ConnectorBehaviour.TenantPerSecond"/> accepted sends in any sliding second, and at most 7 per conversation;
/// beyond that 429 with Retry-After. Optionally answers a share of sends with 502 and throttles everything in bursts.
/// It records every activity it accepts, per conversation.
/// </summary>
internal sealed class TeamsConnector : IAsyncDisposable
{
    private static readonly long OneSecond = Stopwatch.Frequency;

    private readonly WebApplication _app;
    private readonly Queue<long> _tenantWindow = new();
    private readonly Dictionary<string, Queue<long>> _conversationWindows = new(StringComparer.Ordinal);
    private readonly object _gate = new();
    private ConnectorBehaviour _behaviour;
    private long _started = Stopwatch.GetTimestamp();
    private long _nextId, _accepted, _throttled, _badGateways, _firstAccepted, _lastAccepted;

    private TeamsConnector(WebApplication app, ConnectorBehaviour behaviour)
    {
        _app = app;
        _behaviour = behaviour;
    }

    public Uri ServiceUrl { get; private set; } = null!;
    public ConcurrentDictionary<string, int> AcceptedPerConversation { get; private set; } = new(StringComparer.Ordinal);

    /// <summary>Starts a new scenario on the same connector (the seeded references point at it): new behaviour, empty record.</summary>
    public void Reset(ConnectorBehaviour behaviour)
    {
        lock (_gate)
        {
            _behaviour = behaviour;
            _tenantWindow.Clear();
            _conversationWindows.Clear();
            _started = Stopwatch.GetTimestamp();
            _accepted = _throttled = _badGateways = _firstAccepted = _lastAccepted = 0;
            AcceptedPerConversation = new(StringComparer.Ordinal);
        }
    }
    public long Accepted => Interlocked.Read(ref _accepted);
    public long Throttled => Interlocked.Read(ref _throttled);
    public long BadGateways => Interlocked.Read(ref _badGateways);

    /// <summary>From the first accepted send to the last.</summary>
    public TimeSpan AcceptingSpan => Stopwatch.GetElapsedTime(Interlocked.Read(ref _firstAccepted), Interlocked.Read(ref _lastAccepted));

    public static async Task<TeamsConnector> StartAsync(ConnectorBehaviour behaviour)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var connector = new TeamsConnector(app, behaviour);
        app.MapPost("/v3/conversations/{conversationId}/activities", (string conversationId, HttpRequest request, HttpResponse response) =>
            connector.AcceptAsync(Uri.UnescapeDataString(conversationId), request, response));
        app.MapPost("/v3/conversations/{conversationId}/activities/{replyToId}", (string conversationId, HttpRequest request, HttpResponse response) =>
            connector.AcceptAsync(Uri.UnescapeDataString(conversationId), request, response));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        connector.ServiceUrl = new Uri(address.TrimEnd('/') + "/");
        return connector;
    }

    private async Task<IResult> AcceptAsync(string conversationId, HttpRequest request, HttpResponse response)
    {
        // The request counts from when it arrived, not from when its body was read.
        var now = Stopwatch.GetTimestamp();
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync();
        if (!body.Contains("application/vnd.microsoft.card.adaptive", StringComparison.Ordinal))
        {
            return Results.BadRequest();
        }

        if (_behaviour.ThrottleBurstEvery is { } every && _behaviour.ThrottleBurstLength is { } length)
        {
            var sinceStart = Stopwatch.GetElapsedTime(_started, now);
            if (sinceStart.Ticks % every.Ticks < length.Ticks)
            {
                Interlocked.Increment(ref _throttled);
                // Half the bursts say how long to wait, half do not: the engine must cope with both.
                if (sinceStart.Ticks / every.Ticks % 2 == 0)
                {
                    response.Headers.RetryAfter = "2";
                }
                return Error(429, "Throttled");
            }
        }
        if (_behaviour.BadGatewayRate > 0 && Random.Shared.NextDouble() < _behaviour.BadGatewayRate)
        {
            Interlocked.Increment(ref _badGateways);
            return Error(502, "BadGateway");
        }

        lock (_gate)
        {
            Trim(_tenantWindow, now);
            if (!_conversationWindows.TryGetValue(conversationId, out var conversation))
            {
                _conversationWindows[conversationId] = conversation = new Queue<long>();
            }
            Trim(conversation, now);
            var full = _tenantWindow.Count >= _behaviour.TenantPerSecond ? _tenantWindow
                : conversation.Count >= _behaviour.ConversationPerSecond ? conversation
                : null;
            if (full is not null)
            {
                Interlocked.Increment(ref _throttled);
                var wait = TimeSpan.FromTicks((full.Peek() + OneSecond - now) * TimeSpan.TicksPerSecond / Stopwatch.Frequency);
                response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                return Error(429, "Throttled");
            }
            _tenantWindow.Enqueue(now);
            conversation.Enqueue(now);
        }

        if (Interlocked.Increment(ref _accepted) == 1)
        {
            Interlocked.Exchange(ref _firstAccepted, now);
        }
        Interlocked.Exchange(ref _lastAccepted, now);
        AcceptedPerConversation.AddOrUpdate(conversationId, 1, (_, count) => count + 1);
        return Results.Json(new { id = "1:" + Interlocked.Increment(ref _nextId) });
    }

    private static void Trim(Queue<long> window, long now)
    {
        while (window.Count > 0 && now - window.Peek() >= OneSecond)
        {
            window.Dequeue();
        }
    }

    private static IResult Error(int status, string code) =>
        Results.Json(new { error = new { code, message = "loopback connector" } }, statusCode: status);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
