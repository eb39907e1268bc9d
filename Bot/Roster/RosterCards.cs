using System.Globalization;
using System.Text.Json.Nodes;
using CoachBot.Cards;
using CoachBot.Localization;

namespace CoachBot.Roster;

/// <summary>
/// A line about one person that another feature adds under their entry on the <c>roster</c> card (for example whether
/// the bot can reach them). Register with <c>services.AddSingleton&lt;IRosterStatus, XyzStatus&gt;()</c>; null adds nothing.
/// </summary>
public interface IRosterStatus
{
    Task<IReadOnlyDictionary<string, string>> LinesAsync(IReadOnlyList<RosterMember> members, string language, CancellationToken cancellationToken);
}

/// <summary>The person form's answers and the problem of each field, in the person's language.</summary>
public sealed record PersonForm(IReadOnlyDictionary<string, string?> Values, IReadOnlyDictionary<string, string> Errors, IReadOnlyList<string> General);

/// <summary>The <c>roster</c> card (people by role and region, search), the person form and the history card.</summary>
public sealed class RosterCards(Texts texts, Organization organization)
{
    public const string ShowVerb = "roster.show";
    public const string AddVerb = "roster.add";
    public const string EditVerb = "roster.edit";
    public const string RemoveVerb = "roster.remove";
    /// <summary>The card data flag of the confirmation card's Remove button: without it, Remove asks first.</summary>
    public const string Confirmed = "confirmed";
    public const string SaveVerb = "roster.save";
    public const string HistoryVerb = "roster.history";
    public const string PlaceVerb = "roster.place";
    public const string SavePlaceVerb = "roster.place.save";
    public const string Region = "region";
    public const string Unit = "unit";

    public static readonly string[] PlaceFields = ["id", "name", "timeZone", "holidays", "objective", "currency"];

    public static readonly string[] Fields = ["name", "email", "aadObjectId", "role", "region", "businessUnit", "language"];

    /// <summary>The choice that means "none" (a region or BU) or "the organisation's default" (a language): a card choice needs a value.</summary>
    public const string NoChoice = "none";

    // A long roster shows its first people and asks for a search; fewer when their rows would not fit in a message.
    internal const int MaxShown = 40;

    /// <summary>Team members not on the roster listed with an Add button each, and the most text the team's lists take.</summary>
    internal const int MaxStrangers = 20;

    internal const int MaxTeamListBytes = 4_000;

    /// <summary>The roster card: as many people (and team members to add) as fit under <see cref="CardList.CardBudget"/>, up to <see cref="MaxShown"/>.</summary>
    public JsonObject Roster(RosterSnapshot roster, string language, string search, string? banner, bool bannerIsWarning, IReadOnlyDictionary<string, string> status,
        RosterTeam? team = null) =>
        CardList.Fit(MaxShown, shown => Roster(roster, language, search, banner, bannerIsWarning, status, team, shown, Math.Min(MaxStrangers, shown)));

