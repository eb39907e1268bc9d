using CoachBot.Localization;
using CoachBot.Roster;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Teams;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace CoachBot.Teams;

/// <summary>
/// Routes Teams activities to the features and turns their answers into messages and cards. It holds no business
/// rules: who someone is comes from <see cref="TeamsIdentity"/>, what they see from the feature services.
/// </summary>
public sealed class CoachBotActivityHandler(
    ConversationReferenceStore references,
    TeamsIdentity identity,
    Onboarding onboarding,
    Texts texts,
    Organization organization,
    ConversationState conversationState,
    UserState userState,
    ILogger<CoachBotActivityHandler> logger) : TeamsActivityHandler
{
    private readonly IStatePropertyAccessor<UserPreferences> _preferences = userState.CreateProperty<UserPreferences>("preferences");

    public override async Task OnTurnAsync(ITurnContext turnContext, CancellationToken cancellationToken = default)
    {
        await base.OnTurnAsync(turnContext, cancellationToken);
        await conversationState.SaveChangesAsync(turnContext, false, cancellationToken);
        await userState.SaveChangesAsync(turnContext, false, cancellationToken);
    }

    protected override async Task OnMessageActivityAsync(ITurnContext<IMessageActivity> turnContext, CancellationToken cancellationToken)
    {
        if (!IsPersonal(turnContext.Activity))
        {
            await turnContext.SendActivityAsync(texts.Get(LanguageFromLocale(turnContext.Activity), "personal_only"), cancellationToken: cancellationToken);
            return;
        }

        if (await IdentifyAsync(turnContext, cancellationToken) is not (var user, var member, var language))
        {
            return;
        }
        await RememberAsync(turnContext, user, isInstallation: false, cancellationToken);

        var input = ChatInput.From(turnContext.Activity);
        if (Onboarding.Help.IsInvokedBy(input.Command) || input.Command == "?")
        {
            await turnContext.SendActivityAsync(CardMessages.Message(onboarding.HelpCard(member, language)), cancellationToken);
        }
        else if (Onboarding.Language.IsInvokedBy(input.Command))
        {
            await SetLanguageAsync(turnContext, input.Argument, language, cancellationToken);
        }
        else
        {
            await turnContext.SendActivityAsync(texts.Format(language, "unknown_command", input.Raw), cancellationToken: cancellationToken);
        }
    }

    protected override async Task OnInstallationUpdateAddAsync(ITurnContext<IInstallationUpdateActivity> turnContext, CancellationToken cancellationToken)
    {
        if (!IsPersonal(turnContext.Activity))
        {
            return;
        }
        if (await IdentifyAsync(turnContext, cancellationToken) is not (var user, var member, var language))
        {
            return;
        }
        var newInstallation = await RememberAsync(turnContext, user, isInstallation: true, cancellationToken);
        if (newInstallation)
        {
            await turnContext.SendActivityAsync(CardMessages.Message(onboarding.WelcomeCard(member, language)), cancellationToken);
        }
        // No e-mail or name in logs: they are personal data.
        Log.Installed(logger, string.Join(",", member.Roles.Order()), newInstallation);
    }

    protected override async Task OnInstallationUpdateRemoveAsync(ITurnContext<IInstallationUpdateActivity> turnContext, CancellationToken cancellationToken)
    {
        if (turnContext.Activity.From?.AadObjectId is { Length: > 0 } objectId && IsPersonal(turnContext.Activity))
        {
            await references.MarkInactiveAsync(objectId, "uninstalled", cancellationToken);
            Log.Uninstalled(logger);
        }
    }

    protected override async Task OnMembersAddedAsync(IList<ChannelAccount> membersAdded, ITurnContext<IConversationUpdateActivity> turnContext, CancellationToken cancellationToken)
    {
        var botAdded = membersAdded.Any(m => m.Id == turnContext.Activity.Recipient?.Id);
        if (!botAdded || !IsPersonal(turnContext.Activity))
        {
            return;
        }
        var user = await identity.ResolveAsync(turnContext, cancellationToken);
        if (user.Member is not null)
        {
            // The install event welcomes; this one only keeps the reference fresh.
            await RememberAsync(turnContext, user, isInstallation: false, cancellationToken);
        }
    }

    /// <summary>
    /// The roster member behind the activity and the language to answer them in. Someone not on the roster gets a
    /// polite answer instead, nothing of theirs is stored, and the result is null.
    /// </summary>
    private async Task<Caller?> IdentifyAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        var user = await identity.ResolveAsync(turnContext, cancellationToken);
        if (user.Member is { } member)
        {
            return new Caller(user, member, await LanguageAsync(turnContext, member, cancellationToken));
        }
        Log.NotOnRoster(logger, turnContext.Activity.Type);
        await turnContext.SendActivityAsync(texts.Get(LanguageFromLocale(turnContext.Activity), "not_on_roster"), cancellationToken: cancellationToken);
        return null;
    }

    private async Task<bool> RememberAsync(ITurnContext turnContext, TeamsUser user, bool isInstallation, CancellationToken cancellationToken)
    {
        if (user.AadObjectId is null)
        {
            Log.NoObjectId(logger);
            return isInstallation;
        }
        var reference = turnContext.Activity.GetConversationReference();
        return await references.RememberAsync(user.AadObjectId, user.Member!.Id, reference, isInstallation, cancellationToken);
    }

    private async Task SetLanguageAsync(ITurnContext turnContext, string argument, string current, CancellationToken cancellationToken)
    {
        var chosen = Languages.Normalize(argument);
        if (chosen is null)
        {
            await turnContext.SendActivityAsync(texts.Get(current, "language_usage"), cancellationToken: cancellationToken);
            return;
        }
        var preferences = await _preferences.GetAsync(turnContext, () => new UserPreferences(), cancellationToken);
        preferences.Language = chosen;
        // Stored before it is confirmed: a failed save reaches OnTurnError, and the user hears that, not "done".
        await userState.SaveChangesAsync(turnContext, false, cancellationToken);
        await turnContext.SendActivityAsync(texts.Get(chosen, "language_set"), cancellationToken: cancellationToken);
    }

    /// <summary>The user's explicit choice, else their Teams locale, else their roster language, else the organisation's.</summary>
    private async Task<string> LanguageAsync(ITurnContext turnContext, RosterMember member, CancellationToken cancellationToken)
    {
        var preferences = await _preferences.GetAsync(turnContext, () => new UserPreferences(), cancellationToken);
        return Languages.Normalize(preferences.Language)
            ?? Languages.Normalize(turnContext.Activity.Locale)
            ?? member.Language
            ?? organization.DefaultLanguage;
    }

    private string LanguageFromLocale(IActivity activity) => organization.LanguageForLocale((activity as Activity)?.Locale);

    private static bool IsPersonal(IActivity activity) =>
        activity.Conversation?.ConversationType is null or "personal";
}

internal sealed record Caller(TeamsUser User, RosterMember Member, string Language);

/// <summary>What the user typed or pressed: a command word and the rest. Card buttons send <c>{"command": "..."}</c>.</summary>
internal sealed record ChatInput(string Command, string Argument, string Raw)
{
    public static ChatInput From(IMessageActivity activity)
    {
        var raw = (activity.Value is JObject value && value.Value<string>("command") is { } pressed ? pressed : activity.Text ?? "").Trim();
        var parts = raw.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var command = parts.Length > 0 ? parts[0].ToLowerInvariant() : "";
        return new ChatInput(command, parts.Length > 1 ? parts[1] : "", raw.Length > 200 ? raw[..200] + "…" : raw);
    }
}
