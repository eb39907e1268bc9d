using CoachBot.Tests.Infrastructure;
using System.Text.Json.Nodes;
using CoachBot.Calendar;
using CoachBot.Roster;
using CoachBot.Tests.SupportRequests;
using static CoachBot.Tests.Infrastructure.BotTestBed;

namespace CoachBot.Tests.Roster;

public sealed class RosterLeavingTests
{
    [Fact]
    public async Task ALeadWhoLeftKeepsTheirCopyAsItWasWhileTheOtherLeadCarriesOnAndTheOtherCopiesAreUpdated()
    {
        await using var bed = await StartSupportRequestsAsync();
        await bed.InstallEveryoneAsync();
        var reference = await bed.OpenAsync();
        Assert.Single(bed.CardsAbout(Karim, reference));
        var organization = bed.Bot.Service<Organization>();
        var karim = organization.Find(Karim.AadObjectId, null)!;

        var removed = await bed.Bot.Service<RosterEditor>().ChangeAsync(
            RosterEdits.Remove(organization.Options, karim), new RosterAuthor("Claire Fontaine", "test"), null, dryRun: false, CancellationToken.None);
        Assert.Equal(RosterChangeOutcome.Applied, removed.Outcome);

        var acknowledged = await bed.ActAsync(Hugo, "request.acknowledge", reference, new JsonObject { ["commitmentDate"] = "2026-12-10" });
        Assert.Contains("Acknowledged by Hugo Bernard", CardText.Joined(acknowledged));
        Assert.Single(bed.Received(Amina), a => a.Method == "PUT");
        Assert.Single(bed.Received(Hugo), a => a.Method == "PUT");
        Assert.DoesNotContain(bed.Received(Karim), a => a.Method == "PUT");
    }

    [Fact]
    public async Task ALeadMovedToAnotherUnitNoLongerGetsTheirOldUnitsCardUpdated()
    {
        await using var bed = await StartSupportRequestsAsync();
        await bed.InstallEveryoneAsync();
        var reference = await bed.OpenAsync();
        var organization = bed.Bot.Service<Organization>();
        var options = RosterEdits.Copy(organization.Options);
        var karim = options.BusinessUnits[0].Leads.Single(l => l.AadObjectId == Karim.AadObjectId);
        options.BusinessUnits[0].Leads.Remove(karim);
        options.BusinessUnits[1].Leads.Add(karim);
        Assert.Equal(RosterChangeOutcome.Applied,
            (await bed.Bot.Service<RosterEditor>().ChangeAsync(options, new RosterAuthor("Claire Fontaine", "test"), null, dryRun: false, CancellationToken.None)).Outcome);

        await bed.ActAsync(Hugo, "request.acknowledge", reference, new JsonObject { ["commitmentDate"] = "2026-12-10" });

        Assert.Single(bed.Received(Hugo), a => a.Method == "PUT");
        Assert.DoesNotContain(bed.Received(Karim), a => a.Method == "PUT");
        // Karim still works, as a lead of automation, so he is on the roster: only his old unit's copy is left alone.
        Assert.Equal(["automation"], organization.Find(Karim.AadObjectId, null)!.LedBusinessUnits);
    }
}

public sealed class RosterFormerMemberExportTests
{
    private static readonly IsoWeek W48 = new(2026, 48);

    [Fact]
    public async Task ARepWhoLeftKeepsTheirRowsInTheExportMarkedAsAFormerMember()
    {
        await using var bed = await BotTestBed.StartDigestsAsync();
        await bed.StoreAsync(Infrastructure.TestRoster.EnglishRep, W48, fieldDays: 2, customers: "Tata Steel");
        var organization = bed.Bot.Service<Organization>();
        var wei = organization.Find(Infrastructure.TestRoster.EnglishRep.AadObjectId, null)!;
        Assert.Equal(RosterChangeOutcome.Applied, (await bed.Bot.Service<RosterEditor>().ChangeAsync(
            RosterEdits.Remove(organization.Options, wei), new RosterAuthor("Claire Fontaine", "test"), null, dryRun: false, CancellationToken.None)).Outcome);

        var link = Digests.DigestCommandTests.Links((await bed.SayAsync(Infrastructure.TestRoster.Director, "export")).Text!)["checkins"];
        var csv = System.Text.Encoding.UTF8.GetString(await bed.Bot.Http.GetByteArrayAsync(link));

        var line = Assert.Single(csv.Split("\r\n"), l => l.Contains("Tata Steel", StringComparison.Ordinal));
        Assert.StartsWith($"{wei.Id},Wei Lin (former member),,2026-W48,", line);
    }
}

