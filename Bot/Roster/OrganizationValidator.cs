using CoachBot.Localization;
using Microsoft.Extensions.Options;

namespace CoachBot.Roster;

/// <summary>
/// Refuses a roster that would make the bot act on the wrong people: unknown regions, bad time zones, people listed
/// twice or without any way to match them. Every problem is reported at once so an operator fixes them in one pass: in
/// English at start and on the admin routes, in the admin's language on the <c>roster</c> card (keys <c>roster_invalid_*</c>).
/// </summary>
public sealed class OrganizationValidator : IValidateOptions<OrganizationOptions>
{
    // The English sentences are the roster strings' own: one wording for the log, the routes and an English card.
    private static readonly Lazy<Texts> Strings = new(() => new Texts());

    public ValidateOptionsResult Validate(string? name, OrganizationOptions options)
    {
        var errors = Problems(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors.Select(e => e.English));
    }

    /// <summary>Every problem of <paramref name="options"/>, each with its string key and arguments; empty when valid.</summary>
    public static IReadOnlyList<RosterProblem> Problems(OrganizationOptions options)
    {
        var errors = new List<RosterProblem>();

        if (!Languages.IsSupported(options.DefaultLanguage))
        {
            errors.Add(Problem("roster_invalid_default_language", options.DefaultLanguage));
        }

        if (!string.IsNullOrWhiteSpace(options.TenantId) && !Guid.TryParse(options.TenantId, out _))
        {
            errors.Add(Problem("roster_invalid_tenant", options.TenantId));
        }

        if (options.Director is { } director)
        {
            CheckPerson(director, "Organization:Director", errors);
            if (!TryFindTimeZone(director.TimeZone))
            {
                errors.Add(Problem("roster_invalid_director_time_zone", director.TimeZone));
            }
        }

        var regionIds = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.Regions.Count; i++)
        {
            var region = options.Regions[i];
            var path = $"Organization:Regions:{i}";
            if (string.IsNullOrWhiteSpace(region.Id))
            {
                errors.Add(Problem("roster_invalid_id_missing", path));
            }
            else if (!regionIds.Add(region.Id))
            {
                errors.Add(Problem("roster_invalid_region_twice", path, region.Id));
            }
            if (!TryFindTimeZone(region.TimeZone))
            {
                errors.Add(Problem("roster_invalid_region_time_zone", path, region.TimeZone, region.Id));
            }
            if (region.Sponsor is { } sponsor)
            {
                CheckPerson(sponsor, $"{path}:Sponsor", errors);
            }
        }

