using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CoachBot.Tests.Reach;

/// <summary>A request the Graph stand-in received.</summary>
public sealed record GraphRequest(string Method, string Path, string Query, JsonObject? Body, string Authorization, DateTimeOffset At);

/// <summary>How the stand-in answers an installation for one user: a status, with Graph's error code and a Retry-After when throttling.</summary>
public sealed record GraphAnswer(int Status, string? Code = null, int? RetryAfterSeconds = null)
{
    public static readonly GraphAnswer Created = new(201);
    public static readonly GraphAnswer Conflict = new(409, "Conflict");
    public static readonly GraphAnswer Forbidden = new(403, "Forbidden");
    public static readonly GraphAnswer NotFound = new(404, "Request_ResourceNotFound");

    public static GraphAnswer Throttled(int seconds) => new(429, "TooManyRequests", seconds);
}

/// <summary>
/// Microsoft Graph on loopback (real Kestrel, real HTTP), behind which the bot's real Graph SDK runs: the users
/// look-up by e-mail and <c>POST /users/{id}/teamwork/installedApps</c>, answering each user's installations from a
/// script (a queue of answers, the last one repeating), and calling <see cref="OnInstalled"/> after a 201, the way Teams
/// then sends the bot its installation event.
/// </summary>
public sealed class GraphStandIn : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<GraphAnswer>> _scripts = new(StringComparer.OrdinalIgnoreCase);

    private GraphStandIn(WebApplication app) => _app = app;

    /// <summary>The base URL to give the bot as <c>Reach:GraphBaseUrl</c>.</summary>
    public string BaseUrl { get; private set; } = "";

    public ConcurrentQueue<GraphRequest> Requests { get; } = new();

    /// <summary>Users by e-mail (or UPN), as <c>GET /users?$filter=mail eq '…'</c> finds them.</summary>
    public ConcurrentDictionary<string, string> UsersByEmail { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>When set, every look-up by e-mail gets this answer (a 403 when the bot may not read users).</summary>
    public GraphAnswer? LookupAnswer { get; set; }

    /// <summary>Called with the user's object id after a 201, before the answer goes back.</summary>
    public Func<string, Task>? OnInstalled { get; set; }

    public static async Task<GraphStandIn> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var graph = new GraphStandIn(app);
        graph.Map(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        graph.BaseUrl = address.TrimEnd('/') + "/v1.0";
        return graph;
    }

    /// <summary>Answers the installations for <paramref name="objectId"/> with these answers in turn, the last one repeating. Unscripted users get 201.</summary>
    public void Answer(string objectId, params GraphAnswer[] answers) => _scripts[objectId] = new ConcurrentQueue<GraphAnswer>(answers);

    public IReadOnlyList<GraphRequest> InstallsFor(string objectId) =>
        Requests.Where(r => r.Method == "POST" && r.Path.Equals($"/v1.0/users/{objectId}/teamwork/installedApps", StringComparison.OrdinalIgnoreCase)).ToList();

    public IReadOnlyList<GraphRequest> Installs => Requests.Where(r => r.Method == "POST").ToList();

    public IReadOnlyList<GraphRequest> Lookups => Requests.Where(r => r.Method == "GET" && r.Path.Equals("/v1.0/users", StringComparison.OrdinalIgnoreCase)).ToList();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private void Map(WebApplication app)
    {
        app.MapGet("/v1.0/users", (HttpRequest request) =>
        {
            Record(request, null);
            if (LookupAnswer is { } refused)
            {
                return Results.Json(new JsonObject { ["error"] = new JsonObject { ["code"] = refused.Code, ["message"] = "answered by the Graph stand-in" } }, statusCode: refused.Status);
            }
            // $filter=mail eq 'a@b' or userPrincipalName eq 'a@b': the quoted literal, quotes undoubled.
            var filter = request.Query["$filter"].ToString();
            var start = filter.IndexOf('\'');
            var end = filter.IndexOf("' ", start + 1, StringComparison.Ordinal);
            var email = start < 0 ? "" : filter[(start + 1)..(end < 0 ? filter.LastIndexOf('\'') : end)].Replace("''", "'", StringComparison.Ordinal);
            var value = UsersByEmail.TryGetValue(email, out var id) ? new JsonArray(new JsonObject { ["id"] = id }) : new JsonArray();
            return Results.Json(new JsonObject { ["value"] = value });
        });
        app.MapPost("/v1.0/users/{objectId}/teamwork/installedApps", async (string objectId, HttpRequest request) =>
        {
            var body = await JsonNode.ParseAsync(request.Body) as JsonObject;
            Record(request, body);
            var answer = Next(objectId);
            if (answer.RetryAfterSeconds is { } seconds)
            {
                request.HttpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            if (answer.Status == 201)
            {
                if (OnInstalled is { } installed)
                {
                    await installed(objectId);
                }
                return Results.Json(new JsonObject { ["id"] = "installation-" + objectId }, statusCode: 201);
            }
            return Results.Json(new JsonObject
            {
                ["error"] = new JsonObject { ["code"] = answer.Code ?? "Error", ["message"] = "answered by the Graph stand-in" },
            }, statusCode: answer.Status);
        });
    }

    private GraphAnswer Next(string objectId)
    {
        if (!_scripts.TryGetValue(objectId, out var script))
        {
            return GraphAnswer.Created;
        }
        // The last answer stays: it repeats for every later installation.
        if (script.Count > 1 && script.TryDequeue(out var next))
        {
            return next;
        }
        return script.TryPeek(out var last) ? last : GraphAnswer.Created;
    }

    private void Record(HttpRequest request, JsonObject? body) =>
        Requests.Enqueue(new GraphRequest(request.Method, request.Path, request.QueryString.Value ?? "", body, request.Headers.Authorization.ToString(), DateTimeOffset.UtcNow));
}
