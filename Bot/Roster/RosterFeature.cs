using System.Globalization;
using CoachBot.Features;
using CoachBot.Localization;

namespace CoachBot.Roster;

/// <summary>
/// <c>roster</c> (<c>effectif</c>) and <c>roster history</c> (<c>historique effectif</c>) for the director and the admins:
/// the roster card with its buttons, every change through <see cref="RosterEditor"/> (the same validation as at start,
/// based on the version the card showed, so of two admins changing it at once one wins and the other sees the roster as
/// it is and who changed it). Anyone else is told who can. Who acts comes from the <see cref="Caller"/>, never the card.
/// The region and BU form is <see cref="RosterPlaceActions"/>; the answers both end with are <see cref="RosterReplies"/>.
/// </summary>
public sealed class RosterFeature(
    Organization organization, RosterEditor editor, RosterStore store, RosterCards cards, RosterReplies replies, RosterPlaceActions places, Texts texts)
    : IFeature
{
    private static readonly IReadOnlySet<Role> Changers = new HashSet<Role> { Role.Director, Role.Admin };

    public static readonly ChatCommand Roster = new("roster", "effectif", "cmd_roster", Changers, AnswersEveryone: true);
    public static readonly ChatCommand History = new("roster history", "historique effectif", "cmd_roster_history", Changers, AnswersEveryone: true);

    private const int HistoryShown = 10;

    public IReadOnlyList<ChatCommand> Commands { get; } = [Roster, History];

    public IReadOnlyList<string> Verbs { get; } =
        [RosterCards.ShowVerb, RosterCards.AddVerb, RosterCards.EditVerb, RosterCards.RemoveVerb, RosterCards.SaveVerb, RosterCards.HistoryVerb,
         RosterCards.PlaceVerb, RosterCards.SavePlaceVerb];

    public async Task<FeatureReply> RunCommandAsync(ChatCommand command, string argument, Caller caller, CancellationToken cancellationToken)
    {
        if (!RosterSnapshot.MayChange(caller.Member))
        {
            return replies.WhoCan(caller.Language);
        }
        return command == History
            ? FeatureReply.Card(cards.History(await store.ReadHistoryAsync(HistoryShown, cancellationToken), caller.Language))
            : await replies.RosterCardAsync(organization.Current, caller.Language, argument.Trim(), null, false, cancellationToken);
    }

    public async Task<FeatureReply> RunActionAsync(CardAction action, Caller caller, CancellationToken cancellationToken)
    {
        var language = caller.Language;
        if (!RosterSnapshot.MayChange(caller.Member))
        {
            return replies.WhoCan(language);
        }
        var roster = organization.Current;
        switch (action.Verb)
        {
            case RosterCards.HistoryVerb:
                return FeatureReply.Card(cards.History(await store.ReadHistoryAsync(HistoryShown, cancellationToken), language));
            case RosterCards.AddVerb:
                // From a team member's Add button: the form comes filled with what Teams knows of them.
                return FeatureReply.Card(cards.Person(roster, null, new PersonForm(action.Texts(["name", "email", "aadObjectId"]), new Dictionary<string, string>(), []), "", "", language));
            case RosterCards.EditVerb:
                if (roster.FindById(action.Text("memberId") ?? "") is not { } member)
                {
                    return await replies.RosterCardAsync(roster, language, "", texts.Get(language, "roster_gone"), true, cancellationToken);
                }
                var role = action.Text("role") ?? "";
                var place = action.Text("place") ?? "";
                return FeatureReply.Card(cards.Person(roster, member, new PersonForm(ValuesOf(member, role, place), new Dictionary<string, string>(), []), role, place, language));
            case RosterCards.RemoveVerb:
                return await RemoveAsync(action, caller, roster, cancellationToken);
            case RosterCards.SaveVerb:
                return await SaveAsync(action, caller, roster, cancellationToken);
            case RosterCards.PlaceVerb:
                return places.Form(roster, action, language);
            case RosterCards.SavePlaceVerb:
                return await places.SaveAsync(action, caller, roster, cancellationToken);
            default:
                return await replies.RosterCardAsync(roster, language, (action.Text("search") ?? "").Trim(), null, false, cancellationToken);
        }
    }

    private async Task<FeatureReply> RemoveAsync(CardAction action, Caller caller, RosterSnapshot roster, CancellationToken cancellationToken)
    {
        var language = caller.Language;
        if (roster.FindById(action.Text("memberId") ?? "") is not { } member)
        {
            return await replies.RosterCardAsync(roster, language, "", texts.Get(language, "roster_gone"), true, cancellationToken);
        }
        if (action.Text(RosterCards.Confirmed) != "true")
        {
            // One click on Remove asks; only the confirmation card's button removes.
            return FeatureReply.Card(cards.ConfirmRemove(roster, member, language));
        }
        var result = await editor.ChangeAsync(RosterEdits.Remove(roster.Options, member), RosterAuthor.Member(caller.Member), VersionOf(action), dryRun: false, cancellationToken);
        return result.Outcome switch
        {
            RosterChangeOutcome.Conflict => await replies.ConflictAsync(result, language, cancellationToken),
            RosterChangeOutcome.Invalid => await replies.CurrentAsync(language, string.Join(" ", replies.Problems(result, language)), true, cancellationToken),
            _ => await replies.CurrentAsync(language, texts.Format(language, "roster_saved_removed", member.Name), false, cancellationToken),
        };
    }

    private async Task<FeatureReply> SaveAsync(CardAction action, Caller caller, RosterSnapshot roster, CancellationToken cancellationToken)
    {
        var language = caller.Language;
        var values = action.Texts(RosterCards.Fields)
            .ToDictionary(p => p.Key, p => p.Value?.Trim() is var v && v != RosterCards.NoChoice ? v : "", StringComparer.Ordinal);
        var editedRole = action.Text("editedRole") ?? "";
        var editedPlace = action.Text("editedPlace") ?? "";
        var memberId = action.Text("memberId") ?? "";
        var member = memberId.Length > 0 ? roster.FindById(memberId) : null;
        if (memberId.Length > 0 && member is null)
        {
            return await replies.RosterCardAsync(roster, language, "", texts.Get(language, "roster_gone"), true, cancellationToken);
        }

        var errors = Check(roster, values, ref member, ref editedRole, editedPlace, language);
        if (errors.Count > 0)
        {
            return FeatureReply.Card(cards.Person(roster, member, new PersonForm(values, errors, []), editedRole, editedPlace, language));
        }
        var person = new PersonOptions
        {
            Name = values["name"]!,
            Email = Blank(values["email"]),
            AadObjectId = Blank(values["aadObjectId"]),
            Language = Blank(values["language"]),
        };
        var proposed = RosterEdits.Place(roster.Options, member, editedRole, editedPlace, person, values["role"]!, Blank(values["region"]), Blank(values["businessUnit"]));
        var result = await editor.ChangeAsync(proposed, RosterAuthor.Member(caller.Member), VersionOf(action), dryRun: false, cancellationToken);
        return result.Outcome switch
        {
            RosterChangeOutcome.Conflict => await replies.ConflictAsync(result, language, cancellationToken),
            // What the card could not check itself (the whole roster's rules), in the words the service uses at start.
            RosterChangeOutcome.Invalid => FeatureReply.Card(cards.Person(roster, member, new PersonForm(values, new Dictionary<string, string>(), replies.Problems(result, language)), editedRole, editedPlace, language)),
            RosterChangeOutcome.Unchanged => await replies.CurrentAsync(language, texts.Get(language, "roster_unchanged"), false, cancellationToken),
            _ => await replies.RosterCardAsync(organization.Current, language, "",
                texts.Format(language, member is null ? "roster_saved_added" : "roster_saved_changed", person.Name), false, cancellationToken),
        };
    }

    /// <summary>Each field's problem in the person's language; an e-mail or id already on the roster adds this role to that person.</summary>
    private Dictionary<string, string> Check(RosterSnapshot roster, Dictionary<string, string?> values, ref RosterMember? member, ref string editedRole, string editedPlace, string language)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var email = Blank(values["email"]);
        var objectId = Blank(values["aadObjectId"]);
        var role = values["role"] ?? "";
        var region = Blank(values["region"]);
        var unit = Blank(values["businessUnit"]);
        if (Blank(values["name"]) is null)
        {
            errors["name"] = texts.Get(language, "roster_error_name");
        }
        if (email is null && objectId is null)
        {
            errors["email"] = texts.Get(language, "roster_error_identity");
        }
        if (email is not null && (!email.Contains('@', StringComparison.Ordinal) || email.Contains(' ', StringComparison.Ordinal)))
        {
            errors["email"] = texts.Get(language, "roster_error_email");
        }
        if (objectId is not null && !Guid.TryParse(objectId, out _))
        {
            errors["aadObjectId"] = texts.Get(language, "roster_error_object_id");
        }
        if (role is not (RosterCsv.Rep or RosterCsv.Lead or RosterCsv.Sponsor or RosterCsv.Director or RosterCsv.Admin))
        {
            errors["role"] = texts.Get(language, "roster_error_role");
        }
        if (role is RosterCsv.Rep or RosterCsv.Sponsor && (region is null || !roster.Regions.ContainsKey(region)))
        {
            errors["region"] = texts.Get(language, "roster_error_region");
        }
        if (role is RosterCsv.Lead && (unit is null || !roster.BusinessUnits.ContainsKey(unit)))
        {
            errors["businessUnit"] = texts.Get(language, "roster_error_unit");
        }
        if (errors.Count > 0)
        {
            return errors;
        }

        // Someone else already known by this e-mail or id: a new entry for them is another role of theirs.
        var byObjectId = objectId is null ? null : roster.Find(objectId, null);
        var byEmail = email is null ? null : roster.Members.Concat(roster.Admins).FirstOrDefault(m => m.Email == RosterIdentity.NormalizeEmail(email));
        var same = byObjectId ?? byEmail;
        if (same is not null && member is null)
        {
            member = same;
            editedRole = "";
        }
        else if (same is not null && same.Id != member!.Id)
        {
            errors[byObjectId is not null ? "aadObjectId" : "email"] = texts.Format(language, "roster_error_taken", same.Name);
            return errors;
        }
        if (member is not null)
        {
            var edited = editedRole;
            var kept = RolesOf(member).Where(r => !(r.Role == edited && string.Equals(r.Place, editedPlace, StringComparison.OrdinalIgnoreCase)) && r.Role != RosterCsv.Admin).ToList();
            if ((role == RosterCsv.Rep && kept.Count > 0) || (role != RosterCsv.Admin && kept.Any(r => r.Role == RosterCsv.Rep)))
            {
                errors["role"] = texts.Format(language, "roster_error_rep_other_role", member.Name);
            }
        }
        if (role == RosterCsv.Sponsor && roster.Regions[region!].Sponsor is { } sponsor && (member is null || !RosterEdits.Is(sponsor, member)))
        {
            errors["region"] = texts.Format(language, "roster_error_sponsor_taken", sponsor.Name);
        }
        if (role == RosterCsv.Director && roster.Options.Director is { } director && (member is null || !RosterEdits.Is(director, member)))
        {
            errors["role"] = texts.Format(language, "roster_error_director_taken", director.Name);
        }
        return errors;
    }

    private static IEnumerable<(string Role, string Place)> RolesOf(RosterMember member)
    {
        if (member.Has(Role.Director))
        {
            yield return (RosterCsv.Director, "");
        }
        foreach (var region in member.SponsoredRegions)
        {
            yield return (RosterCsv.Sponsor, region);
        }
        foreach (var unit in member.LedBusinessUnits)
        {
            yield return (RosterCsv.Lead, unit);
        }
        if (member.Has(Role.Rep))
        {
            yield return (RosterCsv.Rep, member.RegionId ?? "");
        }
        if (member.Has(Role.Admin))
        {
            yield return (RosterCsv.Admin, "");
        }
    }

    private static Dictionary<string, string?> ValuesOf(RosterMember member, string role, string place) => new(StringComparer.Ordinal)
    {
        ["name"] = member.Name,
        ["email"] = member.Email,
        ["aadObjectId"] = member.AadObjectId,
        ["role"] = role,
        ["region"] = role is RosterCsv.Rep or RosterCsv.Sponsor ? place : "",
        ["businessUnit"] = role is RosterCsv.Lead ? place : "",
        ["language"] = member.Language ?? "",
    };

    internal static long? VersionOf(CardAction action) =>
        long.TryParse(action.Text("version"), NumberStyles.None, CultureInfo.InvariantCulture, out var version) ? version : null;

    internal static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
