using System.Globalization;
using CoachBot.Features;
using CoachBot.Localization;

namespace CoachBot.Roster;

/// <summary>
/// The <c>roster</c> card's region and BU form: its answers filled from the roster, each field checked in the admin's
/// language, then the change through <see cref="RosterEditor"/> like every other (the whole roster's validation, the
/// version the card showed).
/// </summary>
public sealed class RosterPlaceActions(RosterEditor editor, RosterCards cards, RosterReplies replies, Texts texts)
{
    public FeatureReply Form(RosterSnapshot roster, CardAction action, string language)
    {
        var kind = action.Text("kind") == RosterCards.Unit ? RosterCards.Unit : RosterCards.Region;
        var id = action.Text("placeId") ?? "";
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (kind == RosterCards.Region && roster.Regions.TryGetValue(id, out var region))
        {
            values["id"] = region.Id;
            values["name"] = region.Name;
            values["timeZone"] = region.TimeZone;
            values["holidays"] = string.Join(", ", region.Holidays.Order().Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        }
        else if (kind == RosterCards.Unit && roster.BusinessUnits.TryGetValue(id, out var unit))
        {
            values["id"] = unit.Id;
            values["name"] = unit.Name;
            values["timeZone"] = unit.TimeZone;
            values["objective"] = unit.InternationalObjective.ToString("0.##", CultureInfo.InvariantCulture);
            values["currency"] = unit.ObjectiveCurrency;
        }
        else
        {
            id = "";
            values["currency"] = "EUR";
        }
        return FeatureReply.Card(cards.Place(roster, kind, id, new PersonForm(values, new Dictionary<string, string>(), []), language));
    }

    public async Task<FeatureReply> SaveAsync(CardAction action, Caller caller, RosterSnapshot roster, CancellationToken cancellationToken)
    {
        var language = caller.Language;
        var kind = action.Text("kind") == RosterCards.Unit ? RosterCards.Unit : RosterCards.Region;
        var placeId = action.Text("placeId") ?? "";
        var values = action.Texts(RosterCards.PlaceFields).ToDictionary(p => p.Key, p => p.Value?.Trim(), StringComparer.Ordinal);
        var isNew = placeId.Length == 0 || (kind == RosterCards.Region ? !roster.Regions.ContainsKey(placeId) : !roster.BusinessUnits.ContainsKey(placeId));
        var id = isNew ? values["id"] ?? "" : placeId;
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        if (isNew && (id.Length == 0 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-') || roster.Regions.ContainsKey(id) || roster.BusinessUnits.ContainsKey(id)))
        {
            errors["id"] = texts.Get(language, "roster_error_id");
        }
        var zone = RosterFeature.Blank(values["timeZone"]);
        if ((kind == RosterCards.Region || zone is not null) && (zone is null || !TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _)))
        {
            errors["timeZone"] = texts.Format(language, "roster_error_time_zone", zone ?? "");
        }
        var holidays = new List<DateOnly>();
        foreach (var day in (values["holidays"] ?? "").Split([',', ';', ' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (DateOnly.TryParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                holidays.Add(date);
            }
            else
            {
                errors["holidays"] = texts.Format(language, "roster_error_holidays", day);
            }
        }
        var objective = 0m;
        if (kind == RosterCards.Unit && RosterFeature.Blank(values["objective"]) is { } amount
            && (!decimal.TryParse(amount, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out objective) || objective < 0))
        {
            errors["objective"] = texts.Get(language, "roster_error_objective");
        }
        var currency = (RosterFeature.Blank(values["currency"]) ?? "EUR").ToUpperInvariant();
        if (kind == RosterCards.Unit && (currency.Length != 3 || !currency.All(char.IsAsciiLetter)))
        {
            errors["currency"] = texts.Get(language, "roster_error_currency");
        }
        if (errors.Count > 0)
        {
            return FeatureReply.Card(cards.Place(roster, kind, isNew ? "" : placeId, new PersonForm(values, errors, []), language));
        }

        var proposed = RosterEdits.Copy(roster.Options);
        var name = RosterFeature.Blank(values["name"]) ?? id;
        if (kind == RosterCards.Region)
        {
            var region = proposed.Regions.FirstOrDefault(r => string.Equals(r.Id, id, StringComparison.OrdinalIgnoreCase));
            if (region is null)
            {
                proposed.Regions.Add(region = new RegionOptions { Id = id });
            }
            region.Name = name;
            region.TimeZone = zone!;
            region.Holidays = holidays.Distinct().Order().ToList();
        }
        else
        {
            var unit = proposed.BusinessUnits.FirstOrDefault(b => string.Equals(b.Id, id, StringComparison.OrdinalIgnoreCase));
            if (unit is null)
            {
                proposed.BusinessUnits.Add(unit = new BusinessUnitOptions { Id = id });
            }
            unit.Name = name;
            unit.TimeZone = zone;
            unit.InternationalObjective = objective;
            unit.ObjectiveCurrency = currency;
        }
        var result = await editor.ChangeAsync(proposed, RosterAuthor.Member(caller.Member), RosterFeature.VersionOf(action), dryRun: false, cancellationToken);
        return result.Outcome switch
        {
            RosterChangeOutcome.Conflict => await replies.ConflictAsync(result, language, cancellationToken),
            RosterChangeOutcome.Invalid => FeatureReply.Card(cards.Place(roster, kind, isNew ? "" : placeId, new PersonForm(values, new Dictionary<string, string>(), replies.Problems(result, language)), language)),
            RosterChangeOutcome.Unchanged => await replies.CurrentAsync(language, texts.Get(language, "roster_unchanged"), false, cancellationToken),
            _ => await replies.CurrentAsync(language, texts.Format(language, "roster_saved_place", name), false, cancellationToken),
        };
    }
}
