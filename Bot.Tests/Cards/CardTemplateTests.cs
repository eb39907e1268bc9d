using System.Text.Json.Nodes;
using CoachBot.Cards;
using CoachBot.Localization;
using CoachBot.Roster;
using CoachBot.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace CoachBot.Tests.Cards;

public sealed class CardTemplateTests
{
    private static readonly Organization Organization = new(Options.Create(
        new ConfigurationBuilder().AddInMemoryCollection(TestRoster.Settings()).Build().GetSection("Organization").Get<OrganizationOptions>()!));

    /// <summary>Every card the bot can send, filled by the real code, for every member of the test roster and both languages.</summary>
    private static Dictionary<string, JsonObject> EveryCard()
    {
        var onboarding = new Onboarding(Organization, new Texts(), []);
        var cards = new Dictionary<string, JsonObject>();
        foreach (var language in Languages.All)
        {
            foreach (var member in Organization.Members)
            {
                cards[$"Roster/Cards/welcome.json {language} {member.Name}"] = onboarding.WelcomeCard(member, language);
                cards[$"Roster/Cards/help.json {language} {member.Name}"] = onboarding.HelpCard(member, language);
            }
        }
        return cards;
    }

    [Fact]
    public async Task EveryCardInEveryLanguageParsesCleanlyWithTheAdaptiveCardsParser()
    {
        var results = await CardValidator.ValidateAsync(EveryCard());

        var failures = results.Where(r => r.Value.Count > 0).Select(r => $"{r.Key}: {string.Join("; ", r.Value)}").ToList();
        Assert.Empty(failures);
    }

    [Fact]
    public async Task EveryEmbeddedTemplateIsCoveredByTheParserTest()
    {
        // Feature cards are checked by their own tests (CheckIns: CheckInCardTests), which fill them through the pipeline.
        var cards = EveryCard().Keys.Concat((await CheckIns.CheckInCardTests.EveryCardAsync()).Keys);
        var covered = cards.Select(k => "CoachBot." + k.Split(' ')[0].Replace('/', '.')).ToHashSet();

        Assert.All(CardTemplate.EmbeddedNames(), name => Assert.Contains(name, covered));
    }

    [Fact]
    public async Task TheParserCheckCatchesABrokenCard()
    {
        var broken = JsonNode.Parse("""{"type":"AdaptiveCard","version":"1.5","body":[{"type":"Carousel3D"},{"type":"Input.Text"}]}""")!.AsObject();

        var results = await CardValidator.ValidateAsync(new Dictionary<string, JsonObject> { ["broken"] = broken });

        Assert.Contains(results["broken"], e => e.Contains("Carousel3D"));
        Assert.Contains(results["broken"], e => e.Contains("unique Id"));
    }

    [Fact]
    public void TemplatesBindValuesRepeatItemsAndDropFalseConditions()
    {
        var template = new CardTemplate("""
            {"type":"AdaptiveCard","version":"1.5","body":[
              {"type":"TextBlock","text":"Hello ${name}, ${text.greeting}"},
              {"type":"TextBlock","$data":"${items}","text":"${label}: ${$root.unit}"},
              {"type":"TextBlock","$when":"${show}","text":"hidden"},
              {"type":"Input.Number","id":"n","value":"${count}"}]}
            """, "test");

        var card = template.Fill(new JsonObject
        {
            ["name"] = "Amina", ["text"] = new JsonObject { ["greeting"] = "bonjour" }, ["unit"] = "days",
            ["items"] = new JsonArray(new JsonObject { ["label"] = "a" }, new JsonObject { ["label"] = "b" }),
            ["show"] = false, ["count"] = 3,
        });

        var body = card["body"]!.AsArray();
        Assert.Equal(4, body.Count);
        Assert.Equal("Hello Amina, bonjour", body[0]!["text"]!.GetValue<string>());
        Assert.Equal("b: days", body[2]!["text"]!.GetValue<string>());
        Assert.Equal(3, body[3]!["value"]!.GetValue<int>());
    }

    [Fact]
    public void APlaceholderThatDoesNotResolveIsAnError()
    {
        var template = new CardTemplate("""{"type":"AdaptiveCard","body":[{"type":"TextBlock","text":"${missing}"}]}""", "test");

        var error = Assert.Throws<InvalidOperationException>(() => template.Fill(new JsonObject()));
        Assert.Contains("${missing}", error.Message);
    }

    [Fact]
    public void FrenchAndEnglishHaveTheSameStrings() =>
        Assert.Equal(new Texts().For("en").Keys.Order(), new Texts().For("fr").Keys.Order());
}
