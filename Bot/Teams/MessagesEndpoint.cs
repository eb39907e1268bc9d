using System.Net.Mime;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Newtonsoft.Json;

namespace CoachBot.Teams;

/// <summary>
/// <c>POST /api/messages</c>. Reads and checks the activity itself, so bad input gets a 4xx instead of an SDK
/// exception's 500, authenticates it, and only then may match it with an earlier delivery (<see cref="RecentActivities"/>)
/// or run its turn. Before the token is checked nothing is answered but a refusal and nothing is kept. The turn runs on a
/// deadline of its own, not on the HTTP request: Teams drops a request after 15 s and sends the activity again, and a
/// turn that already answered must neither be cancelled half-way nor answer twice.
/// </summary>
internal static class MessagesEndpoint
{
    /// <summary>The largest body read (Kestrel's default is 30 MB): a Teams activity is a few KB, a card submit at most tens.</summary>
    public const long MaxBodyBytes = 256 * 1024;

    public static async Task ProcessAsync(
        HttpContext http, CoachBotAdapter adapter, IBot bot, RecentActivities recent, IOptions<TurnOptions> options, ILogger<CoachBotAdapter> logger)
    {
        if (!IsJson(http.Request.ContentType))
        {
            http.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            return;
        }
        if (http.Request.ContentLength > MaxBodyBytes)
        {
            Log.BadRequest(logger, "body over the size limit");
            http.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return;
        }
        var (activity, tooLarge) = await ReadAsync(http);
        if (tooLarge)
        {
            Log.BadRequest(logger, "body over the size limit");
            http.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return;
        }
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
        if (!TeamsChannel.IsTeams(activity))
        {
            // Through Direct Line or Web Chat the client itself writes from.aadObjectId and channelData.tenant: the bot
            // trusts those only from Teams.
            Log.OtherChannel(logger, TeamsChannel.Shown(activity.ChannelId));
            http.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }

        using var deadline = new CancellationTokenSource(options.Value.Timeout);
        var authentication = await AuthenticateAsync(adapter, http.Request.Headers.Authorization.ToString(), activity, logger, deadline.Token);
        if (authentication is null)
        {
            http.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        if (ActivityShape.Problem(activity) is { } problem)
        {
            Log.MalformedActivity(logger, activity.Type, problem);
            // An event (install, membership) is Teams telling the bot something: answered 200 and ignored, never a message.
            http.Response.StatusCode = ActivityShape.IsEvent(activity) ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest;
            return;
        }

        var answer = await recent.RunOnceAsync(
            ResendKey(authentication.ClaimsIdentity, activity), () => RunTurnAsync(adapter, bot, authentication, activity, options.Value.Timeout));
        http.Response.StatusCode = answer.Status;
        if (answer.Body is { } body)
        {
            http.Response.ContentType = "application/json; charset=utf-8";
            await http.Response.Body.WriteAsync(body, http.RequestAborted);
        }
    }

    private static async Task<AuthenticateRequestResult?> AuthenticateAsync(
        CoachBotAdapter adapter, string authorization, Activity activity, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            return await adapter.AuthenticateAsync(authorization, activity, cancellationToken);
        }
        catch (Exception ex) when (IsRejectedCredential(ex))
        {
            // The SDK maps most token failures to UnauthorizedAccessException itself, but lets a bad signature, a
            // malformed token or odd claims (an audience array) escape as other exceptions. All mean "not signed by the
            // Bot Framework for us"; nothing of the bot ran.
            Log.TokenRejected(logger, ex.GetType().Name);
            return null;
        }
    }

    /// <summary>
    /// Who sent the activity, as authentication established it, and which activity it is: the channel that signed it
    /// (issuer and <c>serviceurl</c> claim, or anonymous where no app id is configured), the conversation and the id.
    /// Null when the activity has no id to match.
    /// </summary>
    private static string? ResendKey(ClaimsIdentity? identity, Activity activity)
    {
        if (string.IsNullOrEmpty(activity.Id) || string.IsNullOrEmpty(activity.Conversation?.Id))
        {
            return null;
        }
        // The SDK's identity for an unsigned request (no app id configured) is "authenticated" with the anonymous type.
        var signed = identity is { IsAuthenticated: true } && identity.AuthenticationType != AuthenticationConstants.AnonymousAuthType;
        return string.Join('\n',
            signed ? "signed" : "anonymous",
            identity?.FindFirst("iss")?.Value ?? "",
            identity?.FindFirst(AuthenticationConstants.ServiceUrlClaim)?.Value ?? activity.ServiceUrl,
            activity.ChannelId,
            activity.Conversation.Id,
            activity.Id);
    }

    private static async Task<TurnAnswer> RunTurnAsync(
        CoachBotAdapter adapter, IBot bot, AuthenticateRequestResult authentication, Activity activity, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        var response = await adapter.ProcessAuthenticatedAsync(authentication, activity, bot.OnTurnAsync, deadline.Token);
        if (response is null)
        {
            return new TurnAnswer(StatusCodes.Status200OK, null);
        }
        var body = response.Body is null ? null : System.Text.Encoding.UTF8.GetBytes(JsonConvert.SerializeObject(response.Body, HttpHelper.BotMessageSerializerSettings));
        return new TurnAnswer(response.Status, body);
    }

    private static async Task<(Activity? Activity, bool TooLarge)> ReadAsync(HttpContext http)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBodyBytes;
        }
        string body;
        try
        {
            using var reader = new StreamReader(http.Request.Body);
            body = await reader.ReadToEndAsync(http.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            return (null, false);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, true);
        }
        if (body.Length > MaxBodyBytes)
        {
            return (null, true);
        }
        try
        {
            using var json = new JsonTextReader(new StringReader(body)) { MaxDepth = 64 };
            return (HttpHelper.BotMessageSerializer.Deserialize<Activity>(json), false);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidCastException or ArgumentException)
        {
            return (null, false);
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
