using CoachBot.Localization;

namespace CoachBot.Calendar;

/// <summary>An ISO week written out for cards, in the reader's language.</summary>
public static class WeekTexts
{
    /// <summary>The week's short label on charts and tables: "W48", « S48 ».</summary>
    public static string WeekLabel(this Texts texts, IsoWeek week, string language) => texts.Format(language, "week_short", week.Week);

    /// <summary>The working week, Monday to Friday: "23 Nov to 27 Nov 2026", « du 23 nov. au 27 nov. 2026 ».</summary>
    public static string DayRange(this Texts texts, IsoWeek week, string language)
    {
        var friday = week.Monday.AddDays(4);
        return texts.Format(language, "day_range", Texts.ShortDate(week.Monday, language, withYear: false), Texts.ShortDate(friday, language));
    }
}