public sealed class RosterUnitWithoutLeadDigestTests
{
    private static bool IsDigest(RecordedActivity activity) => activity.ConversationId == Infrastructure.TestRoster.Director.ConversationId
        && (CardText.Joined(activity.Card).Contains("Team digest") || CardText.Joined(activity.Card).Contains("Synthèse de l’équipe"));

    private static async Task<string> DirectorDigestAsync(BotTestBed bed)
    {
        var before = bed.Bot.Connector.Activities.Count(IsDigest);
        await bed.Bot.Service<CoachBot.Digests.DigestCampaigns>().SendDirectorAsync(CancellationToken.None);
        await bed.Bot.Connector.WaitForAsync(_ => bed.Bot.Connector.Activities.Count(IsDigest) > before);
        return CardText.Joined(bed.Bot.Connector.Activities.Where(IsDigest).ElementAt(before).Card);
    }

    [Fact]
    public async Task TheDirectorsDigestNamesEachBusinessUnitLeftWithNoLeadInTheirLanguage()
    {
        await using var bed = await BotTestBed.StartDigestsAsync(settings: new Dictionary<string, string?>
        {
            ["Organization:BusinessUnits:1:Id"] = "motors", ["Organization:BusinessUnits:1:Name"] = "Motors",
        });
        await bed.InstallAsync(Infrastructure.TestRoster.Director);

        Assert.Contains("Sans responsable\u00a0: Motors. Ses demandes ne parviennent qu’à la direction commerciale export.", await DirectorDigestAsync(bed));

        // Hugo, the only lead of Pumps & Valves, leaves: next week's digest names that unit too.
        var organization = bed.Bot.Service<Organization>();
        Assert.Equal(RosterChangeOutcome.Applied, (await bed.Bot.Service<RosterEditor>().ChangeAsync(
            RosterEdits.Remove(organization.Options, organization.Find(Infrastructure.TestRoster.Lead.AadObjectId, null)!), new RosterAuthor("Claire Fontaine", "test"), null, dryRun: false, CancellationToken.None)).Outcome);
        await bed.SayAsync(Infrastructure.TestRoster.Director, "language en");
        bed.Clock.Advance(TimeSpan.FromDays(7));

        Assert.Contains("No lead: Pumps & Valves, Motors. Their requests reach only the director.", await DirectorDigestAsync(bed));
    }

    [Fact]
    public async Task WhenEveryBusinessUnitHasALeadTheDigestSaysNothingOfIt()
    {
        await using var bed = await BotTestBed.StartDigestsAsync();
        await bed.InstallAsync(Infrastructure.TestRoster.Director);

        var text = await DirectorDigestAsync(bed);

        Assert.Contains("Synthèse de l’équipe", text);
        Assert.DoesNotContain("Sans responsable", text);
    }
}

public sealed class RosterFormerMemberDigestTests
{
    private static readonly CoachBot.Calendar.IsoWeek W47 = new(2026, 47);
    private static readonly CoachBot.Calendar.IsoWeek W48 = new(2026, 48);

    private static bool IsDigest(RecordedActivity activity) => activity.ConversationId == TestRoster.Director.ConversationId
        && CardText.Joined(activity.Card).Contains("Team digest");

    [Fact]
    public async Task ARepWhoLeftKeepsTheirWeeksInTheDirectorsDigestAndInBriefMarkedAsAFormerMember()
    {
        await using var bed = await BotTestBed.StartDigestsAsync();
        await bed.InstallAsync(TestRoster.Director);
        await bed.StoreAsync(TestRoster.EnglishRep, W47, fieldDays: 1);
        await bed.StoreAsync(TestRoster.EnglishRep, W48, fieldDays: 1, workingDays: 4);
        var organization = bed.Bot.Service<Organization>();
        Assert.Equal(RosterChangeOutcome.Applied, (await bed.Bot.Service<RosterEditor>().ChangeAsync(
            RosterEdits.Remove(organization.Options, organization.Find(TestRoster.EnglishRep.AadObjectId, null)!), new RosterAuthor("Claire Fontaine", "test"), null, dryRun: false, CancellationToken.None)).Outcome);
        await bed.SayAsync(TestRoster.Director, "language en");

        await bed.Bot.Service<CoachBot.Digests.DigestCampaigns>().SendDirectorAsync(CancellationToken.None);
        var digest = CardText.Joined((await bed.Bot.Connector.WaitForAsync(IsDigest)).Card);

        // The figures keep his two weeks under target; the count of reps is of those on the roster.
        Assert.Contains($"{BotTestBed.Plural("en", "digest_scope_reps", 4)} {BotTestBed.Plural("en", "digest_scope_former", 1)}", digest);
        Assert.Contains("Wei Lin (former member): ", digest);
        var brief = CardText.Joined((await bed.SayAsync(TestRoster.Director, "brief wei")).Card);
        Assert.Contains("1:1 brief: Wei Lin (former member)", brief);
        Assert.Contains("1 of 4 days", brief);
        Assert.Contains("1 of 5 days", brief);
        await bed.SayAsync(TestRoster.Director, "langue fr");
        Assert.Contains(BotTestBed.Text("fr", "roster_former_member", "Wei Lin"), CardText.Joined((await bed.SayAsync(TestRoster.Director, "bilan wei")).Card));
    }
}

