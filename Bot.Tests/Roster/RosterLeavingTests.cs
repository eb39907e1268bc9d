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
            RosterEdits.Remove(organization.Options, karim), "Claire Fontaine", null, dryRun: false, CancellationToken.None);
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
            (await bed.Bot.Service<RosterEditor>().ChangeAsync(options, "Claire Fontaine", null, dryRun: false, CancellationToken.None)).Outcome);

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
            RosterEdits.Remove(organization.Options, wei), "Claire Fontaine", null, dryRun: false, CancellationToken.None)).Outcome);

        var link = Digests.DigestCommandTests.Links((await bed.SayAsync(Infrastructure.TestRoster.Director, "export")).Text!)["checkins"];
        var csv = System.Text.Encoding.UTF8.GetString(await bed.Bot.Http.GetByteArrayAsync(link));

        var line = Assert.Single(csv.Split("\r\n"), l => l.Contains("Tata Steel", StringComparison.Ordinal));
        Assert.StartsWith($"{wei.Id},Wei Lin (former member),,2026-W48,", line);
    }
}
