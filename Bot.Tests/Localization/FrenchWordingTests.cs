using CoachBot.Localization;

namespace CoachBot.Tests.Localization;

/// <summary>French as it is written: "de" elided before a vowel where a name is put in, and only there.</summary>
public sealed class FrenchWordingTests
{
    private static readonly Texts Strings = new();

    [Theory]
    [InlineData("Automation", "les responsables d’Automation")]
    [InlineData("Énergie", "les responsables d’Énergie")]
    [InlineData("Pumps & Valves", "les responsables de Pumps & Valves")]
    public void DeIsElidedBeforeANameThatStartsWithAVowel(string unit, string expected) =>
        Assert.Contains(expected, Strings.Format("fr", "request_opened", "REQ-2026-0001", unit));

    [Fact]
    public void EnglishAndTheWordsAroundAreLeftAsWritten()
    {
        Assert.Contains("Automation", Strings.Format("en", "request_opened", "REQ-2026-0001", "Automation"));
        Assert.Equal("de {0} et de {1}", Texts.Elide("fr", "de {0} et de {1}", ["8", "Pumps"]));
        Assert.Equal("d’{0} et de {1}", Texts.Elide("fr", "de {0} et de {1}", ["Automation", "Pumps"]));
        Assert.Equal("la commande {0}", Texts.Elide("fr", "la commande {0}", ["Automation"]));
    }
}
