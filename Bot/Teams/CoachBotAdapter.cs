using CoachBot.Localization;
using CoachBot.Roster;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector.Authentication;

namespace CoachBot.Teams;

/// <summary>
/// The Bot Framework adapter. One constructor, because the .NET 10 container finds <see cref="CloudAdapter"/>'s own
/// constructors ambiguous. A failed turn is logged with its exception, the user is told in their language, and the
/// conversation state is reset so the next message starts clean instead of failing the same way.
/// </summary>
public sealed class CoachBotAdapter : CloudAdapter
{
    public CoachBotAdapter(
        BotFrameworkAuthentication authentication,
        ConversationState conversationState,
        Texts texts,
        Organization organization,
        ILogger<CoachBotAdapter> logger)
        : base(authentication, logger)
    {
        OnTurnError = async (turnContext, exception) =>
        {
            Log.TurnFailed(logger, exception, turnContext.Activity?.Type, turnContext.Activity?.ChannelId);

            // Invoke activities (card actions) get their error through the invoke response, not a chat message.
            if (turnContext.Activity?.Type is not Microsoft.Bot.Schema.ActivityTypes.Invoke)
            {
                try
                {
                    var language = organization.LanguageForLocale(turnContext.Activity?.Locale);
                    await turnContext.SendActivityAsync(texts.Get(language, "turn_error"));
                }
                catch (Exception sendFailure)
                {
                    Log.ApologyFailed(logger, sendFailure);
                }
            }

            try
            {
                await conversationState.DeleteAsync(turnContext);
            }
            catch (Exception stateFailure)
            {
                Log.StateResetFailed(logger, stateFailure);
            }
        };
    }
}
