using CoachBot.Localization;

namespace CoachBot.Tests.Localization;

/// <summary>Counts and dates as each language writes them, through the one helper every card and message uses.</summary>
public sealed class PluralTests
{
    private static readonly Texts Texts = new();

    [Theory]
    [InlineData("en", 0, "0 people")]
    [InlineData("en", 1, "1 person")]
    [InlineData("en", 2, "2 people")]
    [InlineData("fr", 0, "0\u00a0personne")]
    [InlineData("fr", 1, "1\u00a0personne")]
    [InlineData("fr", 2, "2\u00a0personnes")]
    public void ACountTakesTheFormItsLanguageGivesIt(string language, int count, string expected) =>
        Assert.Equal(expected, Texts.Plural(language, "count_people", count));

    [Theory]
    [InlineData("en", 0, "today")]
    [InlineData("en", 1, "1 day ago")]
    [InlineData("en", 2, "2 days ago")]
    [InlineData("fr", 0, "aujourd’hui")]
    [InlineData("fr", 1, "il y a 1\u00a0jour")]
    [InlineData("fr", 2, "il y a 2\u00a0jours")]
    public void ZeroHasItsOwnWordsWhereTheStringGivesThem(string language, int count, string expected) =>
        Assert.Equal(expected, Texts.Plural(language, "ago_days", count));

    [Theory]
    [InlineData("en", 0, "less than an hour")]
    [InlineData("en", 1, "1 hour")]
    [InlineData("en", 2, "2 hours")]
    [InlineData("fr", 0, "moins d’une heure")]
    [InlineData("fr", 1, "1\u00a0heure")]
    [InlineData("fr", 2, "2\u00a0heures")]
    public void ARequestOpenedMinutesAgoIsNotZeroHoursOld(string language, int hours, string expected) =>
        Assert.Equal(expected, Texts.Plural(language, "request_age_hours", hours));

    [Fact]
    public void TheCountIsWrittenAsTheLanguageWritesNumbersAndTheOtherArgumentsFollowIt()
    {
        Assert.Equal("1,490 requests, oldest first.", Texts.Plural("en", "request_list_intro", 1490));
        Assert.Equal("1\u202f490\u00a0demandes, des plus anciennes aux plus récentes.", Texts.Plural("fr", "request_list_intro", 1490));
        Assert.Equal("Reps: 1 prompt done of 3 sent; 2 people, 40% of the programme on average",
            Texts.Plural("en", "digest_coaching_line", 1, "Reps", 3, Texts.Plural("en", "count_people", 2), "40%"));
    }

    [Theory]
    [InlineData("en", 0, "other")]
    [InlineData("en", 1, "one")]
    [InlineData("en", 2, "other")]
    [InlineData("fr", 0, "one")]
    [InlineData("fr", 1, "one")]
    [InlineData("fr", 2, "other")]
    public void FrenchPutsZeroWithOneAndEnglishWithTheOthers(string language, int count, string category) =>
        Assert.Equal(category, Texts.PluralCategory(language, count));

    public static TheoryData<string, string> AllStrings()
    {
        var data = new TheoryData<string, string>();
        foreach (var language in Languages.All)
        {
            foreach (var key in Texts.For(language).Keys)
            {
                data.Add(language, key);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(AllStrings))]
    public void NoStringHedgesItsPluralWithParentheses(string language, string key) =>
        Assert.DoesNotMatch(@"\w\((s|es|x)\)", Texts.Get(language, key));

    [Theory]
    [InlineData("fr", 2026, 10, 1, "1er octobre 2026")]
    [InlineData("fr", 2026, 10, 2, "2 octobre 2026")]
    [InlineData("en", 2026, 10, 1, "1 October 2026")]
    public void TheFirstOfTheMonthIsPremierInFrench(string language, int year, int month, int day, string expected)
    {
        Assert.Equal(expected, Texts.LongDate(new DateOnly(year, month, day), language));
        Assert.StartsWith(expected[..^5], Texts.DayAndMonth(new DateOnly(year, month, day), language));
    }

    [Fact]
    public void AShortDateKeepsThePremierToo() =>
        Assert.Equal(("1er oct. 2026", "1 Oct 2026"), (Texts.ShortDate(new DateOnly(2026, 10, 1), "fr"), Texts.ShortDate(new DateOnly(2026, 10, 1), "en")));
}
