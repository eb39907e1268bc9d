using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using CoachBot.Calendar;
using CoachBot.Cards;
using CoachBot.Coaching;
using CoachBot.Localization;
using CoachBot.Reach;
using CoachBot.Roster;
using CoachBot.SupportRequests;

namespace CoachBot.Digests;

/// <summary>
/// The digests' cards, filled from the figures: the director's and sponsors' digest, the BU lead's digest, the
/// <c>team</c> table and the 1:1 brief. Lists are cut with "… and N more" so every card stays under
/// <see cref="MaxCardBytes"/> whatever the team's size.
/// </summary>
public sealed class DigestCards(Texts texts, Organization organization, IEnumerable<ReachCards> reachCards, IBlockerThemes blockerThemes)
{
    /// <summary>Wins, and blockers (theme headings aside), listed before "… and N more in the Dashboard".</summary>
    public const int MaxWins = 10;
    public const int MaxBlockers = 12;

    /// <summary>The longest part of a win or blocker a digest quotes.</summary>
    public const int MaxQuote = 160;

    /// <summary>Below the 28 KB the issue allows, with room for the activity around the card.</summary>
    public const int MaxCardBytes = 27 * 1024;

    private readonly ReachCards? _reach = reachCards.FirstOrDefault();

    /// <summary>Names listed under "under target" and "early warning" before "… and N more".</summary>
    public const int MaxNames = 12;

    /// <summary>
    /// The director's digest, or a sponsor's with the requests escalated to them (waiting since <paramref name="now"/>);
    /// the director's names the people the bot cannot reach (<paramref name="unreachable"/>, null when reach is not there).
    /// </summary>
    public JsonObject Digest(TeamFigures figures, string language, RosterMember? sponsor = null,
        IReadOnlyList<SupportRequestSnapshot>? escalatedToSponsor = null, DateTimeOffset? now = null, IReadOnlyList<MemberReach>? unreachable = null)
    {
        var week = figures.Week;
        var title = sponsor is null
            ? texts.Format(language, "digest_director_title", week.Week, texts.DayRange(week, language))
            : texts.Format(language, "digest_sponsor_title", string.Join(", ", sponsor.SponsoredRegions.Select(RegionName)), week.Week, texts.DayRange(week, language));
        var data = new JsonObject
        {
            ["text"] = texts.AsJson(language),
            ["title"] = title,
            ["subtitle"] = figures.FormerReps == 0
                ? texts.Plural(language, "digest_scope_reps", figures.Reps)
                : $"{texts.Plural(language, "digest_scope_reps", figures.Reps)} {texts.Plural(language, "digest_scope_former", figures.FormerReps)}",
            ["noLead"] = sponsor is null && organization.Current.UnitsWithoutLead is { Count: > 0 } leadless
                ? texts.Plural(language, "roster_no_lead", leadless.Count, string.Join(", ", leadless.Select(u => BusinessUnitName(u.Id)))) : null,
            ["noCheckIns"] = figures.NoCheckIns,
            ["hasCheckIns"] = !figures.NoCheckIns,
            ["presenceFacts"] = Facts(
                (texts.Get(language, "digest_presence_fact"), figures.ThisWeek.Rate is { } rate
                    ? texts.Format(language, "digest_presence_value", Percent(rate, language), Percent(figures.Target, language))
                    : texts.Get(language, "digest_presence_none")),
                (texts.Get(language, "digest_response_fact"), figures.ThisWeek.ResponseRate is { } response
                    ? texts.Format(language, "digest_response_value", figures.ThisWeek.Answered, figures.ThisWeek.Expected, Percent(response, language))
                    : texts.Get(language, "digest_response_none"))),
            ["presenceSeries"] = PresenceChart.Series(
                figures.Presence.OrderBy(p => p.Week).Select(p => new ChartWeek(Week(p.Week, language), p.Rate)).ToList(),
                figures.Target, texts.Get(language, "digest_legend_team"), PresenceChart.TargetLegend(texts, "digest_legend_target", figures.Target, language)),
            ["yMin"] = PresenceChart.AxisMin,
            ["yMax"] = PresenceChart.AxisMax,
            ["presenceFallback"] = texts.Format(language, "digest_presence_fallback", Percent(figures.Target, language),
                string.Join(" · ", figures.Presence.Select(p => p.Rate is { } r
                    ? texts.Format(language, "digest_week_point", Week(p.Week, language), Percent(r, language))
                    : texts.Format(language, "digest_week_no_answer", Week(p.Week, language))))),
            ["underTarget"] = figures.NoCheckIns ? new JsonArray() : Lines(language, figures.UnderTargetTwoWeeks, "digest_under_none",
                a => texts.Format(language, "digest_under_line", Name(a.Rep, language), Percent(a.ThisWeek, language))),
            ["warnings"] = figures.NoCheckIns ? new JsonArray() : Lines(language, figures.EarlyWarnings, "digest_warning_none",
                a => texts.Format(language, "digest_warning_line", Name(a.Rep, language), Percent(a.ThisWeek, language), Percent(Math.Max(0, a.Projected ?? 0), language))),
            ["showEscalated"] = sponsor is not null && escalatedToSponsor is not null,
            ["escalated"] = sponsor is null || escalatedToSponsor is null ? new JsonArray() : Lines(language, escalatedToSponsor, "digest_escalated_none",
                r => texts.Format(language, "digest_escalated_line", r.Reference, r.Customer, BusinessUnitName(r.BusinessUnitId),
                    texts.Plural(language, "ago_days", DigestFigures.AgeInDays(r.OpenedAt, now ?? r.OpenedAt, organization.DirectorTimeZone)))),
            ["coachingLines"] = CoachingLines(figures.Coaching, language),
            ["winLines"] = WinLines(figures.Wins ?? [], language),
            ["blockerLines"] = BlockerLines(figures.Blockers ?? [], language),
            ["showReach"] = unreachable is not null && _reach is not null,
            ["reachLines"] = ReachLines(unreachable, language),
        };
        data["covers"] = Covers(week, figures.Requests.Period, language);
        AddRequests(data, figures.Requests, language, charts: true);
        return CardTemplate.Load("Digests/Cards/digest.json").Fill(data);
    }

