using System.Text.RegularExpressions;
using CoachBot.Localization;

namespace CoachBot.Tests.Localization;

public sealed partial class TextsTests
{
    private static readonly Texts Texts = new();

    public static TheoryData<string> FrenchKeys() => [.. Texts.For(Languages.French).Keys];

    [Theory]
    [MemberData(nameof(FrenchKeys))]
    public void FrenchTextsUseNonBreakingSpacesBeforeHighPunctuationAndInsideGuillemets(string key)
    {
        var text = Texts.Get(Languages.French, key);

        Assert.DoesNotMatch(OrdinarySpaceBeforeHighPunctuation(), text);
        Assert.DoesNotMatch(OrdinarySpaceInsideGuillemets(), text);
        Assert.DoesNotMatch(NoSpaceInsideGuillemets(), text);
    }

    [Theory]
    [MemberData(nameof(FrenchKeys))]
    public void FrenchTextsSayFaireRemonterNotEscalader(string key) =>
        Assert.DoesNotContain("escalad", Texts.Get(Languages.French, key), StringComparison.OrdinalIgnoreCase);

    [Fact]
    public void EveryKeyExistsInBothLanguages() =>
        Assert.Equal(Texts.For(Languages.English).Keys.Order(), Texts.For(Languages.French).Keys.Order());

    // « ; ! ? » always, and « : » when it ends a phrase (not in "18:00" or "http://"), need a non-breaking space before.
    [GeneratedRegex(@"[^\u00a0\u202f][;!?»]|[^\u00a0\u202f]:(\s|$)")]
    private static partial Regex OrdinarySpaceBeforeHighPunctuation();

    [GeneratedRegex(@"« ")]
    private static partial Regex OrdinarySpaceInsideGuillemets();

    [GeneratedRegex(@"«[^\u00a0\u202f]")]
    private static partial Regex NoSpaceInsideGuillemets();
}
