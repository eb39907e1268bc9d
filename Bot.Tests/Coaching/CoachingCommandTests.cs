using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CoachBot.Calendar;
using CoachBot.Coaching;
using CoachBot.Tests.Infrastructure;

namespace CoachBot.Tests.Coaching;

public sealed class CoachingCommandTests
{
    private async Task SeedAsync(BotTestBed bed, TeamsUserAccount user, int week, string promptId, CoachingOutcome outcome, string? commitment = null)
    {
        var member = bed.Member(user);
        var prompt = bed.Bot.Service<CoachingProgramme>().Find(promptId)!;
        var at = BotTestBed.TuesdayW49.AddDays(7 * (week - 49));
        Assert.True(await bed.CoachingStore.TryAddAsync(new CoachingRecord(member.Id, new IsoWeek(2026, week), "rep", prompt.Id, prompt.Theme, "technical",
            new SelectionReason(SelectionReason.Programme), at, outcome, outcome == CoachingOutcome.Sent ? null : at, Commitment: commitment), CancellationToken.None));
    }

    [Fact]
    public async Task MyProgrammeShowsDoneLaterAndSkippedPerThemeAndTheOpenCommitmentInTheCallersLanguage()
    {
        await using var bed = await BotTestBed.StartCoachingAsync(BotTestBed.TuesdayW49);
        await bed.InstallAsync(BotTestBed.Omar, BotTestBed.Nadia);
        await SeedAsync(bed, BotTestBed.Omar, 45, "rep-01", CoachingOutcome.Done);           // product knowledge
        await SeedAsync(bed, BotTestBed.Omar, 46, "rep-06", CoachingOutcome.NotRelevant);    // product knowledge
        await SeedAsync(bed, BotTestBed.Omar, 47, "rep-03", CoachingOutcome.Later);          // visit planning
        await SeedAsync(bed, BotTestBed.Omar, 48, "rep-05", CoachingOutcome.Done, "Ask the pumps BU for the datasheet on Monday");
        await SeedAsync(bed, BotTestBed.Omar, 49, "rep-02", CoachingOutcome.Sent);
        await SeedAsync(bed, BotTestBed.Nadia, 48, "rep-01", CoachingOutcome.Done, "Appeler deux distributeurs au Kenya");

        var english = (await bed.SayAsync(BotTestBed.Omar, "my programme")).Card!;
        var french = (await bed.SayAsync(BotTestBed.Nadia, "mon programme")).Card!;

        var facts = english["body"]![2]!["facts"]!.AsArray().ToDictionary(f => f!["title"]!.GetValue<string>(), f => f!["value"]!.GetValue<string>());
        Assert.Equal("done 1 · later 0 · not relevant 1", facts["Product knowledge"]);
        Assert.Equal("done 0 · later 1 · not relevant 0", facts["Visit planning"]);
        // Saved with a commitment that next week's card has not asked about yet: not done, waiting for that answer.
        Assert.Equal("done 0 · waiting for next week's answer 1 · later 0 · not relevant 0", facts["Cross-BU collaboration"]);
        Assert.Equal("done 0 · later 0 · not relevant 0", facts["Value selling"]);
        Assert.Equal(5, facts.Count); // the rep track's themes only
        var text = CardText.Joined(english);
        Assert.Contains("1 of the 24 prompts of your track done. 1 prompt saved with a commitment counts as done once next week's card says you did it.", text);
        Assert.Contains("Open commitment (week 48): Ask the pumps BU for the datasheet on Monday", text);
        Assert.DoesNotContain("Kenya", text); // Nadia's, not his
        Assert.Contains("Engagement en cours (semaine 48)\u00a0: Appeler deux distributeurs au Kenya", CardText.Joined(french));
        Assert.Contains("faits\u00a0: 0 · en attente du point de la semaine prochaine\u00a0: 1 · reportés\u00a0: 0 · pas pertinents\u00a0: 0", CardText.Joined(french));
    }

    [Fact]
    public async Task EveryRoleHasMyProgrammeOnTheHelpCardAndAsksItInTheirOwnTrack()
    {
        await using var bed = await BotTestBed.StartCoachingAsync(BotTestBed.TuesdayW49);
        await bed.InstallAsync(TestRoster.Director, TestRoster.Lead, TestRoster.Sponsor, TestRoster.EnglishRep);

        foreach (var user in new[] { TestRoster.Director, TestRoster.Lead, TestRoster.Sponsor, TestRoster.EnglishRep })
        {
            var expected = user.Locale.StartsWith("fr", StringComparison.Ordinal) ? "mon programme" : "my programme";
            Assert.Contains(expected, CardText.All((await bed.SayAsync(user, "help")).Card));
        }
        var lead = CardText.Joined((await bed.SayAsync(TestRoster.Lead, "my programme")).Card);
        Assert.Contains("Objections", lead);
        Assert.DoesNotContain("Product knowledge", lead);
        Assert.Contains("No prompt answered yet.", lead);
    }

    [Fact]
    public async Task TheAdminRouteListsOneJobPerTimeZoneAndRunsOneNow()
    {
        // In real time, with the real scheduler, as in the local demo.
        await using var bed = await BotTestBed.StartCoachingAsync(DateTimeOffset.UtcNow, realTimeWithScheduler: true);
        await bed.InstallAsync(BotTestBed.Omar);
        var list = new HttpRequestMessage(HttpMethod.Get, "/api/admin/jobs") { Headers = { { "X-Admin-Key", "test-admin-key" } } };
        var jobs = (await (await bed.Bot.Http.SendAsync(list)).Content.ReadFromJsonAsync<JsonArray>())!
            .Where(j => j!["name"]!.GetValue<string>().StartsWith("coaching-", StringComparison.Ordinal))
            .ToDictionary(j => j!["name"]!.GetValue<string>(), j => (j!["schedule"]!.GetValue<string>(), j["timeZone"]!.GetValue<string>()));

        Assert.Equal(("0 30 9 ? * TUE", "Africa/Casablanca"), jobs["coaching-africa-casablanca"]);
        Assert.Equal(("0 30 9 ? * TUE", "Asia/Singapore"), jobs["coaching-asia-singapore"]);
        Assert.Equal(("0 30 9 ? * TUE", "Europe/Paris"), jobs["coaching-europe-paris"]); // the director, and the lead whose BU has no zone
        Assert.True(jobs.ContainsKey(CoachingSchedule.LaterJobName));

        var run = new HttpRequestMessage(HttpMethod.Post, "/api/admin/jobs/coaching-africa-casablanca/run") { Headers = { { "X-Admin-Key", "test-admin-key" } } };
        Assert.Equal(HttpStatusCode.OK, (await bed.Bot.Http.SendAsync(run)).StatusCode);

        var card = await bed.Connector.WaitForAsync(a => a.ConversationId == BotTestBed.Omar.ConversationId && CardText.Input(a.Card, "reflection") is not null);
        Assert.Contains("Prompt rep-welcome-1", CardText.Joined(card.Card));
    }
}
