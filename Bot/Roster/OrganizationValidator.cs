using Microsoft.Extensions.Options;

namespace CoachBot.Roster;

/// <summary>
/// Refuses a roster that would make the bot act on the wrong people: unknown regions, bad time zones, people listed
/// twice or without any way to match them. Every problem is reported at once so an operator fixes them in one pass.
/// </summary>
public sealed class OrganizationValidator : IValidateOptions<OrganizationOptions>
{
    public ValidateOptionsResult Validate(string? name, OrganizationOptions options)
    {
        var errors = new List<string>();

        if (!Languages.IsSupported(options.DefaultLanguage))
        {
            errors.Add($"Organization:DefaultLanguage '{options.DefaultLanguage}' is not supported; use 'en' or 'fr'.");
        }

        if (!string.IsNullOrWhiteSpace(options.TenantId) && !Guid.TryParse(options.TenantId, out _))
        {
            errors.Add($"Organization:TenantId '{options.TenantId}' is not a GUID.");
        }

        if (options.Director is { } director)
        {
            CheckPerson(director, "Organization:Director", errors);
            if (!TryFindTimeZone(director.TimeZone))
            {
                errors.Add($"Organization:Director:TimeZone '{director.TimeZone}' is not a known IANA time zone (for example Europe/Paris).");
            }
        }

        var regionIds = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.Regions.Count; i++)
        {
            var region = options.Regions[i];
            var path = $"Organization:Regions:{i}";
            if (string.IsNullOrWhiteSpace(region.Id))
            {
                errors.Add($"{path}:Id is missing.");
            }
            else if (!regionIds.Add(region.Id))
            {
                errors.Add($"{path}: region '{region.Id}' is listed twice.");
            }
            if (!TryFindTimeZone(region.TimeZone))
            {
                errors.Add($"{path}: time zone '{region.TimeZone}' of region '{region.Id}' is not a known IANA time zone (for example Europe/Paris).");
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
                errors.Add($"{path}:Id is missing.");
            }
            else if (!buIds.Add(unit.Id))
            {
                errors.Add($"{path}: business unit '{unit.Id}' is listed twice.");
            }
            if (unit.InternationalObjective < 0)
            {
                errors.Add($"{path}: the international objective of '{unit.Id}' cannot be negative.");
            }
            if (!string.IsNullOrWhiteSpace(unit.TimeZone) && !TryFindTimeZone(unit.TimeZone))
            {
                errors.Add($"{path}: time zone '{unit.TimeZone}' of business unit '{unit.Id}' is not a known IANA time zone (for example Europe/Paris).");
            }
            var leads = new IdentitySet();
            for (var j = 0; j < unit.Leads.Count; j++)
            {
                CheckPerson(unit.Leads[j], $"{path}:Leads:{j}", errors);
                if (leads.AddAndFindClash(unit.Leads[j]) is { } clash)
                {
                    errors.Add($"{path}:Leads:{j}: {clash} leads business unit '{unit.Id}' twice.");
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
                errors.Add($"{path}: rep '{rep.Name}' belongs to unknown region '{rep.Region}'.");
            }
            if (reps.AddAndFindClash(rep) is { } clash)
            {
                errors.Add($"{path}: duplicate person: {clash} is listed twice among the reps.");
            }
            if (others.Find(rep) is { } other)
            {
                errors.Add($"{path}: duplicate person: rep {other} also holds another role (director, sponsor or BU lead).");
            }
        }

        var admins = new IdentitySet();
        for (var i = 0; i < options.Admins.Count; i++)
        {
            CheckPerson(options.Admins[i], $"Organization:Admins:{i}", errors, requireName: false);
            if (admins.AddAndFindClash(options.Admins[i]) is { } clash)
            {
                errors.Add($"Organization:Admins:{i}: duplicate person: {clash} is listed twice among the admins.");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

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

    private static void CheckPerson(PersonOptions person, string path, List<string> errors, bool requireName = true)
    {
        if (requireName && string.IsNullOrWhiteSpace(person.Name))
        {
            errors.Add($"{path}:Name is missing.");
        }
        if (string.IsNullOrWhiteSpace(person.Email) && string.IsNullOrWhiteSpace(person.AadObjectId))
        {
            errors.Add($"{path}: '{person.Name}' has neither Email nor AadObjectId, so Teams users cannot be matched to them.");
        }
        if (!string.IsNullOrWhiteSpace(person.AadObjectId) && !Guid.TryParse(person.AadObjectId, out _))
        {
            errors.Add($"{path}: AadObjectId '{person.AadObjectId}' of '{person.Name}' is not a GUID.");
        }
        if (!string.IsNullOrWhiteSpace(person.Language) && !Languages.IsSupported(person.Language))
        {
            errors.Add($"{path}: language '{person.Language}' of '{person.Name}' is not supported; use 'en' or 'fr'.");
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

        public string? AddAndFindClash(PersonOptions person)
        {
            var clash = Find(person);
            foreach (var key in Keys(person))
            {
                _byKey.TryAdd(key, person.Name);
            }
            return clash;
        }

        public string? Find(PersonOptions person)
        {
            foreach (var key in Keys(person))
            {
                if (_byKey.TryGetValue(key, out var name))
                {
                    return $"'{name}' ({key[(key.IndexOf(':') + 1)..]})";
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
