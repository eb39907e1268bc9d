using System.Text;
using CoachBot.Localization;
using CoachBot.Roster;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Newtonsoft.Json;

namespace CoachBot.Teams;

/// <summary>
/// Teams refuses a message over about 28 KB, and then nothing of it is shown or updated. Every activity the bot sends
/// (a reply, a card button's answer, a proactive send, an update of a card sent earlier) crosses to the SDK through
/// the adapters this middleware is on, and is measured here as the SDK writes it. One over <see cref="MaxBytes"/> is
/// logged as an error (its kind and size, never its content) and replaced by a short sentence in the person's
/// language that sends them to the Dashboard; the features keep their cards under it by listing the newest entries and
/// saying how many are left out (<see cref="Cards.CardList"/>).
/// </summary>
public sealed class MessageSize(Texts texts, Organization organization, ILogger<MessageSize> logger) : Microsoft.Bot.Builder.IMiddleware
{
    /// <summary>The most an activity may weigh, as serialized: 28 KB, the size Teams documents for a message.</summary>
    public const int MaxBytes = 28_000;

    /// <summary>Turn state: the language the caller is answered in, set once they are identified.</summary>
    public const string LanguageKey = "CoachBot.Language";

    // A text under this many characters cannot weigh MaxBytes (4 bytes a character at most, plus the envelope).
    private const int SmallText = 4_000;

    private static readonly JsonSerializerSettings Serializer = new() { NullValueHandling = NullValueHandling.Ignore, Formatting = Formatting.None };

    public async Task OnTurnAsync(ITurnContext turnContext, NextDelegate next, CancellationToken cancellationToken = default)
    {
        turnContext.OnSendActivities(async (context, activities, nextSend) =>
        {
            foreach (var activity in activities)
            {
                Bound(context, activity);
            }
            return await nextSend();
        });
        turnContext.OnUpdateActivity(async (context, activity, nextUpdate) =>
        {
            Bound(context, activity);
            return await nextUpdate();
        });
        await next(cancellationToken);
    }

    /// <summary>The size of what the SDK sends for <paramref name="activity"/>: the invoke answer's body, else the activity.</summary>
    public static int SizeOf(Activity activity)
    {
        object sent = activity.Type == ActivityTypesEx.InvokeResponse && activity.Value is InvokeResponse { Body: { } body } ? body : activity;
        return Encoding.UTF8.GetByteCount(JsonConvert.SerializeObject(sent, Serializer));
    }

    private void Bound(ITurnContext context, Activity activity)
    {
        if (activity.Attachments is not { Count: > 0 } && activity.Value is null && (activity.Text?.Length ?? 0) < SmallText)
        {
            return;
        }
        var size = SizeOf(activity);
        if (size <= MaxBytes)
        {
            return;
        }
        Log.MessageTooLarge(logger, activity.Type, size, MaxBytes);
        var language = context.TurnState.Get<string>(LanguageKey) ?? organization.LanguageForLocale(context.Activity?.Locale);
        var sentence = texts.Get(language, "message_too_large");
        if (activity.Type == ActivityTypesEx.InvokeResponse)
        {
            // A card button's answer: the clicked card stays, and Teams shows the sentence.
            activity.Value = new InvokeResponse
            {
                Status = 200,
                Body = new AdaptiveCardInvokeResponse { StatusCode = 200, Type = "application/vnd.microsoft.activity.message", Value = sentence },
            };
            return;
        }
        activity.Attachments = null;
        activity.AttachmentLayout = null;
        activity.Value = null;
        activity.Text = sentence;
        activity.TextFormat = TextFormatTypes.Plain;
    }
}