    public JsonObject Lead(BusinessUnitOptions unit, IsoWeek week, RequestFigures requests, ObjectiveProgress objective, string language, IReadOnlyList<RepWin>? wins = null)
    {
        var data = new JsonObject
        {
            ["text"] = texts.AsJson(language),
            ["title"] = texts.Format(language, "digest_lead_title", BusinessUnitName(unit.Id), week.Week, texts.DayRange(week, language)),
            ["ackLine"] = requests.AcknowledgeByBusinessUnit.FirstOrDefault() is { } ack
                ? texts.Plural(language, "digest_lead_ack", ack.Count, Hours(ack.MedianHours, language))
                : requests.InWindow > 0 ? AckNone(requests.Period, language) : "",
            ["covers"] = texts.Format(language, "digest_covers_requests", Texts.LongDate(requests.Period.From, language), Texts.LongDate(requests.Period.To, language)),
            ["objectionLines"] = requests.InWindow == 0 ? new JsonArray() : Lines(language, requests.Objections, "digest_objections_none",
                o => texts.Format(language, "digest_objection_line", Objection(o.Category, language), o.Count)),
            ["objectiveLines"] = ObjectiveLines(objective, language),
            ["winLines"] = wins is { Count: > 0 } ? WinLines(wins, language) : Single(texts.Get(language, "digest_lead_wins_none")),
        };
        AddRequests(data, requests, language, charts: false);
        return CardTemplate.Load("Digests/Cards/lead.json").Fill(data);
    }

