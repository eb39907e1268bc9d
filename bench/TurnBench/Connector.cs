using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace CoachBot.Bench.Turns;

/// <summary>What the bot sent in answer to one incoming activity.</summary>
internal sealed class Answers
{
    public int Cards;
    public int Apologies;
    public int Other;

    /// <summary>When the first answer arrived (<see cref="Stopwatch.GetTimestamp"/>).</summary>
    public long FirstAt;
}

/// <summary>
/// A Bot Connector on loopback that answers every send at once and sorts what it receives by the activity it replies
/// to (<c>POST /v3/conversations/{id}/activities/{replyToId}</c>): a card, an apology, or anything else. It parses no
/// JSON, so it takes as little of the machine as it can from the bot being measured.
/// </summary>
internal sealed class Connector : IAsyncDisposable
{
    // The apology OnTurnError sends (Bot/Localization/strings.*.json, turn_error), in both languages.
    private static readonly string[] ApologyStarts = ["Sorry, something went wrong", "Désolé, un problème est survenu"];

    private readonly WebApplication _app;
    private long _nextId;
    private string? _firstCard;

    private Connector(WebApplication app) => _app = app;

    public Uri ServiceUrl { get; private set; } = null!;
    public ConcurrentDictionary<string, Answers> ByReplyTo { get; } = new(StringComparer.Ordinal);

    /// <summary>Sends that named no activity they answer (a bot's own message, not a reply).</summary>
    public long Unattributed => Interlocked.Read(ref _unattributed);
    private long _unattributed;

    /// <summary>The body of the first card received: the help card the bare bot answers with.</summary>
    public string? FirstCardBody => Volatile.Read(ref _firstCard);

    public static async Task<Connector> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var connector = new Connector(app);
        app.MapPost("/v3/conversations/{conversationId}/activities", (HttpRequest request) => connector.AcceptAsync(null, request));
        app.MapPost("/v3/conversations/{conversationId}/activities/{replyToId}", (string replyToId, HttpRequest request) =>
            connector.AcceptAsync(Uri.UnescapeDataString(replyToId), request));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        connector.ServiceUrl = new Uri(address.TrimEnd('/') + "/");
        return connector;
    }

    public Answers For(string activityId) => ByReplyTo.GetOrAdd(activityId, _ => new Answers());

    private async Task<IResult> AcceptAsync(string? replyToId, HttpRequest request)
    {
        var now = Stopwatch.GetTimestamp();
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync();
        if (replyToId is null)
        {
            Interlocked.Increment(ref _unattributed);
        }
        else
        {
            var answers = For(replyToId);
            Interlocked.CompareExchange(ref answers.FirstAt, now, 0);
            if (body.Contains("application/vnd.microsoft.card.adaptive", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref answers.Cards);
                Interlocked.CompareExchange(ref _firstCard, body, null);
            }
            else if (ApologyStarts.Any(a => body.Contains(a, StringComparison.Ordinal)))
            {
                Interlocked.Increment(ref answers.Apologies);
            }
            else
            {
                Interlocked.Increment(ref answers.Other);
            }
        }
        return Results.Json(new { id = "1:" + Interlocked.Increment(ref _nextId) });
    }

    /// <summary>Waits until every one of <paramref name="activityIds"/> has an answer, or the timeout.</summary>
    public async Task WaitForAnswersAsync(IEnumerable<string> activityIds, TimeSpan timeout)
    {
        var ids = activityIds.ToList();
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout && !ids.All(id => ByReplyTo.TryGetValue(id, out var a) && a.FirstAt != 0))
        {
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
