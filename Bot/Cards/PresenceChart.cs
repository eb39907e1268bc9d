using System.Text.Json.Nodes;
using CoachBot.Localization;

namespace CoachBot.Cards;

/// <summary>One week on a presence chart: its axis label and its rate (0–1), or null when nobody answered.</summary>
public sealed record ChartWeek(string Label, double? Rate);

/// <summary>
/// The series of a presence-rate <c>Chart.Line</c> (the check-in's <c>my stats</c>, the digests), drawn the same way
/// everywhere so the chart tells the truth: every week on the axis, unanswered ones included, and a gap where there
/// is no answer instead of a line joining the weeks on each side; whole percentages on a fixed 0–100 axis, so the
/// ticks are round whatever the data; the target first, in a neutral colour of its own with its value in the legend,
/// so the person's line is drawn over it and stays visible when the two are equal. Teams' line charts have no dashed
/// style: the colour and the legend tell the target apart.
/// </summary>
public static class PresenceChart
{
    public const int AxisMin = 0;
    public const int AxisMax = 100;
    public const string TargetColor = "neutral";
    public const string RateColor = "categoricalBlue";

    /// <summary>A target's legend with its value, "Team target (40%)": readable even where the lines meet.</summary>
    public static string TargetLegend(Texts texts, string legendKey, double target, string language) =>
        texts.Format(language, "chart_legend_value", texts.Get(language, legendKey), texts.Percent(target, language));

    /// <summary>The chart's <c>data</c>: the target over every week, then one series per run of answered weeks.</summary>
    public static JsonArray Series(IReadOnlyList<ChartWeek> weeks, double target, string rateLegend, string targetLegend)
    {
        var series = new JsonArray
        {
            new JsonObject
            {
                ["legend"] = targetLegend,
                ["color"] = TargetColor,
                ["values"] = new JsonArray(weeks.Select(w => (JsonNode)Point(w.Label, target)).ToArray()),
            },
        };
        var run = new List<JsonNode>();
        foreach (var week in weeks.Append(new ChartWeek("", null)))
        {
            if (week.Rate is { } rate)
            {
                run.Add(Point(week.Label, rate));
            }
            else if (run.Count > 0)
            {
                series.Add(new JsonObject { ["legend"] = rateLegend, ["color"] = RateColor, ["values"] = new JsonArray([.. run]) });
                run = [];
            }
        }
        return series;
    }

    private static JsonObject Point(string label, double rate) => new() { ["x"] = label, ["y"] = (int)Math.Round(rate * 100, MidpointRounding.AwayFromZero) };
}
