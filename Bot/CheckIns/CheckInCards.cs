using System.Globalization;
using System.Text.Json.Nodes;
using CoachBot.Calendar;
using CoachBot.Cards;
using CoachBot.Features;
using CoachBot.Localization;
using CoachBot.Roster;

namespace CoachBot.CheckIns;

/// <summary>The check-in's cards (form, summary, stats) in the rep's language, from the templates under <c>CheckIns/Cards/</c>.</summary>
public sealed class CheckInCards(Texts texts, CheckInCalendar calendar, Organization organization)
{
    public const string SubmitVerb = "checkin.submit";
    public const string EditVerb = "checkin.edit";

    /// <summary>An empty form for the week, as the scheduled card and its reminder carry it; "share this win" as the rep last chose (on when never).</summary>
    public CheckInForm BlankForm(string regionId, IsoWeek week, bool reminder, bool? shareWin = null) => new(
        week,
        calendar.WorkingDays(regionId, week).Count,
        calendar.CutOffLocal(week),
        CheckInRules.Fields.ToDictionary(f => f, f => f == CheckInRules.ShareWin && shareWin is { } share ? (share ? "true" : "false") : null, StringComparer.Ordinal),
        new Dictionary<string, FieldError>(),
        IsCorrection: false,
        IsReminder: reminder);

    public JsonObject Form(CheckInForm form, string language)
    {
        var values = new JsonObject();
        var errors = new JsonObject();
        foreach (var field in CheckInRules.Fields)
        {
            var raw = form.Values.GetValueOrDefault(field);
            values[field] = field is CheckInRules.Visits or CheckInRules.FieldDays or CheckInRules.PlannedVisits
                ? (int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? number : null)
                : raw ?? field switch
                {
                    CheckInRules.NeedsBuSupport => "false",
                    CheckInRules.ShareWin => "true",
                    _ => "",
                };
            errors[field] = form.Errors.TryGetValue(field, out var error) ? Reason(language, error) : "";
        }
        var data = new JsonObject
        {
            ["text"] = texts.AsJson(language),
            ["title"] = texts.Format(language, "checkin_title", form.Week.Week, texts.DayRange(form.Week, language)),
            ["intro"] = texts.Plural(language, form.WorkingDays == 5 ? "checkin_intro" : "checkin_intro_holidays", form.WorkingDays,
                texts.When(form.CutOffLocal, language), form.Week.Week),
            ["reminder"] = form.IsReminder,
            ["reminderText"] = texts.Format(language, "checkin_reminder", form.Week.Week),
            ["correction"] = form.IsCorrection,
            ["correctionText"] = texts.Format(language, "checkin_correction", form.Week.Week),
            ["hasErrors"] = form.Errors.Count > 0,
            ["week"] = form.Week.ToString(),
            ["maxFieldDays"] = form.WorkingDays,
            ["maxVisits"] = CheckInRules.MaxVisits,
            ["maxText"] = CheckInRules.MaxTextLength,
            ["values"] = values,
            ["errors"] = errors,
            ["shown"] = FormErrors.Shown(errors),
            ["verb"] = SubmitVerb,
            ["readers"] = texts.Get(language, "checkin_readers"),
            ["units"] = new JsonArray(organization.BusinessUnits.Values.OrderBy(u => u.Name, StringComparer.CurrentCulture)
                .Select(u => (JsonNode)new JsonObject { ["title"] = u.Name.Length > 0 ? u.Name : u.Id, ["value"] = u.Id }).ToArray()),
            ["hasUnits"] = organization.BusinessUnits.Count > 0,
        };
        return CardTemplate.Load("CheckIns/Cards/checkin.json").Fill(data);
    }

