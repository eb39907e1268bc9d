using System.Text.Json.Nodes;
using CoachBot.Tests.Infrastructure;
using static CoachBot.Tests.Infrastructure.BotTestBed;

namespace CoachBot.Tests.SupportRequests;

/// <summary>The card that replaces a clicked request card keeps the request's history, and its status reads on any theme.</summary>
public sealed class RequestCardReaderTests
{
    [Fact]
    public async Task AfterAnAcknowledgementTheClickersCardKeepsTheHistoryAndNoStatusIsYellow()
    {
        await using var bed = await StartSupportRequestsAsync();
        await bed.InstallEveryoneAsync();
        var reference = await bed.OpenAsync();

        var acknowledged = await bed.ActAsync(Hugo, "request.acknowledge", reference, new JsonObject { ["commitmentDate"] = "2026-12-10" });

        var history = CardText.Elements(acknowledged).Where(e => e["type"]?.GetValue<string>() == "TextBlock" && e["size"]?.GetValue<string>() == "Small").ToList();
        Assert.True(history.Count >= 2, "The history (opened, acknowledged) is on the card after the click.");
        Assert.DoesNotContain(CardText.Elements(acknowledged), e => e["color"]?.GetValue<string>() == "Warning");
        var waiting = bed.CardsAbout(Amina, reference).First();
        Assert.DoesNotContain(CardText.Elements(waiting), e => e["color"]?.GetValue<string>() == "Warning");
    }
}

/// <summary>A sponsor of several regions reads a request's times in their own zone, named, not in the zone of the rep's region.</summary>
public sealed class RequestCardZoneTests
{
    [Fact]
    public async Task TheSponsorReadsTimesInTheirOwnZoneWithTheZoneNamed()
    {
        // Marc sponsors Asia-Pacific as well as Middle East & Africa (Casablanca, his first region).
        await using var bed = await StartSupportRequestsAsync(settings: new Dictionary<string, string?>
        {
            ["Organization:Regions:1:Sponsor:Name"] = Marc.Name, ["Organization:Regions:1:Sponsor:AadObjectId"] = Marc.AadObjectId,
        });
        var calendar = bed.Bot.Service<CoachBot.SupportRequests.RequestCalendar>();
        var organization = bed.Bot.Service<CoachBot.Roster.Organization>();
        var marc = organization.Find(Marc.AadObjectId, null)!;
        await bed.InstallEveryoneAsync();
        var reference = await bed.OpenAsync(Wei);
        var request = await bed.GetAsync(reference);

        var zone = calendar.ZoneOf(CoachBot.SupportRequests.CopyRole.Sponsor, request);

        Assert.Equal(("Africa/Casablanca", "Africa/Casablanca"), (CoachBot.Roster.PersonZones.ZoneOf(organization, marc).Id, zone.Id));
        Assert.True(calendar.ReadInSeveralZones(request));
    }
}
