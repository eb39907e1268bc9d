using System.Text.Json.Nodes;
using CoachBot.Calendar;
using CoachBot.Cards;
using CoachBot.Features;
using CoachBot.Localization;
using CoachBot.Roster;

namespace CoachBot.CheckIns;

/// <summary>
/// The check-in's chat commands and card verbs, for the edge to dispatch. The commands are for reps (their roles say so:
/// others are told whose they are before they get here); who may submit a card is the service's to say. Whose
/// check-in it is always comes from the <see cref="Caller"/>; the card data only names the week (anything else in it is ignored).
/// </summary>
public sealed class CheckInFeature(CheckInService service, CheckInCards cards, Texts texts, CheckInCalendar calendar) : IFeature
{
    private static readonly IReadOnlySet<Role> Reps = new HashSet<Role> { Role.Rep };

    public static readonly ChatCommand CheckIn = new("checkin", "point", "cmd_checkin", Reps);
    public static readonly ChatCommand MyStats = new("my stats", "mes stats", "cmd_my_stats", Reps);
    // "absent(e)": the command matches « absent » and « absente » (ChatCommand's "(e)" ending).
    public static readonly ChatCommand Away = new("away until DD/MM/YYYY", "absent(e) jusqu’au JJ/MM/AAAA", "cmd_away", Reps);
    public static readonly ChatCommand Back = new("back", "retour", "cmd_back", Reps);

    public IReadOnlyList<ChatCommand> Commands { get; } = [CheckIn, MyStats, Away, Back];

    public IReadOnlyList<string> Verbs { get; } = [CheckInCards.SubmitVerb, CheckInCards.EditVerb];

    public async Task<FeatureReply> RunCommandAsync(ChatCommand command, string argument, Caller caller, CancellationToken cancellationToken)
    {
        var language = caller.Language;
        var rep = caller.Member;
        switch (command.English)
        {
            case var c when c == CheckIn.English:
                return Reply(await service.OpenAsync(rep, cancellationToken), language);

            case var c when c == MyStats.English:
                return FeatureReply.Card(cards.Stats(await service.StatsAsync(rep, cancellationToken), language));

            case var c when c == Away.English:
                if (!AwayDate.TryParse(argument, service.Today(rep), out var until))
                {
                    return FeatureReply.Text(texts.Get(language, "away_usage"));
                }
                var away = await service.SetAwayAsync(rep, until, cancellationToken);
                return FeatureReply.Text(away is null
                    ? texts.Format(language, "away_past", Texts.LongDate(until, language))
                    : texts.Format(language, "away_set", Texts.LongDate(until, language), Texts.LongDate(until.AddDays(1), language)));

            case var c when c == Back.English:
                return FeatureReply.Text(texts.Get(language, await service.BackAsync(rep, cancellationToken) ? "back_done" : "back_not_away"));

            default:
                throw new ArgumentException($"'{command.English}' is not a check-in command.", nameof(command));
        }
    }

    public async Task<FeatureReply> RunActionAsync(CardAction action, Caller caller, CancellationToken cancellationToken)
    {
        var language = caller.Language;
        // Only the week is read from the card data: a rep id, an object id or anything else in it changes nothing.
        var week = action.Text("week");
        var view = action.Verb switch
        {
            CheckInCards.SubmitVerb => await service.SubmitAsync(caller.Member, week, action.Texts(CheckInRules.Fields), cancellationToken),
            CheckInCards.EditVerb => await service.EditAsync(caller.Member, week, cancellationToken),
            _ => throw new ArgumentException($"'{action.Verb}' is not a check-in verb.", nameof(action)),
        };
        return Reply(view, language, asCard: true);
    }

    private FeatureReply Reply(CheckInView view, string language, bool asCard = false)
    {
        switch (view)
        {
            case { Outcome: CheckInOutcome.RepsOnly }:
                return Notice(texts.Get(language, "checkin_reps_only"), language);
            case { Form: { } form }:
                return FeatureReply.Card(cards.Form(form, language));
            case { Summary: { } summary }:
                return FeatureReply.Card(cards.Summary(summary, view.Outcome, language));
            case { Outcome: CheckInOutcome.Closed }:
                var closed = texts.Format(language, "checkin_closed_unanswered", view.Week.Week, texts.When(view.CutOffLocal ?? calendar.CutOffLocal(view.Week), language));
                return asCard ? Notice(closed, language, view.Week) : FeatureReply.Text(closed);
            default:
                var notOpen = texts.Format(language, "checkin_not_open", view.Week.Week);
                return asCard ? Notice(notOpen, language, view.Week) : FeatureReply.Text(notOpen);
        }
    }

    private FeatureReply Notice(string message, string language, IsoWeek? week = null) => FeatureReply.Card(CardTemplate.Load("Cards/notice.json").Fill(new JsonObject
    {
        ["title"] = week is { } w ? texts.Format(language, "checkin_title", w.Week, texts.DayRange(w, language)) : texts.Get(language, "checkin_stats_title"),
        ["message"] = message,
    }));

}
