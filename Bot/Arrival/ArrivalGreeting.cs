using System.Text.Json.Nodes;
using CoachBot.Features;
using CoachBot.Localization;
using CoachBot.Roster;

namespace CoachBot.Arrival;

/// <summary>
/// The one card a person gets on install: someone new, the welcome of their role with what waits for them under it;
/// someone coming back, "welcome back" and what waits for them, never the welcome of a newcomer.
/// </summary>
public sealed class ArrivalGreeting(ArrivalCard card, Onboarding onboarding, Texts texts, ILogger<ArrivalGreeting> logger)
{
    public async Task<JsonObject> GreetAsync(Caller caller, bool returning, CancellationToken cancellationToken)
    {
        if (returning)
        {
            var (back, waiting) = await card.BuildAsync(caller, texts.Format(caller.Language, "arrival_back_title", caller.Member.Name), cancellationToken);
            Log.Greeted(logger, "returning", waiting);
            return back;
        }
        var welcome = onboarding.WelcomeCard(caller.Member, caller.Language);
        var (waits, items) = await card.BuildAsync(caller, title: null, cancellationToken);
        var body = welcome["body"]!.AsArray();
        foreach (var element in waits["body"]!.AsArray().ToList())
        {
            body.Add(element!.DeepClone());
        }
        Log.Greeted(logger, "new", items);
        return welcome;
    }
}
