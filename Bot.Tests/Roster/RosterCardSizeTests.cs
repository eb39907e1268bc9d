using System.Text.Json.Nodes;
using CoachBot.Reach;
using CoachBot.Teams;
using CoachBot.Tests.Infrastructure;

namespace CoachBot.Tests.Roster;

/// <summary>The <c>roster</c> card built from its largest realistic data stays under what Teams accepts, and says how many more.</summary>
public sealed class RosterCardSizeTests
{
    private const string TeamId = "19:export-team@thread.tacv2";

    [Fact]
    public async Task WithSixHundredPeopleAndAThousandStrangersInTheTeamTheRosterCardStaysUnder28Kilobytes()
    {
        var settings = new Dictionary<string, string?>();
        for (var i = 0; i < 600; i++)
        {
            settings[$"Organization:Reps:{5 + i}:Name"] = $"Représentante Numéro {i:D3} Longuenom-Dupont de la Villardière";
            settings[$"Organization:Reps:{5 + i}:Email"] = $"representante.numero{i:D3}.longuenom-dupont@coachbot.example";
            settings[$"Organization:Reps:{5 + i}:Region"] = i % 2 == 0 ? "mea" : "apac";
        }
        await using var bot = await RosterTestBed.StartAsync(Azurite.NewPrefix(), settings: settings);
        var strangers = Enumerable.Range(0, 1000).Select(i => new TeamMember($"44444444-0000-0000-0000-{i:D12}",
            new string('é', TeamMembership.MaxNameLength), $"guest{i:D4}@" + new string('p', 200) + ".example", null)).ToList();
        await bot.Service<TeamMemberStore>().ReplaceAsync(TeamId, [.. strangers, new TeamMember(TestRoster.Director.AadObjectId!, TestRoster.Director.Name, null, null)],
            pages: 5, CancellationToken.None);

        foreach (var user in new[] { TestRoster.Director with { Locale = "en-US" }, TestRoster.Director })
        {
            var card = await RosterCardTests.ActAsync(bot, user, "roster.show", new JsonObject { ["search"] = "" });

            Assert.InRange(MessageSize.SizeOf((Microsoft.Bot.Schema.Activity)CardMessages.Message(card)), 1, MessageSize.MaxBytes);
            var language = user.Locale == "en-US" ? "en" : "fr";
            var texts = CardText.All(card);
            var shownStrangers = CardText.Elements(card).Count(e => e["verb"]?.GetValue<string>() == "roster.add"
                && e["data"]?["aadObjectId"]?.GetValue<string>()?.StartsWith("44444444", StringComparison.Ordinal) == true);
            Assert.InRange(shownStrangers, 1, 20);
            Assert.Contains(BotTestBed.Plural(language, "roster_more", 1000 - shownStrangers), texts);
            // Who is on the roster but not in the team: the first names, then how many more (the plural form of list_and_more).
            var tail = BotTestBed.Plural(language, "list_and_more", 500).Split("500")[1];
            Assert.Contains(texts, t => t.Contains(tail, StringComparison.Ordinal) && t.StartsWith("Marc Delorme", StringComparison.Ordinal));
        }
    }
}
