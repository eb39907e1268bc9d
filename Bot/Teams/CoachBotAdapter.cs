using CoachBot.Localization;
using CoachBot.Roster;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Bot.Schema;

namespace CoachBot.Teams;

/// <summary>
/// The Bot Framework adapter for incoming turns. One constructor, because the .NET 10 container finds
/// <see cref="CloudAdapter"/>'s own constructors ambiguous; connector clients are shared across turns
/// (<see cref="ReusedConnectors"/>). A failed turn is logged with its exception and, unless the user already got their
/// answer, they are told in their language: a chat message, or for a card button the invoke response.
/// </summary>
public sealed class CoachBotAdapter : CloudAdapter
{
    // The apology gets a deadline of its own: the turn's may be what ran out.
    private static readonly TimeSpan ApologyTimeout = TimeSpan.FromSeconds(4);

    public CoachBotAdapter(BotFrameworkAuthentication authentication, Texts texts, Organization organization, MessageSize messageSize, ILogger<CoachBotAdapter> logger)
        : base(new ReusedConnectors(authentication), logger)
    {
        Use(messageSize);
        OnTurnError = async (turnContext, exception) =>
        {
            var activity = turnContext.Activity;
            if (exception is OperationCanceledException)
            {
                Log.TurnTimedOut(logger, activity?.Type);
            }
            else
            {
                Log.TurnFailed(logger, exception, activity?.Type, activity?.ChannelId);
            }
            if (turnContext.Responded || activity is null || ActivityShape.IsEvent(activity))
            {
                // The user has their answer; what failed after it (a log write, a second message) is ours to fix, not theirs.
                // An event (install, membership, reaction) is Teams telling the bot something: it never produces a message.
                return;
            }

            var language = organization.LanguageForLocale(activity.Locale);
            using var deadline = new CancellationTokenSource(ApologyTimeout);
            try
            {
                if (activity.Type == ActivityTypes.Invoke)
                {
                    await turnContext.SendActivityAsync(InvokeError(texts.Get(language, "turn_error")), deadline.Token);
                }
                else
                {
                    await turnContext.SendActivityAsync(texts.Get(language, "turn_error"), cancellationToken: deadline.Token);
                }
            }
            catch (Exception sendFailure)
            {
                Log.ApologyFailed(logger, sendFailure);
            }
        };
    }

    /// <summary>
    /// Checks the request's token for this activity (the SDK's validation: signature, issuer, audience, lifetime, the
    /// channel's endorsement and the <c>serviceurl</c> claim). Nothing of the bot runs; a refused token throws.
    /// </summary>
    public Task<AuthenticateRequestResult> AuthenticateAsync(string authHeader, Activity activity, CancellationToken cancellationToken) =>
        BotFrameworkAuthentication.AuthenticateRequestAsync(activity, authHeader, cancellationToken);

    /// <summary>Runs the turn of an activity that passed <see cref="AuthenticateAsync"/>; the endpoint has read and checked the activity itself.</summary>
    public Task<InvokeResponse> ProcessAuthenticatedAsync(
        AuthenticateRequestResult authentication, Activity activity, BotCallbackHandler callback, CancellationToken cancellationToken) =>
        ProcessActivityAsync(authentication, activity, callback, cancellationToken);

    /// <summary>A card button whose turn failed: the card stays as it was and Teams shows the message.</summary>
    private static Activity InvokeError(string text) => new()
    {
        Type = ActivityTypesEx.InvokeResponse,
        Value = new InvokeResponse
        {
            Status = 200,
            Body = new AdaptiveCardInvokeResponse { StatusCode = 200, Type = "application/vnd.microsoft.activity.message", Value = text },
        },
    };
}