        var buIds = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.BusinessUnits.Count; i++)
        {
            var unit = options.BusinessUnits[i];
            var path = $"Organization:BusinessUnits:{i}";
            if (string.IsNullOrWhiteSpace(unit.Id))
            {
                errors.Add(Problem("roster_invalid_id_missing", path));
            }
            else if (!buIds.Add(unit.Id))
            {
                errors.Add(Problem("roster_invalid_unit_twice", path, unit.Id));
            }
            if (unit.InternationalObjective < 0)
            {
                errors.Add(Problem("roster_invalid_objective", path, unit.Id));
            }
            if (!string.IsNullOrWhiteSpace(unit.TimeZone) && !TryFindTimeZone(unit.TimeZone))
            {
                errors.Add(Problem("roster_invalid_unit_time_zone", path, unit.TimeZone, unit.Id));
            }
            var leads = new IdentitySet();
            for (var j = 0; j < unit.Leads.Count; j++)
            {
                CheckPerson(unit.Leads[j], $"{path}:Leads:{j}", errors);
                if (leads.AddAndFindClash(unit.Leads[j]) is { } clash)
                {
                    errors.Add(Problem("roster_invalid_lead_twice", $"{path}:Leads:{j}", clash.Name, clash.Key, unit.Id));
                }
            }
        }

        // A rep holds no other role, and appears once.
        var others = new IdentitySet();
        foreach (var person in OtherRoles(options))
        {
            others.AddAndFindClash(person);
        }
        var reps = new IdentitySet();
        for (var i = 0; i < options.Reps.Count; i++)
        {
            var rep = options.Reps[i];
            var path = $"Organization:Reps:{i}";
            CheckPerson(rep, path, errors);
            if (!regionIds.Contains(rep.Region))
            {
                errors.Add(Problem("roster_invalid_rep_region", path, rep.Name, rep.Region));
            }
            if (reps.AddAndFindClash(rep) is { } clash)
            {
                errors.Add(Problem("roster_invalid_rep_twice", path, clash.Name, clash.Key));
            }
            if (others.Find(rep) is { } other)
            {
                errors.Add(Problem("roster_invalid_rep_other_role", path, other.Name, other.Key));
            }
        }

        var admins = new IdentitySet();
        for (var i = 0; i < options.Admins.Count; i++)
        {
            CheckPerson(options.Admins[i], $"Organization:Admins:{i}", errors, requireName: false);
            if (admins.AddAndFindClash(options.Admins[i]) is { } clash)
            {
                errors.Add(Problem("roster_invalid_admin_twice", $"Organization:Admins:{i}", clash.Name, clash.Key));
            }
        }

        return errors;
    }

    internal static RosterProblem Problem(string key, params object?[] args) =>
        new(key, args, Strings.Value.Format(Languages.English, key, args));

    private static IEnumerable<PersonOptions> OtherRoles(OrganizationOptions options)
    {
        if (options.Director is { } director)
        {
            yield return director;
        }
        foreach (var region in options.Regions)
        {
            if (region.Sponsor is { } sponsor)
            {
                yield return sponsor;
            }
        }
        foreach (var lead in options.BusinessUnits.SelectMany(unit => unit.Leads))
        {
            yield return lead;
        }
    }

    private static void CheckPerson(PersonOptions person, string path, List<RosterProblem> errors, bool requireName = true)
    {
        if (requireName && string.IsNullOrWhiteSpace(person.Name))
        {
            errors.Add(Problem("roster_invalid_name_missing", path));
        }
        if (string.IsNullOrWhiteSpace(person.Email) && string.IsNullOrWhiteSpace(person.AadObjectId))
        {
            errors.Add(Problem("roster_invalid_no_identity", path, person.Name));
        }
        if (!string.IsNullOrWhiteSpace(person.AadObjectId) && !Guid.TryParse(person.AadObjectId, out _))
        {
            errors.Add(Problem("roster_invalid_object_id", path, person.AadObjectId, person.Name));
        }
        if (!string.IsNullOrWhiteSpace(person.Language) && !Languages.IsSupported(person.Language))
        {
            errors.Add(Problem("roster_invalid_person_language", path, person.Language, person.Name));
        }
    }

    private static bool TryFindTimeZone(string id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return false;
        }
        return TimeZoneInfo.TryFindSystemTimeZoneById(id, out _);
    }

    /// <summary>People seen so far, by object id and by e-mail, both case-insensitive.</summary>
    private sealed class IdentitySet
    {
        private readonly Dictionary<string, string> _byKey = new(StringComparer.OrdinalIgnoreCase);

        public (string Name, string Key)? AddAndFindClash(PersonOptions person)
        {
            var clash = Find(person);
            foreach (var key in Keys(person))
            {
                _byKey.TryAdd(key, person.Name);
            }
            return clash;
        }

        /// <summary>The person already seen with one of these keys: their name and the e-mail or object id they share.</summary>
        public (string Name, string Key)? Find(PersonOptions person)
        {
            foreach (var key in Keys(person))
            {
                if (_byKey.TryGetValue(key, out var name))
                {
                    return (name, key[(key.IndexOf(':') + 1)..]);
                }
            }
            return null;
        }

        private static IEnumerable<string> Keys(PersonOptions person)
        {
            if (!string.IsNullOrWhiteSpace(person.AadObjectId))
            {
                yield return "oid:" + RosterIdentity.NormalizeObjectId(person.AadObjectId);
            }
            if (!string.IsNullOrWhiteSpace(person.Email))
            {
                yield return "mail:" + RosterIdentity.NormalizeEmail(person.Email);
            }
        }
    }
}
