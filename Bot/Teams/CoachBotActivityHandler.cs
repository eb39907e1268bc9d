using CoachBot.Arrival;
using CoachBot.Features;
using CoachBot.Localization;
using CoachBot.Roster;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Teams;
using Microsoft.Bot.Schema;
using Microsoft.Bot.Schema.Teams;
using Newtonsoft.Json.Linq;

namespace CoachBot.Teams;

/// <summary>
/// Routes Teams activities to the features and turns their answers into messages and cards. It holds no business
/// rules: who someone is comes from <see cref="TeamsIdentity"/>, what they see from the features (<see cref="IFeature"/>),
/// which declare their chat commands and card verbs; this class does not grow with them.
/// </summary>
public sealed class CoachBotActivityHandler(
    ConversationReferenceStore references,
    UserPreferencesStore preferences,
    TeamsIdentity identity,
    Onboarding onboarding,
    ArrivalGreeting arrival,
    ArrivalCard arrivalCard,
    FeatureDirectory features,
    Texts texts,
    Organization organization,
    TeamMembership teams,
    ILogger<CoachBotActivityHandler> logger) : TeamsActivityHandler
{
    /// <summary>
    /// The tenant is checked on every activity before anything runs: an event of another tenant (a team's membership,
    /// an uninstall, a reaction) is dropped, so nothing of it is stored or changed; a message, a click or a personal
    /// install goes on to the identity check, which refuses it politely and stores nothing.
    /// </summary>
    public override Task OnTurnAsync(ITurnContext turnContext, CancellationToken cancellationToken = default)
    {
        var activity = turnContext.Activity;
        if (!organization.IsOwnTenant(TeamsIdentity.TenantOf(activity))
            && !(activity.Type is ActivityTypes.Message or ActivityTypes.Invoke
                || (activity.Type == ActivityTypes.InstallationUpdate && activity.Action is ("add" or "add-upgrade") && IsPersonal(turnContext))))
        {
            Log.ForeignTenant(logger);
            return Task.CompletedTask;
        }
        return base.OnTurnAsync(turnContext, cancellationToken);
    }

    protected override async Task OnMessageActivityAsync(ITurnContext<IMessageActivity> turnContext, CancellationToken cancellationToken)
    {
        if (!IsPersonal(turnContext))
        {
            await turnContext.SendActivityAsync(texts.Get(LanguageFromLocale(turnContext.Activity), "personal_only"), cancellationToken: cancellationToken);
            return;
        }
        if (await IdentifyAsync(turnContext, cancellationToken) is not { } caller)
        {
            return;
        }
        await RememberAsync(turnContext, caller, isInstallation: false, cancellationToken);

        var text = ChatText(turnContext.Activity);
        if (text == "?" || Onboarding.Help.TryMatch(text, out _))
        {
            await turnContext.SendActivityAsync(CardMessages.Message(onboarding.HelpCard(caller.Member, caller.Language)), cancellationToken);
        }
        else if (Onboarding.Language.TryMatch(text, out var chosen))
        {
            await SetLanguageAsync(turnContext, caller, chosen, cancellationToken);
        }
        else if (features.FindCommand(text, caller.Member) is var (feature, command, argument))
        {
            var reply = await feature.RunCommandAsync(command, argument, caller, cancellationToken);
            await turnContext.SendActivityAsync(ToMessage(reply), cancellationToken);
        }
        else if (features.FindCommandOfOtherRoles(text, caller.Member) is { } others)
        {
            await turnContext.SendActivityAsync(onboarding.NotYours(others, caller.Language), cancellationToken: cancellationToken);
        }
        else
        {
            var shown = text.Length > 200 ? text[..200] + "…" : text;
            await turnContext.SendActivityAsync(texts.Format(caller.Language, "unknown_command", shown), cancellationToken: cancellationToken);
        }
    }

    /// <summary>A click on an <c>Action.Execute</c> button: the feature that owns the verb answers with the card that replaces it.</summary>
    protected override async Task<AdaptiveCardInvokeResponse> OnAdaptiveCardInvokeAsync(
        ITurnContext<IInvokeActivity> turnContext, AdaptiveCardInvokeValue invokeValue, CancellationToken cancellationToken)
    {
        var user = await identity.ResolveAsync(turnContext, cancellationToken);
        if (user is not { Member: { } member, AadObjectId: { } objectId })
        {
            Log.NotOnRoster(logger, turnContext.Activity.Type);
            return MessageResponse(texts.Get(LanguageFromLocale(turnContext.Activity), "not_on_roster"));
        }
        var caller = new Caller(member, objectId, await LanguageAsync(turnContext, member, objectId, cancellationToken));
        turnContext.TurnState.Set(MessageSize.LanguageKey, caller.Language);
        var verb = invokeValue.Action?.Verb ?? "";
        if (features.FindVerb(verb) is not { } feature)
        {
            Log.UnknownVerb(logger, verb.Length > 64 ? verb[..64] : verb);
            return MessageResponse(texts.Get(caller.Language, "unknown_action"));
        }
        var action = new Features.CardAction(verb, CardMessages.ActionData(invokeValue.Action?.Data));
        var reply = await feature.RunActionAsync(action, caller, cancellationToken);
        // A card opened from "what waits for you" keeps its way back when a click replaces it.
        if (reply is CardReply opened && action.Text(ArrivalCard.BackField) == ArrivalCard.BackValue && verb != ArrivalCard.ShowVerb
            && !ArrivalCard.HasBackButton(opened.Value))
        {
            reply = FeatureReply.Card(arrivalCard.WithBackButton(opened.Value, caller.Language));
        }
        return reply switch
        {
            CardReply card => CardMessages.InvokeResponse(card.Value),
            TextReply message => MessageResponse(message.Value),
            _ => throw new InvalidOperationException($"Unknown reply {reply.GetType().Name}."),
        };
    }

    /// <summary>
    /// A dialog (task module) the bot does not offer gets the answer Teams documents for one it cannot open: 200 with a
    /// <c>message</c> task, which Teams shows the user. Other invokes the bot does not handle get 400 (the SDK answers 501,
    /// a server error, for a client's request).
    /// </summary>
    protected override async Task<InvokeResponse> OnInvokeActivityAsync(ITurnContext<IInvokeActivity> turnContext, CancellationToken cancellationToken)
    {
        if (turnContext.Activity.Name is "task/fetch" or "task/submit")
        {
            return new InvokeResponse
            {
                Status = 200,
                Body = new TaskModuleResponse(new TaskModuleMessageResponse(texts.Get(LanguageFromLocale(turnContext.Activity), "unknown_action"))),
            };
        }
        var response = await base.OnInvokeActivityAsync(turnContext, cancellationToken);
        return response?.Status == 501 ? new InvokeResponse { Status = 400 } : response!;
    }

    protected override async Task OnInstallationUpdateAddAsync(ITurnContext<IInstallationUpdateActivity> turnContext, CancellationToken cancellationToken)
    {
        if (!IsPersonal(turnContext))
        {
            return;
        }
        if (await IdentifyAsync(turnContext, cancellationToken) is not { } caller)
        {
            return;
        }
        // An upgrade of the app ("add-upgrade") only refreshes the reference: nobody arrived.
        var upgrade = turnContext.Activity.Action == "add-upgrade";
        var kind = await RememberAsync(turnContext, caller, isInstallation: !upgrade, cancellationToken);
        if (kind is not InstallationKind.None)
        {
            // One card: the welcome (for someone new) or "welcome back", with what waits for them.
            var card = await arrival.GreetAsync(caller, returning: kind is InstallationKind.Returning, cancellationToken);
            await turnContext.SendActivityAsync(CardMessages.Message(card), cancellationToken);
        }
        // No e-mail or name in logs: they are personal data.
        Log.Installed(logger, string.Join(",", caller.Member.Roles.Order()), kind is not InstallationKind.None);
    }

    protected override async Task OnInstallationUpdateRemoveAsync(ITurnContext<IInstallationUpdateActivity> turnContext, CancellationToken cancellationToken)
    {
        if (TeamMembership.TeamOf(turnContext.Activity) is { } teamId)
        {
            await teams.ForgetAsync(teamId, cancellationToken);
            return;
        }
        if (turnContext.Activity.From?.AadObjectId is { Length: > 0 } objectId && IsPersonal(turnContext))
        {
            await references.MarkInactiveAsync(objectId, "uninstalled", cancellationToken);
            Log.Uninstalled(logger);
        }
    }

    /// <summary>
    /// A team event naming more people than <see cref="TeamMembership.MaxMembersPerEvent"/> is not taken as it is (the SDK
    /// would ask Teams about each of them, and each would be stored): the team is read again, page by page, instead.
    /// </summary>
    protected override async Task OnConversationUpdateActivityAsync(ITurnContext<IConversationUpdateActivity> turnContext, CancellationToken cancellationToken)
    {
        var activity = turnContext.Activity;
        var named = Math.Max(activity.MembersAdded?.Count ?? 0, activity.MembersRemoved?.Count ?? 0);
        if (named > TeamMembership.MaxMembersPerEvent && TeamMembership.TeamOf(activity) is { } teamId)
        {
            Log.LargeTeamEvent(logger, named);
            if (activity.MembersRemoved?.Any(m => m.Id == activity.Recipient?.Id) == true)
            {
                await teams.ForgetAsync(teamId, cancellationToken);
            }
            else
            {
                await teams.SyncAsync(turnContext, teamId, cancellationToken);
            }
            return;
        }
        await base.OnConversationUpdateActivityAsync(turnContext, cancellationToken);
    }

    /// <summary>In a team: the app added (every member is read, page by page) or people joining; elsewhere, the personal chat's handling.</summary>
    protected override async Task OnTeamsMembersAddedAsync(IList<TeamsChannelAccount> teamsMembersAdded, TeamInfo teamInfo, ITurnContext<IConversationUpdateActivity> turnContext, CancellationToken cancellationToken)
    {
        if (teamInfo?.Id is not { Length: > 0 } teamId)
        {
            await base.OnTeamsMembersAddedAsync(teamsMembersAdded, teamInfo, turnContext, cancellationToken);
            return;
        }
        if (teamsMembersAdded.Any(m => m.Id == turnContext.Activity.Recipient?.Id))
        {
            await teams.SyncAsync(turnContext, teamId, cancellationToken);
        }
        else
        {
            await teams.AddedAsync(teamId, teamsMembersAdded, cancellationToken);
        }
    }

    /// <summary>In a team: the app removed (the team is forgotten) or people leaving.</summary>
    protected override async Task OnTeamsMembersRemovedAsync(IList<TeamsChannelAccount> teamsMembersRemoved, TeamInfo teamInfo, ITurnContext<IConversationUpdateActivity> turnContext, CancellationToken cancellationToken)
    {
        if (teamInfo?.Id is not { Length: > 0 } teamId)
        {
            await base.OnTeamsMembersRemovedAsync(teamsMembersRemoved, teamInfo, turnContext, cancellationToken);
            return;
        }
        if (teamsMembersRemoved.Any(m => m.Id == turnContext.Activity.Recipient?.Id))
        {
            await teams.ForgetAsync(teamId, cancellationToken);
        }
        else
        {
            await teams.RemovedAsync(teamId, teamsMembersRemoved, cancellationToken);
        }
    }

    protected override async Task OnMembersAddedAsync(IList<ChannelAccount> membersAdded, ITurnContext<IConversationUpdateActivity> turnContext, CancellationToken cancellationToken)
    {
        var botAdded = membersAdded.Any(m => m.Id == turnContext.Activity.Recipient?.Id);
        if (!botAdded || !IsPersonal(turnContext))
        {
            return;
        }
        var user = await identity.ResolveAsync(turnContext, cancellationToken);
        if (user is { Member: { } member, AadObjectId: { } objectId })
        {
            // The install event welcomes; this one only keeps the reference fresh.
            await references.RememberAsync(objectId, member.Id, Reference(((ITurnContext)turnContext).Activity), isInstallation: false, cancellationToken);
        }
    }

    /// <summary>
    /// The roster member behind the activity and the language to answer them in. Someone not on the roster (or whom
    /// Teams reports without an Entra object id, so nothing of theirs could be kept) gets a polite answer instead,
    /// nothing of theirs is stored, and the result is null.
    /// </summary>
    private async Task<Caller?> IdentifyAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        var user = await identity.ResolveAsync(turnContext, cancellationToken);
        if (user is { Member: { } member, AadObjectId: { } objectId })
        {
            var caller = new Caller(member, objectId, await LanguageAsync(turnContext, member, objectId, cancellationToken));
            turnContext.TurnState.Set(MessageSize.LanguageKey, caller.Language);
            return caller;
        }
        if (user.Member is not null)
        {
            Log.NoObjectId(logger);
        }
        Log.NotOnRoster(logger, turnContext.Activity.Type);
        await turnContext.SendActivityAsync(texts.Get(LanguageFromLocale(turnContext.Activity), "not_on_roster"), cancellationToken: cancellationToken);
        return null;
    }

    private Task<InstallationKind> RememberAsync(ITurnContext turnContext, Caller caller, bool isInstallation, CancellationToken cancellationToken) =>
        references.RememberAsync(caller.AadObjectId, caller.Member.Id, Reference(turnContext.Activity), isInstallation, cancellationToken);

    /// <summary>The conversation reference with the locale Teams reports for the user, which proactive cards use when they chose no language.</summary>
    private static ConversationReference Reference(Activity activity)
    {
        var reference = activity.GetConversationReference();
        reference.Locale ??= activity.Locale;
        return reference;
    }

    private async Task SetLanguageAsync(ITurnContext turnContext, Caller caller, string argument, CancellationToken cancellationToken)
    {
        var chosen = Languages.Normalize(argument);
        if (chosen is null)
        {
            await turnContext.SendActivityAsync(texts.Get(caller.Language, "language_usage"), cancellationToken: cancellationToken);
            return;
        }
        // Stored before it is confirmed: a failed write reaches OnTurnError, and the user hears that, not "done".
        await preferences.SetLanguageAsync(caller.AadObjectId, chosen, cancellationToken);
        await turnContext.SendActivityAsync(texts.Get(chosen, "language_set"), cancellationToken: cancellationToken);
    }

    /// <summary>The user's explicit choice, else their Teams locale, else their roster language, else the organisation's.</summary>
    private async Task<string> LanguageAsync(ITurnContext turnContext, RosterMember member, string objectId, CancellationToken cancellationToken)
    {
        var chosen = await preferences.GetAsync(objectId, cancellationToken);
        return Languages.Normalize(chosen.Language)
            ?? Languages.Normalize(turnContext.Activity.Locale)
            ?? member.Language
            ?? organization.DefaultLanguage;
    }

    private static IMessageActivity ToMessage(FeatureReply reply) => reply switch
    {
        CardReply card => CardMessages.Message(card.Value),
        TextReply text => MessageFactory.Text(text.Value),
        _ => throw new InvalidOperationException($"Unknown reply {reply.GetType().Name}."),
    };

    private static AdaptiveCardInvokeResponse MessageResponse(string text) => new()
    {
        StatusCode = 200,
        Type = "application/vnd.microsoft.activity.message",
        Value = text,
    };

    /// <summary>What the user typed, or the command a plain <c>Action.Submit</c> button sent as <c>{"command": "..."}</c>.</summary>
    private static string ChatText(IMessageActivity activity) =>
        (activity.Value is JObject value && value["command"] is JValue { Type: JTokenType.String } pressed ? (string)pressed! : activity.Text ?? "").Trim();

    private string LanguageFromLocale(IActivity activity) => organization.LanguageForLocale((activity as Activity)?.Locale);

    /// <summary>
    /// A one-to-one chat, as Teams says so. A missing conversation type is not personal, except for unsigned local
    /// requests (no app id, Development only): the Agents Playground leaves it out of its personal chat.
    /// </summary>
    private static bool IsPersonal(ITurnContext turnContext) =>
        turnContext.Activity.Conversation?.ConversationType switch
        {
            "personal" => true,
            null => turnContext.TurnState.Get<System.Security.Principal.IIdentity>(BotAdapter.BotIdentityKey)?.AuthenticationType
                == Microsoft.Bot.Connector.Authentication.AuthenticationConstants.AnonymousAuthType,
            _ => false,
        };
}
