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
        // Feature cards are checked by their own tests (CheckIns: CheckInCardTests; SupportRequests: SupportRequestCardTests;
        // Coaching: CoachingCardTests; Digests: DigestCardTests; Reach: ReachCardTests; Roster: RosterCardTests; Arrival: ArrivalCardTests),
        // which fill them through the pipeline.
        var cards = EveryCard().Keys.Concat((await CheckIns.CheckInCardTests.EveryCardAsync()).Keys)
            .Concat((await SupportRequests.SupportRequestCardTests.EveryCardAsync()).Keys)
            .Concat((await Coaching.CoachingCardTests.EveryCardAsync()).Keys)
            .Concat((await Digests.DigestCardTests.EveryCardAsync()).Keys)
            .Concat(Reach.ReachCardTests.EveryCard().Keys)
            .Concat((await Roster.RosterCardTests.EveryCardAsync()).Keys)
            .Concat((await Arrival.ArrivalCardTests.EveryCardAsync()).Keys);
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

    [Theory]
    [InlineData("null")]
    [InlineData("false")]
    [InlineData("\"\"")]
    [InlineData("0")]
    [InlineData("0.0")]
    [InlineData("[]")]
    public void AConditionThatIsNullFalseEmptyOrZeroDropsTheElement(string value) =>
        Assert.Equal(["always"], Texts(Conditional.Fill(Data($$"""{"flag":{{value}}}"""))));

    [Theory]
    [InlineData("true")]
    [InlineData("\"no\"")]
    [InlineData("1")]
    [InlineData("-0.5")]
    [InlineData("[0]")]
    [InlineData("{}")]
    public void AConditionWithAnyOtherValueKeepsTheElement(string value) =>
        Assert.Equal(["always", "shown"], Texts(Conditional.Fill(Data($$"""{"flag":{{value}}}"""))));

    [Fact]
    public void AConditionOnARepeatedElementIsEvaluatedForEachItem()
    {
        var template = new CardTemplate("""
            {"type":"AdaptiveCard","body":[{"type":"TextBlock","$data":"${items}","$when":"${late}","text":"${name}"}]}
            """, "test");

        var card = template.Fill(Data("""
            {"items":[{"name":"a","late":true},{"name":"b","late":false},{"name":"c","late":1}]}
            """));

        Assert.Equal(["a", "c"], Texts(card));
    }

    [Fact]
    public void InsideARepeatedElementANameTheItemLacksComesFromTheRootData()
    {
        var template = new CardTemplate("""
            {"type":"AdaptiveCard","body":[{"type":"TextBlock","$data":"${items}","text":"${label} ${unit}","wrap":"${wrap}"}]}
            """, "test");

        var card = template.Fill(Data("""
            {"unit":"days","wrap":true,"items":[{"label":"a"},{"label":"b","unit":"weeks"}]}
            """));

        Assert.Equal(["a days", "b weeks"], Texts(card));
        Assert.All(card["body"]!.AsArray(), element => Assert.True(element!["wrap"]!.GetValue<bool>()));
    }

    [Fact]
    public void OnlyTheFirstNameOfAPathFallsBackToTheRootData()
    {
        var template = new CardTemplate("""
            {"type":"AdaptiveCard","body":[{"type":"TextBlock","$data":"${items}","text":"${label.unit}"}]}
            """, "test");

        var error = Assert.Throws<InvalidOperationException>(() => template.Fill(Data("""
            {"unit":"days","items":[{"label":{}}]}
            """)));
        Assert.Equal("Card template test: '${label.unit}' does not resolve.", error.Message);
    }

    [Fact]
    public void OutsideARepeatedElementAMissingNameIsAnErrorEvenWhenTheRootHasItDeeper()
    {
        var template = new CardTemplate("""{"type":"AdaptiveCard","body":[{"type":"TextBlock","text":"${text.unit}"}]}""", "test");

        Assert.Throws<InvalidOperationException>(() => template.Fill(Data("""{"text":{},"unit":"days"}""")));
    }

    [Fact]
    public void DataAndWhenKeysDoNotAppearInTheFilledCard()
    {
        var template = new CardTemplate("""
            {"type":"AdaptiveCard","body":[
              {"type":"TextBlock","$data":"${items}","$when":"${show}","text":"${label}"},
              {"type":"Container","$when":"${show}","items":[{"type":"TextBlock","$when":"${show}","text":"inner"}]}]}
            """, "test");

        var card = template.Fill(Data("""{"show":true,"items":[{"label":"a"}]}"""));

        var json = card.ToJsonString();
        Assert.DoesNotContain("$data", json);
        Assert.DoesNotContain("$when", json);
        Assert.Equal("""{"type":"AdaptiveCard","body":[{"type":"TextBlock","text":"a"},{"type":"Container","items":[{"type":"TextBlock","text":"inner"}]}]}""", json);
    }

    [Fact]
    public void ADataValueThatIsNotAListRepeatsTheElementOnceWithItAsScope()
    {
        var template = new CardTemplate("""{"type":"AdaptiveCard","body":[{"type":"TextBlock","$data":"${rep}","text":"${name}"}]}""", "test");

        Assert.Equal(["Amina"], Texts(template.Fill(Data("""{"rep":{"name":"Amina"}}"""))));
    }

    [Fact]
    public void AConditionOrDataThatIsNotAPlaceholderIsAnErrorNamingTheTemplate()
    {
        var template = new CardTemplate("""{"type":"AdaptiveCard","body":[{"type":"TextBlock","$when":"show","text":"x"}]}""", "weekly");

        var error = Assert.Throws<InvalidOperationException>(() => template.Fill(Data("""{"show":true}""")));
        Assert.Equal("Card template weekly: 'show' is not a ${path} expression.", error.Message);
    }

    [Fact]
    public void TextAroundPlaceholdersIsKeptAndNullOrNonStringValuesAreWrittenAsText()
    {
        var template = new CardTemplate("""
            {"type":"AdaptiveCard","body":[{"type":"TextBlock","text":"plain $ {text}"},{"type":"TextBlock","text":"[${nothing}] ${count} ${flags}"}]}
            """, "test");

        var card = template.Fill(Data("""{"nothing":null,"count":3,"flags":[true]}"""));

        // A value written as JSON is data like any other: its brackets are escaped too.
        Assert.Equal(["plain $ {text}", "[] 3 \\[true\\]"], Texts(card));
    }

    [Fact]
    public void AValueBoundIntoATextBlockOrAFactIsPlainTextWhileTheTemplatesOwnMarkdownIsKept()
    {
        var template = new CardTemplate("""
            {"type":"AdaptiveCard","body":[
              {"type":"TextBlock","text":"**${name}**"},
              {"type":"TextBlock","text":"${line}"},
              {"type":"TextBlock","text":"${text.hint}"},
              {"type":"FactSet","facts":[{"$data":"${facts}","title":"${title}","value":"${value}"}]}],
             "actions":[{"type":"Action.Execute","title":"${name}","data":{"value":"${name}"}}]}
            """, "test");

        var card = template.Fill(Data("""
            {"name":"[CoachBot: sign in again](https://evil.example/)","line":"- *a*_b_ `c` \\","text":{"hint":"type `roster`"},
             "facts":[{"title":"[t](u)","value":"x_y"}]}
            """));

        Assert.Equal(["**\\[CoachBot: sign in again\\](https://evil.example/)**", "\\- \\*a\\*\\_b\\_ \\`c\\` \\\\", "type `roster`"],
            card["body"]!.AsArray().Take(3).Select(e => e!["text"]!.GetValue<string>()));
        Assert.Equal(("\\[t\\](u)", "x\\_y"), (card["body"]![3]!["facts"]![0]!["title"]!.GetValue<string>(), card["body"]![3]!["facts"]![0]!["value"]!.GetValue<string>()));
        // Outside markdown (a button's title, the data a click sends back) the value is left as it is.
        Assert.Equal("[CoachBot: sign in again](https://evil.example/)", card["actions"]![0]!["data"]!["value"]!.GetValue<string>());
        Assert.Equal("[CoachBot: sign in again](https://evil.example/)", card["actions"]![0]!["title"]!.GetValue<string>());
    }

    [Fact]
    public void ATemplateThatIsEmptyOrFillsToNothingIsAnError()
    {
        Assert.Contains("empty-one", Assert.Throws<InvalidOperationException>(() => new CardTemplate("null", "empty-one")).Message);
        var nothing = new CardTemplate("\"${card}\"", "nothing-one");
        Assert.Contains("nothing-one", Assert.Throws<InvalidOperationException>(() => nothing.Fill(Data("""{"card":null}"""))).Message);
    }

    [Fact]
    public void ATemplateThatIsNotEmbeddedIsAnErrorNamingIt() =>
        Assert.Contains("CoachBot.Roster.Cards.nope.json", Assert.Throws<InvalidOperationException>(() => CardTemplate.Load("Roster/Cards/nope.json")).Message);

    [Fact]
    public void AnEmbeddedTemplateIsLoadedOnce() =>
        Assert.Same(CardTemplate.Load("Roster/Cards/help.json"), CardTemplate.Load("Roster/Cards/help.json"));

    private static readonly CardTemplate Conditional = new("""
        {"type":"AdaptiveCard","body":[{"type":"TextBlock","text":"always"},{"type":"TextBlock","$when":"${flag}","text":"shown"}]}
        """, "test");

    private static List<string> Texts(JsonObject card) => card["body"]!.AsArray().Select(e => e!["text"]!.GetValue<string>()).ToList();

    private static JsonObject Data(string json) => JsonNode.Parse(json)!.AsObject();

    [Fact]
    public void FrenchAndEnglishHaveTheSameStrings() =>
        Assert.Equal(new Texts().For("en").Keys.Order(), new Texts().For("fr").Keys.Order());
}
