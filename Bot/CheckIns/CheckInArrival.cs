using CoachBot.Arrival;
using CoachBot.Calendar;
using CoachBot.Features;
using CoachBot.Localization;
using CoachBot.Roster;

namespace CoachBot.CheckIns;

/// <summary>A rep's check-in of the open week while it has no answer, for the "what waits for you" card; Open brings its form.</summary>
public sealed class CheckInArrival(CheckInService service, CheckInCards cards, Texts texts) : IArrivalSection
{
    public string Name => "checkin";

    public int Order => 20;

    public async Task<IReadOnlyList<ArrivalPart>> ReadAsync(Caller caller, CancellationToken cancellationToken)
    {
        if (!caller.Member.Has(Role.Rep) || await service.OpenAsync(caller.Member, cancellationToken) is not { Form: { IsCorrection: false } form })
        {
            return [];
        }
        var language = caller.Language;
        return [new ArrivalPart(texts.Get(language, "arrival_checkin_heading"), [new ArrivalItem(form.Week.ToString(),
            texts.Format(language, "arrival_checkin_line", form.Week.Week, texts.DayRange(form.Week, language)),
            texts.Format(language, "arrival_checkin_detail", texts.When(form.CutOffLocal, language)))])];
    }

    /// <summary>The open week's form, or its summary when it was answered since the card was sent.</summary>
    public async Task<FeatureReply> OpenAsync(Caller caller, string item, CancellationToken cancellationToken)
    {
        if (!caller.Member.Has(Role.Rep))
        {
            return FeatureReply.Text(texts.Get(caller.Language, "checkin_reps_only"));
        }
        return await service.OpenAsync(caller.Member, cancellationToken) switch
        {
            { Form: { } form } => FeatureReply.Card(cards.Form(form, caller.Language)),
            { Summary: { } summary } view => FeatureReply.Card(cards.Summary(summary, view.Outcome, caller.Language)),
            _ => FeatureReply.Text(texts.Get(caller.Language, "arrival_gone")),
        };
    }
}