    public JsonObject Team(IReadOnlyList<TeamRow> rows, RosterMember recipient, string language)
    {
        var weeks = rows.Select(r => r.Week).Distinct().Order().Select(w => w.Week.ToString(CultureInfo.InvariantCulture)).ToList();
        var weekText = weeks.Count > 0 ? string.Join("/", weeks) : "–";
        var title = recipient.Has(Role.Director)
            ? texts.Format(language, "team_title", weekText)
            : texts.Format(language, "team_title_region", string.Join(", ", recipient.SponsoredRegions.Select(RegionName)), weekText);

        JsonObject Build(int shown)
        {
            var groups = rows.Take(shown).GroupBy(r => r.Rep.RegionId ?? "", StringComparer.OrdinalIgnoreCase).Select(g => (JsonNode)new JsonObject
            {
                ["heading"] = RegionName(g.Key),
                ["facts"] = Facts(g.Select(r => (r.Rep.Name, RowValue(r, language))).ToArray()),
            }).ToArray();
            return CardTemplate.Load("Digests/Cards/team.json").Fill(new JsonObject
            {
                ["title"] = title,
                ["intro"] = rows.Count == 0 ? texts.Get(language, "team_no_reps") : texts.Get(language, "team_legend"),
                ["groups"] = new JsonArray(groups),
                ["more"] = shown < rows.Count ? texts.Plural(language, "team_more", rows.Count - shown) : "",
            });
        }
        return FitUnderBudget(rows.Count, Build);
    }

    public JsonObject Brief(RepBrief brief, DateTimeOffset now, string language)
    {
        var rep = brief.History.Rep;
        var weeks = brief.History.Weeks.OrderByDescending(w => w.Week).Select(w => (Week(w.Week, language), w switch
        {
            { CheckIn: { } c } => texts.Plural(language, "brief_week_value", c.Answer.Visits, c.Answer.FieldDays, c.WorkingDays, Percent(c.PresenceRate, language)),
            { WorkingDays: 0 } => texts.Get(language, "brief_week_holidays"),
            { Away: true } => texts.Get(language, "brief_week_away"),
            _ => texts.Get(language, "brief_week_none"),
        })).ToArray();
        var zone = organization.DirectorTimeZone;
        var data = new JsonObject
        {
            ["text"] = texts.AsJson(language),
            ["title"] = texts.Format(language, "brief_title", Name(rep, language)),
            ["subtitle"] = RegionName(rep.RegionId ?? ""),
            ["weeksHeading"] = texts.Format(language, "brief_weeks_heading", Percent(brief.Target, language)),
            ["noCheckIns"] = brief.History.Weeks.All(w => w.CheckIn is null),
            ["weeks"] = Facts(weeks),
            ["requests"] = Lines(language, brief.OpenRequests, "brief_requests_none", r => r.CommitmentDate is { } committed
                    ? texts.Format(language, "brief_request_committed", r.Reference, r.Customer, BusinessUnitName(r.BusinessUnitId), State(r.State, language), Texts.LongDate(committed, language))
                    : texts.Format(language, "brief_request_line", r.Reference, r.Customer, BusinessUnitName(r.BusinessUnitId), State(r.State, language),
                        texts.Plural(language, "ago_days", DigestFigures.AgeInDays(r.OpenedAt, now, zone)))),
            ["voiceLines"] = VoiceLines(brief.Voice, language),
            ["voiceDrop"] = brief.Voice?.Drop is { } drop
                ? drop.LowTwoWeeks
                    ? texts.Format(language, "brief_confidence_low", drop.Earlier, drop.Latest)
                    : texts.Format(language, "brief_confidence_drop", drop.Earlier, drop.Latest)
                : "",
            ["commitments"] = Lines(language, brief.Commitments, "brief_commitments_none", e => e.FollowUp is { } followUp
                    ? texts.Format(language, "brief_commitment_followup", CommitmentWeek(e, language), e.Commitment, texts.Get(language, $"followup_{followUp}"))
                    : texts.Format(language, "brief_commitment_line", CommitmentWeek(e, language), e.Commitment)),
        };
        return CardTemplate.Load("Digests/Cards/brief.json").Fill(data);
    }

    /// <summary>Wins of the week, newest first, each with the rep, the customer and the BU it credits; "… and N more" past <see cref="MaxWins"/>.</summary>
    private JsonArray WinLines(IReadOnlyList<RepWin> wins, string language)
    {
        if (wins.Count == 0)
        {
            return Single(texts.Get(language, "digest_wins_none"));
        }
        var (shown, leftOut) = CardList.Newest(wins, MaxWins);
        var lines = new JsonArray(shown.Select(w => (JsonNode)Line(WinLine(w, language))).ToArray());
        if (leftOut > 0)
        {
            lines.Add(Line(texts.Plural(language, "digest_voices_more", leftOut)));
        }
        return lines;
    }