public sealed class RosterAddedAndRemovedTests
{
    [Fact]
    public async Task ARepAddedAndRemovedTheSameDayIsNotExpectedToHaveAnsweredSoTheDigestAddsUp()
    {
        await using var bed = await BotTestBed.StartDigestsAsync();
        await bed.InstallAsync(TestRoster.Director);
        var w48 = new CoachBot.Calendar.IsoWeek(2026, 48);
        await bed.StoreAsync(TestRoster.Rep, w48, fieldDays: 2);
        await bed.StoreAsync(TestRoster.EnglishRep, w48, fieldDays: 3);
        var organization = bed.Bot.Service<Organization>();
        var editor = bed.Bot.Service<RosterEditor>();
        var reps = organization.Members.Count(m => m.Has(Role.Rep));
        var added = RosterEdits.Copy(organization.Options);
        added.Reps.Add(new CoachBot.Roster.RepOptions { Name = "Zara Khan", AadObjectId = "33333333-0000-0000-0000-00000000002a", Region = "mea" });
        Assert.Equal(RosterChangeOutcome.Applied, (await editor.ChangeAsync(added, new RosterAuthor("Claire Fontaine", "test"), null, dryRun: false, CancellationToken.None)).Outcome);
        var zara = organization.Find("33333333-0000-0000-0000-00000000002a", null)!;
        Assert.Equal(RosterChangeOutcome.Applied, (await editor.ChangeAsync(RosterEdits.Remove(organization.Options, zara), new RosterAuthor("Claire Fontaine", "test"), null, dryRun: false, CancellationToken.None)).Outcome);
        await bed.SayAsync(TestRoster.Director, "language en");

        await bed.Bot.Service<CoachBot.Digests.DigestCampaigns>().SendDirectorAsync(CancellationToken.None);
        var digest = CardText.Joined((await bed.Bot.Connector.WaitForAsync(a => a.ConversationId == TestRoster.Director.ConversationId
            && CardText.Joined(a.Card).Contains("Team digest"))).Card);

        Assert.Contains(BotTestBed.Plural("en", "digest_scope_reps", reps), digest);
        Assert.DoesNotContain(BotTestBed.Plural("en", "digest_scope_former", 1), digest);
        Assert.Contains(BotTestBed.Text("en", "digest_response_value", 2, reps, new CoachBot.Localization.Texts().Percent(2.0 / reps, "en")), digest);
    }
}

public sealed class RosterReAddedTests
{
    [Fact]
    public async Task SomeoneKnownByEmailReAddedWithTheSameEmailFindsTheirHistoryUnderTheSameId()
    {
        await using var bed = await BotTestBed.StartDigestsAsync();
        await bed.InstallAsync(TestRoster.Director);
        await bed.StoreAsync(TestRoster.EmailOnlyRep, new CoachBot.Calendar.IsoWeek(2026, 48), fieldDays: 3);
        var organization = bed.Bot.Service<Organization>();
        var editor = bed.Bot.Service<RosterEditor>();
        var priya = organization.Find(null, TestRoster.EmailOnlyRepEmail)!;
        Assert.Equal(RosterChangeOutcome.Applied, (await editor.ChangeAsync(RosterEdits.Remove(organization.Options, priya), new RosterAuthor("Claire Fontaine", "test"), null, dryRun: false, CancellationToken.None)).Outcome);
        Assert.NotNull(organization.FindFormer(priya.Id));

        var back = RosterEdits.Copy(organization.Options);
        back.Reps.Add(new CoachBot.Roster.RepOptions { Name = "Priya Nair", Email = TestRoster.EmailOnlyRepEmail.ToUpperInvariant(), Region = "apac" });
        Assert.Equal(RosterChangeOutcome.Applied, (await editor.ChangeAsync(back, new RosterAuthor("Claire Fontaine", "test"), null, dryRun: false, CancellationToken.None)).Outcome);

        Assert.Equal(priya.Id, organization.Find(null, TestRoster.EmailOnlyRepEmail)!.Id);
        Assert.Null(organization.FindFormer(priya.Id));
        await bed.SayAsync(TestRoster.Director, "language en");
        var brief = CardText.Joined((await bed.SayAsync(TestRoster.Director, "brief priya")).Card);
        Assert.Contains("1:1 brief: Priya Nair |", brief);
        Assert.Contains("3 of 5 days", brief);
    }
}