    private JsonObject Roster(RosterSnapshot roster, string language, string search, string? banner, bool bannerIsWarning, IReadOnlyDictionary<string, string> status,
        RosterTeam? team, int maxShown, int maxStrangers)
    {
        var found = Matching(roster, search).ToList();
        var shown = found.Take(maxShown).ToList();
        var groups = new JsonArray();
        void Group(string title, IEnumerable<(RosterMember Member, string Role, string Place, string Detail)> people)
        {
            var list = people.ToList();
            if (list.Count > 0)
            {
                groups.Add(new JsonObject
                {
                    ["title"] = title,
                    ["people"] = new JsonArray(list.Select(p => (JsonNode)new JsonObject
                    {
                        ["id"] = p.Member.Id,
                        ["name"] = p.Member.Name,
                        ["role"] = p.Role,
                        ["place"] = p.Place,
                        ["detail"] = p.Detail,
                        ["status"] = status.GetValueOrDefault(p.Member.Id),
                    }).ToArray()),
                });
            }
        }
        string Lang(RosterMember m) => m.Language ?? roster.DefaultLanguage;
        string Who(RosterMember m) => string.Join(" · ", new[] { m.Email ?? m.AadObjectId ?? "", Lang(m) }.Where(p => p.Length > 0));

        Group(texts.Get(language, "roster_group_director"), shown.Where(m => m.Has(Role.Director)).Select(m => (m, RosterCsv.Director, "", Who(m))));
        Group(texts.Get(language, "roster_group_sponsors"), shown.SelectMany(m => m.SponsoredRegions.Select(r => (m, RosterCsv.Sponsor, r, $"{RegionName(roster, r)} · {Who(m)}"))));
        Group(texts.Get(language, "roster_group_leads"), shown.SelectMany(m => m.LedBusinessUnits.Select(b => (m, RosterCsv.Lead, b, $"{UnitName(roster, b)} · {Who(m)}"))));
        foreach (var region in roster.Regions.Values)
        {
            Group(texts.Format(language, "roster_group_reps", RegionName(roster, region.Id)),
                shown.Where(m => m.Has(Role.Rep) && string.Equals(m.RegionId, region.Id, StringComparison.OrdinalIgnoreCase)).Select(m => (m, RosterCsv.Rep, region.Id, Who(m))));
        }
        Group(texts.Get(language, "roster_group_admins"), shown.Where(m => m.Has(Role.Admin)).Select(m => (m, RosterCsv.Admin, "", Who(m))));

        var leadless = roster.UnitsWithoutLead.Select(u => UnitName(roster, u.Id)).ToList();
        // Names from Teams can be 256 characters: the team's lists are bounded in bytes as well as in number.
        var strangers = CardList.Newest(team?.NotOnRoster ?? [], maxStrangers, MaxTeamListBytes, c => c.Name + (c.Email ?? c.AadObjectId));
        var notInTeam = CardList.Newest(team?.NotInTeam ?? [], MaxShown, MaxTeamListBytes);
        var everyone = roster.Members.Concat(roster.Admins).DistinctBy(m => m.Id).Count();
        var data = new JsonObject
        {
            ["text"] = texts.AsJson(language),
            ["version"] = roster.Version.Number.ToString(CultureInfo.InvariantCulture),
            ["versionLine"] = VersionLine(roster.Version, language),
            ["banner"] = banner,
            ["bannerColor"] = bannerIsWarning ? "Attention" : "Good",
            ["noLead"] = leadless.Count == 0 ? null : texts.Plural(language, "roster_no_lead", leadless.Count, string.Join(", ", leadless)),
            ["countLine"] = search.Length == 0
                ? Count(language, "roster_people", everyone)
                : Count(language, "roster_found", found.Count, search),
            ["search"] = search,
            ["groups"] = groups,
            ["moreLine"] = found.Count > shown.Count ? texts.Plural(language, "roster_more", found.Count - shown.Count) : null,
            ["hasTeam"] = team is not null,
            ["notOnRosterHeading"] = team?.NotOnRosterHeading,
            ["strangers"] = new JsonArray(strangers.Shown.Select(c => (JsonNode)new JsonObject
            {
                ["name"] = c.Name,
                ["detail"] = c.Email ?? c.AadObjectId,
                ["email"] = c.Email ?? "",
                ["aadObjectId"] = c.AadObjectId,
            }).ToArray()),
            ["strangersMore"] = strangers.LeftOut > 0 ? texts.Plural(language, "roster_more", strangers.LeftOut) : null,
            ["notInTeamHeading"] = team?.NotInTeamHeading,
            ["notInTeamLine"] = notInTeam.Shown.Count > 0
                ? string.Join(", ", notInTeam.Shown) + (CardList.More(texts, language, notInTeam.LeftOut) is { } more ? " " + more : "")
                : null,
            ["places"] = new JsonArray(
            [
                .. roster.Regions.Values.Select(r => (JsonNode)new JsonObject
                {
                    ["kind"] = Region,
                    ["placeId"] = r.Id,
                    ["line"] = texts.Format(language, "roster_region_line", RegionName(roster, r.Id), r.TimeZone, r.Sponsor?.Name ?? texts.Get(language, "roster_nobody"), r.Holidays.Count),
                }),
                .. roster.BusinessUnits.Values.Select(u => (JsonNode)new JsonObject
                {
                    ["kind"] = Unit,
                    ["placeId"] = u.Id,
                    ["line"] = texts.Format(language, "roster_unit_line", UnitName(roster, u.Id), string.IsNullOrWhiteSpace(u.TimeZone) ? "—" : u.TimeZone,
                        string.Create(CultureInfo.GetCultureInfo(language), $"{u.InternationalObjective:N0} {u.ObjectiveCurrency}"),
                        u.Leads.Count == 0 ? texts.Get(language, "roster_nobody") : string.Join(", ", u.Leads.Select(l => l.Name))),
                }),
            ]),
        };
        return CardTemplate.Load("Roster/Cards/roster.json").Fill(data);
    }

