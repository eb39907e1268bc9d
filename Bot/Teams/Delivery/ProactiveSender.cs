using System.Globalization;
using System.Net;
using System.Runtime.ExceptionServices;
using System.Text.Json.Nodes;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Options;
using Microsoft.Rest;

namespace CoachBot.Teams.Delivery;

/// <summary>Teams answered a send with an error status. <see cref="RetryAfter"/> is Teams' own Retry-After, when it gave one.</summary>
public sealed class ConnectorException(HttpStatusCode status, TimeSpan? retryAfter, string? errorCode, Exception inner, bool absentInPlayground = false)
    : Exception($"Teams answered {(int)status} ({errorCode ?? status.ToString()}){(absentInPlayground ? ": the local Playground plays someone else, the conversation stays active" : "")}.", inner)
{
    public HttpStatusCode Status { get; } = status;
    public TimeSpan? RetryAfter { get; } = retryAfter;
    public string? ErrorCode { get; } = errorCode;

    /// <summary>Worth another try: throttled, or a failure Teams documents as passing (412, 502, 503, 504).</summary>
    public bool IsTransient => (int)Status is 429 or 412 or 502 or 503 or 504;

    /// <summary>A 404 from the local run's Playground, which plays someone else now (<see cref="LocalRunPolicy"/>): not gone.</summary>
    public bool AbsentInPlayground { get; } = absentInPlayground;

    /// <summary>The user blocked or removed the app (403), or the conversation no longer exists (404): never retry.</summary>
    public bool ConversationIsGone => (Status is HttpStatusCode.Forbidden or HttpStatusCode.NotFound) && !AbsentInPlayground;
}

/// <summary>
/// Sends one card into a stored conversation through the bot's own adapter and returns the activity id Teams gave it.
/// The Bot Framework surfaces connector errors as <see cref="ErrorResponseException"/> (or Microsoft.Rest's
/// <see cref="HttpOperationException"/>); they come out of here as <see cref="ConnectorException"/>.
/// </summary>
public sealed class ProactiveSender(ProactiveAdapter adapter, IOptions<BotIdentityOptions> identity, TimeProvider clock, LocalRunPolicy localRun)
{
    /// <summary>Sends <paramref name="card"/> as a new message; returns the activity id Teams gave it.</summary>
    public Task<string> SendAsync(ConversationReference reference, JsonObject card, CancellationToken cancellationToken) =>
        SendAsync(reference, CardMessages.Message(card), cancellationToken);

    /// <summary>Sends <paramref name="message"/> as a new message; returns the activity id Teams gave it.</summary>
    public async Task<string> SendAsync(ConversationReference reference, IMessageActivity message, CancellationToken cancellationToken) =>
        await ContinueAsync(reference, (turnContext, token) => turnContext.SendActivityAsync(message, token), cancellationToken) ?? "";

    /// <summary>
    /// Replaces the message <paramref name="activityId"/> of the conversation with <paramref name="message"/> (PUT
    /// /v3/conversations/{id}/activities/{activityId}); returns the activity id, the same one.
    /// </summary>
    public async Task<string> UpdateAsync(ConversationReference reference, string activityId, IMessageActivity message, CancellationToken cancellationToken)
    {
        message.Id = activityId;
        var id = await ContinueAsync(reference, (turnContext, token) => turnContext.UpdateActivityAsync(message, token), cancellationToken);
        return string.IsNullOrEmpty(id) ? activityId : id;
    }

    private async Task<string?> ContinueAsync(
        ConversationReference reference, Func<ITurnContext, CancellationToken, Task<ResourceResponse>> operation, CancellationToken cancellationToken)
    {
        string? activityId = null;
        ExceptionDispatchInfo? failure = null;
        await adapter.ContinueConversationAsync(identity.Value.MicrosoftAppId ?? "", reference, async (turnContext, token) =>
        {
            // The failure is carried out of the turn rather than thrown inside it: thrown, it would reach the adapter's
            // OnTurnError, which apologises to the user (a second message) and swallows the error the retry needs.
            try
            {
                var response = await operation(turnContext, token);
                activityId = response?.Id;
            }
            catch (Exception ex)
            {
                failure = ExceptionDispatchInfo.Capture(ex);
            }
        }, cancellationToken);

        if (failure is not null)
        {
            throw Translate(failure.SourceException, clock.GetUtcNow(), status => localRun.IsAbsentInPlayground(reference, status)) ?? failure.SourceException;
        }
        return activityId;
    }

    private static ConnectorException? Translate(Exception exception, DateTimeOffset now, Func<HttpStatusCode, bool> absent) => exception switch
    {
        ErrorResponseException { Response: { } response } error =>
            new ConnectorException(response.StatusCode, RetryAfterOf(response.Headers, now), error.Body?.Error?.Code, exception, absent(response.StatusCode)),
        HttpOperationException { Response: { } response } =>
            new ConnectorException(response.StatusCode, RetryAfterOf(response.Headers, now), null, exception, absent(response.StatusCode)),
        _ => null,
    };

    /// <summary>Retry-After is either a number of seconds or an HTTP date.</summary>
    internal static TimeSpan? RetryAfterOf(IDictionary<string, IEnumerable<string>>? headers, DateTimeOffset now)
    {
        var value = headers?.FirstOrDefault(h => string.Equals(h.Key, "Retry-After", StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
        {
            return TimeSpan.FromSeconds(seconds);
        }
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            var wait = at - now;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }
        return null;
    }
}
