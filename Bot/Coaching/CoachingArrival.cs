using CoachBot.Arrival;
using CoachBot.Features;
using CoachBot.Localization;

namespace CoachBot.Coaching;

/// <summary>The person's coaching prompt of this week while it waits for an answer, for the "what waits for you" card; Open brings the prompt card.</summary>
public sealed class CoachingArrival(CoachingService service, CoachingCards cards, Texts texts) : IArrivalSection
{
    public string Name => "coaching";

    public int Order => 30;

    public async Task<IReadOnlyList<ArrivalPart>> ReadAsync(Caller caller, CancellationToken cancellationToken)
    {
        if (await service.CurrentAsync(caller.Member, cancellationToken) is not { Record: { } record, Prompt: { } prompt })
        {
            return [];
        }
        var language = caller.Language;
        var theme = service.Programme.Theme(prompt.Theme).Label.In(language);
        var detail = record.Outcome == CoachingOutcome.Later ? texts.Get(language, "arrival_coaching_later") : cards.Text(prompt.Prompt, language);
        return [new ArrivalPart(texts.Get(language, "arrival_coaching_heading"),
            [new ArrivalItem(record.Week.ToString(), texts.Format(language, "arrival_coaching_line", record.Week.Week, theme), detail)])];
    }

    public async Task<FeatureReply> OpenAsync(Caller caller, string item, CancellationToken cancellationToken) =>
        await service.CurrentAsync(caller.Member, cancellationToken) is { } view
            ? FeatureReply.Card(cards.For(view, caller.Language))
            : FeatureReply.Text(texts.Get(caller.Language, "arrival_gone"));
}