    public JsonObject Person(RosterSnapshot roster, RosterMember? member, PersonForm form, string editedRole, string editedPlace, string language)
    {
        var values = new JsonObject();
        var errors = new JsonObject();
        foreach (var field in Fields)
        {
            var value = form.Values.GetValueOrDefault(field) ?? "";
            values[field] = value.Length == 0 && field is "region" or "businessUnit" or "language" ? NoChoice : value;
            errors[field] = form.Errors.GetValueOrDefault(field) ?? "";
        }
        string[] roles = [RosterCsv.Rep, RosterCsv.Lead, RosterCsv.Sponsor, RosterCsv.Director, RosterCsv.Admin];
        var data = new JsonObject
        {
            ["text"] = texts.AsJson(language),
            ["title"] = member is null ? texts.Get(language, "roster_form_add") : texts.Format(language, "roster_form_edit", member.Name),
            ["hasErrors"] = form.Errors.Count > 0 || form.General.Count > 0,
            ["general"] = new JsonArray(form.General.Select(g => (JsonNode)new JsonObject { ["line"] = g }).ToArray()),
            ["values"] = values,
            ["errors"] = errors,
            ["shown"] = FormErrors.Shown(errors),
            ["roles"] = Choices(roles.Select(r => (texts.Get(language, "roster_role_" + r), r))),
            ["regions"] = Choices(roster.Regions.Values.Select(r => (RegionName(roster, r.Id), r.Id)).Prepend(("—", NoChoice))),
            ["units"] = Choices(roster.BusinessUnits.Values.Select(u => (UnitName(roster, u.Id), u.Id)).Prepend(("—", NoChoice))),
            ["languages"] = Choices([(texts.Get(language, "roster_language_default"), NoChoice), ("English", Languages.English), ("Français", Languages.French)]),
            ["memberId"] = member?.Id ?? "",
            ["editedRole"] = editedRole,
            ["editedPlace"] = editedPlace,
            ["version"] = roster.Version.Number.ToString(CultureInfo.InvariantCulture),
        };
        return CardTemplate.Load("Roster/Cards/person.json").Fill(data);
    }

    /// <summary>The form of a region (name, time zone, holidays) or a BU (name, time zone, objective, currency); a blank id is a new one.</summary>
    public JsonObject Place(RosterSnapshot roster, string kind, string placeId, PersonForm form, string language)
    {
        var values = new JsonObject();
        var errors = new JsonObject();
        foreach (var field in PlaceFields)
        {
            values[field] = form.Values.GetValueOrDefault(field) ?? "";
            errors[field] = form.Errors.GetValueOrDefault(field) ?? "";
        }
        var isNew = placeId.Length == 0;
        var name = kind == Region ? RegionName(roster, placeId) : UnitName(roster, placeId);
        return CardTemplate.Load("Roster/Cards/place.json").Fill(new JsonObject
        {
            ["text"] = texts.AsJson(language),
            ["title"] = isNew
                ? texts.Get(language, kind == Region ? "roster_form_new_region" : "roster_form_new_unit")
                : texts.Format(language, kind == Region ? "roster_form_region" : "roster_form_unit", name),
            ["hasErrors"] = form.Errors.Count > 0 || form.General.Count > 0,
            ["general"] = new JsonArray(form.General.Select(g => (JsonNode)new JsonObject { ["line"] = g }).ToArray()),
            ["values"] = values,
            ["errors"] = errors,
            ["shown"] = FormErrors.Shown(errors),
            ["isNew"] = isNew,
            ["isRegion"] = kind == Region,
            ["isUnit"] = kind == Unit,
            ["peopleLine"] = texts.Get(language, "roster_place_people"),
            ["kind"] = kind,
            ["placeId"] = placeId,
            ["version"] = roster.Version.Number.ToString(CultureInfo.InvariantCulture),
        });
    }

    public JsonObject History(IReadOnlyList<RosterHistoryEntry> entries, string language) =>
        CardTemplate.Load("Roster/Cards/history.json").Fill(new JsonObject
        {
            ["text"] = texts.AsJson(language),
            ["empty"] = entries.Count == 0,
            ["entries"] = new JsonArray(entries.Select(e => (JsonNode)new JsonObject
            {
                ["title"] = texts.Format(language, "roster_history_entry", e.Version, e.ByName, When(e.At, language)),
                ["lines"] = new JsonArray(e.Lines.Select(l => (JsonNode)new JsonObject { ["line"] = HistoryLine(l, language) }).ToArray()),
            }).ToArray()),
        });