    public string WinLine(RepWin win, string language)
    {
        var about = new[] { win.Customer, win.CreditedBusinessUnit is { } unit ? texts.Format(language, "digest_win_credit", BusinessUnitName(unit)) : "" }
            .Where(p => p.Length > 0);
        var line = texts.Format(language, "digest_quote_line", Name(win.Rep, language), RepVoices.Cut(win.Text, MaxQuote));
        return about.Any() ? $"{line} · {string.Join(" · ", about)}" : line;
    }

    /// <summary>
    /// Blockers of the week grouped by theme (the most frequent theme first, those without a theme last), newest first
    /// within each, "… and N more" once <see cref="MaxBlockers"/> are listed.
    /// </summary>
    private JsonArray BlockerLines(IReadOnlyList<RepBlocker> blockers, string language)
    {
        if (blockers.Count == 0)
        {
            return new JsonArray(Line(texts.Get(language, "digest_blockers_none")));
        }
        var lines = new JsonArray();
        var shown = 0;
        var groups = blockers.GroupBy(b => b.Theme).OrderBy(g => g.Key is null).ThenByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal);
        foreach (var group in groups)
        {
            if (shown >= MaxBlockers)
            {
                break;
            }
            var label = group.Key is { } theme ? blockerThemes.Label(theme, language) : texts.Get(language, "digest_blockers_no_theme");
            lines.Add(new JsonObject { ["line"] = texts.Plural(language, "digest_blocker_theme", group.Count(), label), ["weight"] = "Bolder" });
            foreach (var blocker in group.Take(MaxBlockers - shown))
            {
                lines.Add(Line(texts.Format(language, "digest_quote_line", Name(blocker.Rep, language), RepVoices.Cut(blocker.Text, MaxQuote))));
                shown++;
            }
        }
        if (blockers.Count > shown)
        {
            lines.Add(Line(texts.Plural(language, "digest_voices_more", blockers.Count - shown)));
        }
        return lines;
    }

    /// <summary>The rep's last four answered weeks, newest first: confidence, win and blocker of each.</summary>
    private JsonArray VoiceLines(RepVoice? voice, string language)
    {
        if (voice is null || voice.Weeks.Count == 0)
        {
            return Single(texts.Get(language, "brief_voice_none"));
        }
        return new JsonArray(voice.Weeks.Select(c =>
        {
            var parts = new List<string> { texts.Format(language, "brief_voice_confidence", c.Answer.Confidence) };
            if (c.Answer.Win.Length > 0)
            {
                parts.Add(texts.Format(language, "brief_voice_win", RepVoices.Cut(c.Answer.Win, MaxQuote)));
            }
            if (!blockerThemes.IsNone(c.Answer.Blocker))
            {
                parts.Add(texts.Format(language, "brief_voice_blocker", RepVoices.Cut(c.Answer.Blocker, MaxQuote)));
            }
            return (JsonNode)Line(texts.Format(language, "brief_voice_line", Week(c.Week, language), string.Join(" · ", parts)));
        }).ToArray());
    }

    /// <summary>The week a coaching commitment was made, as its entry names it (else the week it was sent in the director's zone).</summary>
    private string CommitmentWeek(CoachingEntry entry, string language) =>
        Week(IsoWeek.TryParse(entry.Week, out var week) ? week : IsoWeek.Of(DigestFigures.LocalDate(entry.SentAt, organization.DirectorTimeZone)), language);

    /// <summary>The card's size as sent (UTF-8 JSON).</summary>
    public static int SizeOf(JsonObject card) => Encoding.UTF8.GetByteCount(card.ToJsonString());

    /// <summary>Builds the card with every item, or with fewer ("… and N more") until it fits under <see cref="MaxCardBytes"/>.</summary>
    private static JsonObject FitUnderBudget(int total, Func<int, JsonObject> build)
    {
        var shown = total;
        var card = build(shown);
        while (SizeOf(card) > MaxCardBytes && shown > 0)
        {
            var size = SizeOf(card);
            shown = Math.Min(shown - 1, (int)(shown * (double)MaxCardBytes / size * 0.95));
            card = build(Math.Max(0, shown));
        }
        return card;
    }

    /// <summary>
    /// What a digest covers, said on the card: presence for the 8 weeks of check-ins ending with the week reported (the
    /// week's answers are in by then); requests and coaching for the 8 weeks to today, today included
    /// (<see cref="DigestPeriod"/>), so an acknowledgement or a decline made this morning is counted.
    /// </summary>
    private string Covers(IsoWeek week, DigestPeriod period, string language) =>
        texts.Format(language, "digest_covers", week.Plus(1 - DigestFigures.Weeks).Week, week.Week, Texts.LongDate(week.Monday.AddDays(6), language),
            Texts.LongDate(period.From, language), Texts.LongDate(period.To, language));

    private string AckNone(DigestPeriod period, string language) =>
        texts.Format(language, "digest_ack_none", Texts.LongDate(period.From, language), Texts.LongDate(period.To, language));

    private void AddRequests(JsonObject data, RequestFigures requests, string language, bool charts)
    {
        var lines = new JsonArray();
        if (requests.InWindow == 0)
        {
            lines.Add(Line(texts.Get(language, "digest_requests_empty")));
        }
        else if (requests.OpenCount == 0)
        {
            lines.Add(Line(texts.Get(language, "digest_open_none")));
        }
        var hasRequests = requests.InWindow > 0;
        data["requestsLines"] = lines;
        data["hasRequests"] = hasRequests;
        data["hasOpen"] = hasRequests && requests.OpenCount > 0;
        data["openFacts"] = Facts(requests.OpenByBusinessUnit.Select(b => (BusinessUnitName(b.BusinessUnitId),
            texts.Plural(language, "digest_open_value", b.Count, texts.Plural(language, "ago_days", b.OldestDays)))).ToArray());
        if (!charts)
        {
            return;
        }
        var acknowledge = requests.AcknowledgeByBusinessUnit;
        data["hasAck"] = hasRequests && acknowledge.Count > 0;
        data["ackNone"] = hasRequests && acknowledge.Count == 0 ? AckNone(requests.Period, language) : "";
        data["ackBars"] = new JsonArray(acknowledge.Select(a => (JsonNode)new JsonObject { ["x"] = BusinessUnitName(a.BusinessUnitId), ["y"] = Math.Round(a.MedianHours, 1) }).ToArray());
        data["ackFallback"] = string.Join(" · ", acknowledge.Select(a => texts.Plural(language, "digest_ack_line", a.Count, BusinessUnitName(a.BusinessUnitId), Hours(a.MedianHours, language))));
        data["escalationsLine"] = !hasRequests ? "" : requests.Escalations.Any
            ? texts.Format(language, "digest_escalations", requests.Escalations.RaisedThisWeek, requests.Escalations.WaitingOnDirector, requests.Escalations.WaitingOnSponsor, requests.Escalations.Resolved)
            : texts.Get(language, "digest_escalations_none");
        var objections = requests.Objections;
        data["hasObjections"] = hasRequests && objections.Count > 0;
        data["objectionsNone"] = hasRequests && objections.Count == 0 ? texts.Get(language, "digest_objections_none") : "";
        data["objectionSlices"] = new JsonArray(objections.Select(o => (JsonNode)new JsonObject { ["legend"] = Objection(o.Category, language), ["value"] = o.Count }).ToArray());
        data["objectionFallback"] = string.Join(" · ", objections.Select(o => texts.Format(language, "digest_objection_line", Objection(o.Category, language), o.Count)));
    }

    /// <summary>How many people the bot cannot reach (zero, one, many), then each of them and why, "… and N more" past <see cref="MaxNames"/>.</summary>
    private JsonArray ReachLines(IReadOnlyList<MemberReach>? unreachable, string language)
    {
        if (unreachable is null || _reach is null)
        {
            return [];
        }
        var lines = new JsonArray(Line(_reach.Count(unreachable.Count, language)));
        if (unreachable.Count > 0)
        {
            foreach (var line in Lines(language, unreachable, "reach_unreachable_zero", r => _reach.Line(r, language)))
            {
                lines.Add(line!.DeepClone());
            }
        }
        return lines;
    }

    private JsonArray CoachingLines(IReadOnlyList<TrackCompletion> coaching, string language) =>
        Lines(language, coaching, "digest_coaching_empty", t => texts.Plural(language, "digest_coaching_line", t.Done,
            TrackName(t.Track, language), t.Sent, texts.Plural(language, "count_people", t.People), Percent(t.Progress, language)));

    private JsonArray ObjectiveLines(ObjectiveProgress objective, string language)
    {
        if (objective.Objective <= 0)
        {
            return Single(texts.Get(language, "digest_objective_none"));
        }
        var lines = new JsonArray(Line(texts.Format(language, "digest_objective_value",
            Money(objective.Delivered, objective.Currency, language), Money(objective.Objective, objective.Currency, language),
            Percent(objective.Share, language), objective.Currency)));
        if (objective.OtherCurrencyCount > 0)
        {
            lines.Add(Line(texts.Format(language, "digest_objective_other", objective.OtherCurrencyCount)));
        }
        return lines;
    }

    private string RowValue(TeamRow row, string language)
    {
        var checkIn = row.ThisWeek switch
        {
            { CheckIn: { } c } => $"{Percent(c.PresenceRate, language)} · {texts.Get(language, "team_answered")}",
            { WorkingDays: 0 } => texts.Get(language, "team_holidays"),
            { Away: true } => texts.Get(language, "team_away"),
            _ => $"– · {texts.Get(language, "team_not_answered")}",
        };
        var requests = texts.Format(language, "team_requests", row.OpenRequests);
        var coaching = texts.Format(language, "team_coaching", row.CoachingDone, row.CoachingLength);
        return $"{checkIn} · {requests} · {coaching}";
    }

    /// <summary>One line per item, at most <see cref="MaxNames"/>, then "… and N more"; the <paramref name="noneKey"/> sentence when there is none.</summary>
    private JsonArray Lines<T>(string language, IReadOnlyList<T> items, string noneKey, Func<T, string?> line)
    {
        if (items.Count == 0)
        {
            return Single(texts.Get(language, noneKey));
        }
        var lines = new JsonArray(items.Take(MaxNames).Select(i => (JsonNode)Line(line(i) ?? "")).ToArray());
        if (items.Count > MaxNames)
        {
            lines.Add(Line(CardList.More(texts, language, items.Count - MaxNames)!));
        }
        return lines;
    }

    private static JsonArray Single(string text) => new(Line(text));

    private static JsonObject Line(string text) => new() { ["line"] = text, ["weight"] = "Default" };

    private static JsonArray Facts(params (string Title, string Value)[] facts) =>
        new(facts.Select(f => (JsonNode)new JsonObject { ["title"] = f.Title, ["value"] = f.Value }).ToArray());

    private string Percent(double? rate, string language) => texts.Percent(rate, language);

    private string Week(IsoWeek week, string language) => texts.WeekLabel(week, language);

    private static string Hours(double hours, string language) => Math.Round(hours, 1).ToString("0.#", CultureInfo.GetCultureInfo(language));

    private static string Money(decimal amount, string currency, string language) =>
        string.Create(CultureInfo.GetCultureInfo(language), $"{amount:N0} {currency}");


    private string Objection(ObjectionCategory category, string language) => texts.Get(language, $"objection_{category}");

    private string State(RequestState state, string language) =>
        texts.For(language).TryGetValue($"state_{state}", out var text) ? text : state.ToString();

    private string TrackName(string track, string language) =>
        texts.For(language).TryGetValue($"track_{track}", out var text) ? text : track;

    /// <summary>The person's name, marked when they left the roster (as the exports mark them).</summary>
    private string Name(RosterMember member, string language) => organization.NameOf(member.Id, texts.Get(language, "roster_former_member")) is { Length: > 0 } name ? name : member.Name;

    private string RegionName(string id) =>
        organization.Regions.TryGetValue(id, out var region) && region.Name.Length > 0 ? region.Name : id;

    private string BusinessUnitName(string id) =>
        organization.BusinessUnits.TryGetValue(id, out var unit) && unit.Name.Length > 0 ? unit.Name : id;
}
