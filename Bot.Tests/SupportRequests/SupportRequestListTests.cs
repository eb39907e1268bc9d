using System.Text.Json.Nodes;
using CoachBot.Localization;
using CoachBot.Tests.Infrastructure;
using static CoachBot.Tests.Infrastructure.BotTestBed;

namespace CoachBot.Tests.SupportRequests;

public sealed class SupportRequestListTests
{
    /// <summary>Amina (mea) opens REQ-0001 to pumps (delivered later) and REQ-0002 to pumps; Wei (apac) opens REQ-0003 to automation, a day later each.</summary>
    private static async Task<BotTestBed> ThreeRequestsAsync()
    {
        var bed = await StartSupportRequestsAsync();
        await bed.InstallEveryoneAsync();
        await bed.OpenAsync(Amina);
        bed.Clock.Advance(TimeSpan.FromDays(1));
        await bed.OpenAsync(Amina, Form(customer: "Sonatrach", country: "Algeria"));
        bed.Clock.Advance(TimeSpan.FromDays(1));
        await bed.OpenAsync(Wei, Form(unit: "automation", customer: "PTT", country: "Thailand", due: "2026-12-20"));
        await bed.ActAsync(Hugo, "request.acknowledge", "REQ-2026-0001", new JsonObject { ["commitmentDate"] = "2026-12-01" });
        await bed.ActAsync(Hugo, "request.deliver", "REQ-2026-0001");
        bed.Clock.Advance(TimeSpan.FromHours(5));
        return bed;
    }

    [Theory]
    [InlineData(nameof(Amina), "demandes", "REQ-2026-0002,REQ-2026-0001")]
    [InlineData(nameof(Wei), "requests", "REQ-2026-0003")]
    [InlineData(nameof(Hugo), "requests", "REQ-2026-0002")]
    [InlineData(nameof(Sofia), "requests", "REQ-2026-0003")]
    [InlineData(nameof(Claire), "demandes", "REQ-2026-0003,REQ-2026-0002")]
    [InlineData(nameof(Marc), "requests", "REQ-2026-0002")]
    [InlineData(nameof(Mei), "requests", "REQ-2026-0003")]
    public async Task EachRoleListsTheRequestsItFollowsNewestFirst(string who, string command, string expected)
    {
        await using var bed = await ThreeRequestsAsync();
        var user = who switch
        {
            nameof(Amina) => Amina, nameof(Wei) => Wei, nameof(Hugo) => Hugo, nameof(Sofia) => Sofia,
            nameof(Claire) => Claire, nameof(Marc) => Marc, _ => Mei,
        };

        var card = (await bed.SayAsync(user, command)).Card!;

        var listed = CardText.All(card).Where(t => t.StartsWith("**REQ-", StringComparison.Ordinal)).Select(t => t[2..15]).ToList();
        Assert.Equal(expected.Split(','), listed);
    }

    [Fact]
    public async Task TheDirectorsListShowsEachOpenRequestsAgeAndState()
    {
        await using var bed = await ThreeRequestsAsync();

        var text = CardText.Joined((await bed.SayAsync(Claire, "demandes")).Card!);

        Assert.Contains(BotTestBed.Text("fr", "request_list_row", BotTestBed.Text("fr", "request_state_Open"), BotTestBed.Plural("fr", "request_age_days", 1), "Amina Haddad"), text);
        Assert.Contains(BotTestBed.Text("fr", "request_list_row", BotTestBed.Text("fr", "request_state_Open"), BotTestBed.Plural("fr", "request_age_hours", 5), "Wei Lin"), text);
        Assert.Contains("**REQ-2026-0002** · Pumps & Valves · Sonatrach (Algeria)", text);
    }

    [Theory]
    [InlineData("requests", "en")]
    [InlineData("demandes", "fr")]
    public async Task AListOfOneSaysOneRequestAndARequestJustOpenedIsLessThanAnHourOld(string command, string language)
    {
        await using var bed = await StartSupportRequestsAsync();
        await bed.InstallEveryoneAsync();
        await bed.OpenAsync(Wei);
        var claire = Claire with { Locale = language == "en" ? "en-GB" : "fr-FR" };

        var text = CardText.Joined((await bed.SayAsync(claire, command)).Card!);

        var texts = new Texts();
        Assert.Contains(texts.Plural(language, "request_list_intro", 1), text);
        Assert.Contains(texts.Format(language, "request_list_row", "", texts.Plural(language, "request_age_hours", 0), "Wei Lin")[3..], text);
        Assert.DoesNotContain(" 0 h", text);
        Assert.DoesNotContain("(s)", text);
    }

    [Fact]
    public async Task ARequestShownByItsReferenceCarriesItsWholeAuditTrail()
    {
        await using var bed = await ThreeRequestsAsync();

        var card = (await bed.SayAsync(Hugo, "request req-2026-0001")).Card!;
        var missing = await bed.SayAsync(Hugo, "request REQ-2026-0099");

        var text = CardText.Joined(card);
        Assert.Contains(Text("en", "request_title", "REQ-2026-0001"), text);
        // A line says what happened; from → to only where the state changed.
        Assert.Contains("Amina Haddad opened the request", text);
        Assert.DoesNotContain("(waiting for an answer → waiting for an answer)", text);
        Assert.Contains("Hugo Bernard acknowledged (waiting for an answer → acknowledged)", text);
        Assert.Contains("Hugo Bernard marked it delivered (acknowledged → delivered)", text);
        Assert.Contains("I found no request REQ-2026-0099", missing.Text);
    }

    [Fact]
    public async Task TheHelpCardAndTheWelcomeCardsNameTheRequestCommands()
    {
        await using var bed = await StartSupportRequestsAsync();

        var leadHelp = CardText.Joined((await bed.SayAsync(Hugo, "help")).Card!);
        var repHelp = CardText.Joined((await bed.SayAsync(Wei, "help")).Card!);

        Assert.Contains("requests", leadHelp);
        Assert.DoesNotContain("ask a business unit for support", leadHelp);
        Assert.Contains("ask a business unit for support", repHelp);
        Assert.Contains("request REQ-YYYY-NNNN", repHelp);
    }
}