    public string VersionLine(RosterVersion version, string language) =>
        version.ChangedBy == RosterVersion.Configuration.ChangedBy
            ? texts.Format(language, "roster_version_seeded", version.Number)
            : texts.Format(language, "roster_version", version.Number, version.ChangedBy, When(version.ChangedAt, language));

    /// <summary>
    /// "24 December 2026 15:05 (Paris time)": a moment as the language writes it, in the zone the roster's readers (the
    /// director and the admins) read times in, the director's, named since an admin may be elsewhere.
    /// </summary>
    public string When(DateTimeOffset at, string language)
    {
        var zone = organization.DirectorTimeZone;
        var local = TimeZoneInfo.ConvertTime(at, zone).DateTime;
        return texts.Format(language, "roster_when", Texts.LongDate(DateOnly.FromDateTime(local), language), local.ToString("HH:mm", CultureInfo.InvariantCulture),
            PersonZones.PlaceOf(zone));
    }

    /// <summary>
    /// A stored history line (<c>+ Name: rep mea</c>, <c>- Name: …</c>, <c>Name: before → after</c>) in words, so an
    /// addition is not read as a removal (Teams shows both marks as bullets); French puts its space before the colon.
    /// </summary>
    public string HistoryLine(string line, string language)
    {
        var (key, rest) = line switch
        {
            ['+', ' ', ..] => ("roster_history_added", line[2..]),
            ['-', ' ', ..] => ("roster_history_removed", line[2..]),
            _ => ("roster_history_changed", line),
        };
        if (language == Languages.French && rest.IndexOf(": ", StringComparison.Ordinal) is var colon and > 0)
        {
            rest = string.Concat(rest.AsSpan(0, colon), "\u00a0: ", rest.AsSpan(colon + 2));
        }
        return texts.Format(language, key, rest);
    }

    /// <summary>Remove asks first: who, in which roles, and what removing does; the button carries <see cref="Confirmed"/>.</summary>
    public JsonObject ConfirmRemove(RosterSnapshot roster, RosterMember member, string language) =>
        CardTemplate.Load("Roster/Cards/confirm.json").Fill(new JsonObject
        {
            ["title"] = texts.Format(language, "roster_remove_title", member.Name),
            ["line"] = texts.Format(language, "roster_remove_confirm", member.Name),
            ["remove"] = texts.Get(language, "roster_remove_yes"),
            ["cancel"] = texts.Get(language, "roster_cancel"),
            ["memberId"] = member.Id,
            ["version"] = roster.Version.Number.ToString(CultureInfo.InvariantCulture),
        });

    private string Count(string language, string key, int count, string? search = null) =>
        texts.Format(language, count switch { 0 => key + "_zero", 1 => key + "_one", _ => key + "_many" }, count, search);

    private static IEnumerable<RosterMember> Matching(RosterSnapshot roster, string search)
    {
        var everyone = roster.Members.Concat(roster.Admins).DistinctBy(m => m.Id);
        if (search.Length == 0)
        {
            return everyone;
        }
        bool Has(string? text) => text is not null && text.Contains(search, StringComparison.CurrentCultureIgnoreCase);
        return everyone.Where(m => Has(m.Name) || Has(m.Email) || Has(m.AadObjectId) || Has(m.RegionId)
            || (m.RegionId is { } r && Has(RegionName(roster, r)))
            || m.LedBusinessUnits.Any(b => Has(b) || Has(UnitName(roster, b))) || m.SponsoredRegions.Any(r => Has(r) || Has(RegionName(roster, r))));
    }

    private static JsonArray Choices(IEnumerable<(string Title, string Value)> choices) =>
        new(choices.Select(c => (JsonNode)new JsonObject { ["title"] = c.Title, ["value"] = c.Value }).ToArray());

    private static string RegionName(RosterSnapshot roster, string id) =>
        roster.Regions.TryGetValue(id, out var region) && region.Name.Length > 0 ? region.Name : id;

    private static string UnitName(RosterSnapshot roster, string id) =>
        roster.BusinessUnits.TryGetValue(id, out var unit) && unit.Name.Length > 0 ? unit.Name : id;
}
