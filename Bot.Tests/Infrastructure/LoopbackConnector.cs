using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CoachBot.Tests.Infrastructure;

/// <summary>An activity the bot sent to the connector.</summary>
public sealed record RecordedActivity(string Method, string ConversationId, string? ActivityId, JsonObject Activity, string? Authorization)
{
    public string? Type => Activity["type"]?.GetValue<string>();
    public string? Text => Activity["text"]?.GetValue<string>();

    /// <summary>The first Adaptive Card attached, or null.</summary>
    public JsonObject? Card => Activity["attachments"]?.AsArray()
        .FirstOrDefault(a => a?["contentType"]?.GetValue<string>() == "application/vnd.microsoft.card.adaptive")?["content"]?.AsObject();
}

/// <summary>
/// A Bot Connector service on loopback (real Kestrel, real HTTP): it accepts what the bot sends to Teams, records it,
/// answers member look-ups from <see cref="Members"/>, and lets a test inject failures with <see cref="Fault"/>.
/// </summary>
public sealed class LoopbackConnector : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _requests = new(StringComparer.Ordinal);
    private int _nextId;

    private LoopbackConnector(WebApplication app) => _app = app;

    public Uri ServiceUrl { get; private set; } = null!;
    public ConcurrentQueue<RecordedActivity> Activities { get; } = new();

    /// <summary>Teams members by user id (29:...), as GET /v3/conversations/{id}/members/{userId} returns them.</summary>
    public ConcurrentDictionary<string, JsonObject> Members { get; } = new();

    /// <summary>Team members by team id, served page by page (<see cref="TeamPageSize"/> at most) by GET /v3/conversations/{teamId}/pagedmembers.</summary>
    public ConcurrentDictionary<string, List<JsonObject>> TeamMembers { get; } = new();

    /// <summary>The most members the connector puts in one page, whatever the bot asks for (Teams decides too).</summary>
    public int TeamPageSize { get; set; } = 500;

    /// <summary>Each page the bot asked for: the team, the continuation token it sent (null for the first page) and the page size.</summary>
    public ConcurrentQueue<(string TeamId, string? ContinuationToken, string? PageSize)> TeamPageRequests { get; } = new();

    /// <summary>When set and it returns a status code, the connector answers every send with it instead.</summary>
    public Func<HttpRequest, int?>? Fault { get; set; }

    /// <summary>When set and it returns a delay, an injected fault carries it as Retry-After (whole seconds, as Teams sends it).</summary>
    public Func<HttpRequest, TimeSpan?>? FaultRetryAfter { get; set; }

    /// <summary>When set and it returns a delay, the connector waits that long before it records and answers a send.</summary>
    public Func<HttpRequest, TimeSpan?>? Delay { get; set; }

    public static async Task<LoopbackConnector> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var connector = new LoopbackConnector(app);
        connector.Map(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        connector.ServiceUrl = new Uri(address.TrimEnd('/') + "/");
        return connector;
    }

    public IReadOnlyList<RecordedActivity> SentTo(string conversationId) =>
        Activities.Where(a => a.ConversationId == conversationId).ToList();

    /// <summary>Every activity request that reached a conversation, answered or faulted (<see cref="SentTo"/> holds only the answered ones).</summary>
    public int RequestsTo(string conversationId) => _requests.GetValueOrDefault(conversationId);

    /// <summary>Waits until an activity matching <paramref name="match"/> arrives (sends can finish after the HTTP turn returns).</summary>
    public async Task<RecordedActivity> WaitForAsync(Func<RecordedActivity, bool> match, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (DateTime.UtcNow < deadline)
        {
            if (Activities.FirstOrDefault(match) is { } found)
            {
                return found;
            }
            await Task.Delay(20);
        }
        throw new TimeoutException($"No matching activity; the connector holds {Activities.Count}: {string.Join(" | ", Activities.Select(a => a.Type + ":" + (a.Text ?? "card")))}");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private void Map(WebApplication app)
    {
        app.MapPost("/v3/conversations/{conversationId}/activities", (string conversationId, HttpRequest request) =>
            RecordAsync("POST", conversationId, null, request));
        app.MapPost("/v3/conversations/{conversationId}/activities/{activityId}", (string conversationId, string activityId, HttpRequest request) =>
            RecordAsync("POST", conversationId, null, request));
        app.MapPut("/v3/conversations/{conversationId}/activities/{activityId}", (string conversationId, string activityId, HttpRequest request) =>
            RecordAsync("PUT", conversationId, activityId, request));
        app.MapDelete("/v3/conversations/{conversationId}/activities/{activityId}", () => Results.Ok());
        app.MapGet("/v3/conversations/{conversationId}/members/{memberId}", (string memberId) =>
            Members.TryGetValue(Uri.UnescapeDataString(memberId), out var member)
                ? Results.Json(member)
                : Results.Json(new { error = new { code = "MemberNotFoundInConversation", message = "member not found" } }, statusCode: 404));
        app.MapGet("/v3/conversations/{conversationId}/pagedmembers", (string conversationId, HttpRequest request) =>
        {
            var teamId = Uri.UnescapeDataString(conversationId);
            var token = request.Query["continuationToken"].ToString() is { Length: > 0 } given ? given : null;
            TeamPageRequests.Enqueue((teamId, token, request.Query["pageSize"].ToString()));
            if (!TeamMembers.TryGetValue(teamId, out var members))
            {
                return Results.Json(new { error = new { code = "ConversationNotFound", message = "no such team" } }, statusCode: 404);
            }
            var start = token is null ? 0 : int.Parse(token["page-".Length..], System.Globalization.CultureInfo.InvariantCulture);
            var asked = int.TryParse(request.Query["pageSize"], out var size) ? size : 200;
            var page = members.Skip(start).Take(Math.Min(asked, TeamPageSize)).ToList();
            var next = start + page.Count < members.Count ? $"page-{start + page.Count}" : null;
            return Results.Json(new JsonObject { ["continuationToken"] = next, ["members"] = new JsonArray(page.Select(m => (JsonNode)m.DeepClone()).ToArray()) });
        });
        app.MapPost("/v3/conversations", () => Results.Json(new { id = "a:created-" + Interlocked.Increment(ref _nextId) }));
    }

    private async Task<IResult> RecordAsync(string method, string conversationId, string? activityId, HttpRequest request)
    {
        _requests.AddOrUpdate(Uri.UnescapeDataString(conversationId), 1, (_, count) => count + 1);
        if (Delay?.Invoke(request) is { } delay)
        {
            await Task.Delay(delay);
        }
        if (Fault?.Invoke(request) is { } status)
        {
            if (FaultRetryAfter?.Invoke(request) is { } retryAfter)
            {
                request.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            return Results.Json(new { error = new { code = "Injected", message = "fault injected by the test" } }, statusCode: status);
        }
        var body = await JsonNode.ParseAsync(request.Body) as JsonObject ?? new JsonObject();
        var id = activityId ?? "activity-" + Interlocked.Increment(ref _nextId);
        Activities.Enqueue(new RecordedActivity(method, Uri.UnescapeDataString(conversationId), id, body, request.Headers.Authorization.ToString()));
        return Results.Json(new { id });
    }
}
