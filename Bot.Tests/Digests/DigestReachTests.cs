using CoachBot.Digests;
using CoachBot.Tests.Infrastructure;

namespace CoachBot.Tests.Digests;

/// <summary>The director's weekly digest names who the bot cannot reach, and how many, so the gap is seen every Monday.</summary>
public sealed class DigestReachTests
{
    private static bool IsDigest(RecordedActivity activity) => activity.ConversationId == TestRoster.Director.ConversationId
        && (CardText.Joined(activity.Card).Contains("Team digest") || CardText.Joined(activity.Card).Contains("Synthèse de l’équipe"));

    /// <summary>Sends the director's digest of the week and returns the text of the card that arrives.</summary>
    private static async Task<string> DirectorDigestAsync(BotTestBed bed)
    {
        var before = bed.Bot.Connector.Activities.Count(IsDigest);
        await bed.Bot.Service<DigestCampaigns>().SendDirectorAsync(CancellationToken.None);
        await bed.Bot.Connector.WaitForAsync(_ => bed.Bot.Connector.Activities.Count(IsDigest) > before);
        return CardText.Joined(bed.Bot.Connector.Activities.Where(IsDigest).ElementAt(before).Card);
    }

    [Fact]
    public async Task TheDirectorsDigestNamesWhoCannotBeReachedAndWhy()
    {
        await using var bed = await BotTestBed.StartDigestsAsync();
        await bed.InstallAsync(TestRoster.Director, TestRoster.Sponsor, TestRoster.Lead, TestRoster.Rep, BotTestBed.Nadia);
        (await bed.Bot.Http.PostAsync(TeamsActivities.InstallationRemove(BotTestBed.Nadia, bed.Connector.ServiceUrl))).EnsureSuccessStatusCode();
        // Claire's Teams is French: she asks for English, so the section reads as written below.
        await bed.SayAsync(TestRoster.Director, "language en");

        var text = await DirectorDigestAsync(bed);

        Assert.Contains("Who CoachBot cannot reach | 4 people cannot be reached: | Wei Lin: has never installed CoachBot | Priya Nair: has never installed CoachBot"
            + " | Nadia Amrani: removed CoachBot | Omar Sy: has never installed CoachBot", text);
    }

    [Fact]
    public async Task WhenOneOrNobodyIsOutOfReachTheDigestSaysSoInEachLanguage()
    {
        await using var bed = await BotTestBed.StartDigestsAsync();
        await bed.InstallAsync(TestRoster.Director, TestRoster.Sponsor, TestRoster.Lead, TestRoster.Rep, TestRoster.EnglishRep, BotTestBed.Nadia, BotTestBed.Omar);
        await bed.SayAsync(TestRoster.Director, "langue fr");

        var one = await DirectorDigestAsync(bed);
        Assert.Contains("Qui CoachBot ne peut pas joindre | 1 personne ne peut pas être jointe\u00a0: | Priya Nair\u00a0: n’a jamais installé CoachBot", one);

        await bed.InstallAsync(TestRoster.EmailOnlyRep);
        await bed.SayAsync(TestRoster.Director, "language en");
        bed.Clock.Advance(TimeSpan.FromDays(7));
        var none = await DirectorDigestAsync(bed);
        Assert.Contains("Who CoachBot cannot reach | Everyone on the roster can be reached.", none);
    }
}
