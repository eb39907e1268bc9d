using System.Net.Mime;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Newtonsoft.Json;

namespace CoachBot.Teams;

/// <summary>
/// <c>POST /api/messages</c>. Reads and checks the activity itself, so bad input gets a 4xx instead of an SDK
/// exception's 500, then hands it to the adapter. The turn runs on a deadline of its own, not on the HTTP request:
/// Teams drops a request after 15 s and sends the activity again, and a turn that already answered must neither be
/// cancelled half-way nor answer twice.
/// </summary>
internal static class MessagesEndpoint
{
    public static async Task ProcessAsync(
        HttpContext http, CoachBotAdapter adapter, IBot bot, RecentActivities recent, IOptions<TurnOptions> options, ILogger<CoachBotAdapter> logger)
    {
        if (!IsJson(http.Request.ContentType))
        {
            http.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            return;
        }
        var activity = await ReadAsync(http);
        if (activity is null || string.IsNullOrWhiteSpace(activity.Type))
        {
            Log.BadRequest(logger, "not an activity");
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }
        if (!Uri.TryCreate(activity.ServiceUrl, UriKind.Absolute, out var serviceUrl) || serviceUrl.Scheme is not ("https" or "http"))
        {
            Log.BadRequest(logger, "no usable serviceUrl");
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        var authorization = http.Request.Headers.Authorization.ToString();
        var outcome = await recent.RunOnceAsync(activity, () => RunTurnAsync(adapter, bot, authorization, activity, options.Value.Timeout, logger));
        if (outcome.Rejected)
        {
            http.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }
        await HttpHelper.WriteResponseAsync(http.Response, outcome.Response);
    }

    private static async Task<TurnOutcome> RunTurnAsync(
        CoachBotAdapter adapter, IBot bot, string authorization, Activity activity, TimeSpan timeout, ILogger logger)
    {
        using var deadline = new CancellationTokenSource(timeout);
        var started = false;
        try
        {
            var response = await adapter.ProcessIncomingAsync(authorization, activity, (turn, token) =>
            {
                started = true;
                return bot.OnTurnAsync(turn, token);
            }, deadline.Token);
            return new TurnOutcome(response, Rejected: false);
        }
        catch (Exception ex) when (!started && IsRejectedCredential(ex))
        {
            // The SDK maps most token failures to UnauthorizedAccessException itself, but lets a bad signature, a
            // malformed token or odd claims (an audience array) escape as other exceptions. All mean "not signed by the
            // Bot Framework for us"; nothing of the bot ran.
            Log.TokenRejected(logger, ex.GetType().Name);
            return new TurnOutcome(null, Rejected: true);
        }
    }

    private static async Task<Activity?> ReadAsync(HttpContext http)
    {
        string body;
        try
        {
            using var reader = new StreamReader(http.Request.Body);
            body = await reader.ReadToEndAsync(http.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
        try
        {
            using var json = new JsonTextReader(new StringReader(body)) { MaxDepth = 64 };
            return HttpHelper.BotMessageSerializer.Deserialize<Activity>(json);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidCastException or ArgumentException)
        {
            return null;
        }
    }

    private static bool IsJson(string? contentType) =>
        contentType is not null
        && System.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var parsed)
        && (string.Equals(parsed.MediaType, MediaTypeNames.Application.Json, StringComparison.OrdinalIgnoreCase)
            || (parsed.MediaType?.EndsWith("+json", StringComparison.OrdinalIgnoreCase) ?? false));

    private static bool IsRejectedCredential(Exception ex) => ex switch
    {
        UnauthorizedAccessException or SecurityTokenException => true,
        ArgumentException or FormatException or InvalidCastException or JsonException or KeyNotFoundException or InvalidOperationException => true,
        AggregateException { InnerExceptions: [var inner] } => IsRejectedCredential(inner),
        _ => false,
    };
}

/// <summary>How a turn ended, as the endpoint writes it back: the invoke response (null for other activities) or a refused credential.</summary>
internal sealed record TurnOutcome(InvokeResponse? Response, bool Rejected);

/// <summary>Settings of incoming turns (section <c>Turns</c>).</summary>
public sealed class TurnOptions
{
    public const string Section = "Turns";

    /// <summary>
    /// How long a turn may take before it is abandoned and the user hears it was not processed. Below Teams' 15 s, so
    /// the user hears back before Teams gives up and resends.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(8);
}