    public JsonObject Summary(CheckInSummary summary, CheckInOutcome outcome, string language)
    {
        var checkIn = summary.CheckIn;
        var answer = checkIn.Answer;
        var facts = new List<(string Key, string Value)>
        {
            ("checkin_label_visits", answer.Visits.ToString(CultureInfo.InvariantCulture)),
            ("checkin_summary_field_days", texts.Format(language, "checkin_summary_days_of", answer.FieldDays, checkIn.WorkingDays)),
            ("checkin_summary_presence", texts.Percent(summary.Presence, language)),
            ("checkin_summary_average", texts.Percent(summary.FourWeekAverage, language)),
            ("checkin_summary_target", texts.Percent(summary.Target, language)),
            ("checkin_summary_trend", Trend(summary.TrendVersusLastWeek, language)),
            ("checkin_label_planned", answer.PlannedVisits.ToString(CultureInfo.InvariantCulture)),
            ("checkin_label_confidence", texts.Get(language, $"checkin_confidence_{answer.Confidence}")),
            ("checkin_summary_support", texts.Get(language, answer.NeedsBuSupport ? "checkin_yes" : "checkin_no")),
        };
        var texts_ = new List<(string Key, string Value)>
        {
            ("checkin_label_customers", answer.Customers),
            ("checkin_label_win", answer.Win),
            ("checkin_summary_win_shared", answer.Win.Length == 0 ? "" : texts.Get(language, answer.ShareWin ? "checkin_win_shared" : "checkin_win_private")),
            ("checkin_summary_win_bu", answer.WinBusinessUnit is { } unit && organization.BusinessUnits.TryGetValue(unit, out var bu) ? (bu.Name.Length > 0 ? bu.Name : bu.Id) : ""),
            ("checkin_label_blocker", answer.Blocker),
        }.Where(t => t.Value.Length > 0);

        var data = new JsonObject
        {
            ["text"] = texts.AsJson(language),
            ["title"] = texts.Format(language, "checkin_summary_title", checkIn.Week.Week, texts.DayRange(checkIn.Week, language)),
            ["note"] = Note(outcome, summary.CutOffLocal, checkIn.Week, language),
            ["closed"] = outcome is CheckInOutcome.Closed,
            ["belowTarget"] = summary.Presence is { } rate && rate < summary.Target,
            ["belowTargetText"] = texts.Format(language, "checkin_below_target", checkIn.Week.Week),
            ["facts"] = new JsonArray(facts.Select(f => (JsonNode)new JsonObject { ["title"] = texts.Get(language, f.Key), ["value"] = f.Value }).ToArray()),
            ["answers"] = new JsonArray(texts_.Select(t => (JsonNode)new JsonObject { ["title"] = texts.Get(language, t.Key), ["value"] = t.Value }).ToArray()),
            ["canCorrect"] = summary.CanCorrect,
            ["week"] = checkIn.Week.ToString(),
            ["verb"] = EditVerb,
            // "I need BU support" leads to the support request form, as a message of its own: a plain submit that types
            // the command, so the summary stays where it is instead of being replaced by the form.
            ["needsSupport"] = answer.NeedsBuSupport,
            ["supportCommand"] = SupportRequests.SupportRequestFeature.Request.English,
        };
        return CardTemplate.Load("CheckIns/Cards/summary.json").Fill(data);
    }

    public JsonObject Stats(CheckInStats stats, string language)
    {
        var answered = stats.Weeks.Where(w => w.CheckIn?.PresenceRate is not null).ToList();
        var data = new JsonObject
        {
            ["text"] = texts.AsJson(language),
            ["title"] = texts.Get(language, "checkin_stats_title"),
            ["intro"] = texts.Format(language, "checkin_stats_intro", texts.Percent(stats.Average, language), texts.Percent(stats.Target, language),
                answered.Count, stats.Weeks.Count),
            ["hasData"] = answered.Count > 0,
            ["series"] = PresenceChart.Series(
                stats.Weeks.OrderBy(w => w.Week).Select(w => new ChartWeek(texts.WeekLabel(w.Week, language), w.CheckIn?.PresenceRate)).ToList(),
                stats.Target, texts.Get(language, "checkin_stats_legend_presence"), PresenceChart.TargetLegend(texts, "checkin_stats_legend_target", stats.Target, language)),
            ["yMin"] = PresenceChart.AxisMin,
            ["yMax"] = PresenceChart.AxisMax,
            ["rows"] = new JsonArray(stats.Weeks.Select(w => (JsonNode)new JsonObject
            {
                ["week"] = texts.WeekLabel(w.Week, language),
                ["visits"] = w.CheckIn?.Answer.Visits.ToString(CultureInfo.InvariantCulture) ?? "–",
                ["days"] = w.CheckIn is { } c ? texts.Format(language, "checkin_summary_days_of", c.Answer.FieldDays, c.WorkingDays) : "–",
                ["presence"] = w.CheckIn is { } answeredWeek ? texts.Percent(answeredWeek.PresenceRate, language) : texts.Get(language, "checkin_stats_no_answer"),
            }).ToArray()),
        };
        return CardTemplate.Load("CheckIns/Cards/stats.json").Fill(data);
    }

    public string Reason(string language, FieldError error) => texts.Format(language, error.ReasonKey, error.Arguments);

    private string Trend(double? points, string language) => points switch
    {
        null => texts.Get(language, "checkin_trend_none"),
        var p when Math.Abs(p.Value) < 0.005 => texts.Get(language, "checkin_trend_same"),
        var p => texts.Format(language, p.Value > 0 ? "checkin_trend_up" : "checkin_trend_down", Math.Round(Math.Abs(p.Value) * 100, MidpointRounding.AwayFromZero)),
    };

    private string Note(CheckInOutcome outcome, DateTime cutOff, IsoWeek week, string language) => outcome switch
    {
        CheckInOutcome.Stored => texts.Get(language, "checkin_note_stored"),
        CheckInOutcome.Corrected => texts.Get(language, "checkin_note_corrected"),
        CheckInOutcome.Unchanged => texts.Get(language, "checkin_note_unchanged"),
        CheckInOutcome.Closed => texts.Format(language, "checkin_note_closed", texts.When(cutOff, language), week.Week),
        _ => texts.Format(language, "checkin_note_answered", texts.When(cutOff, language), week.Week),
    };
}
