namespace CoachBot.Roster;

/// <summary>
/// Changes of one person, made on a copy of the organisation (the original is never touched): what the <c>roster</c>
/// card's buttons do before the whole new organisation goes through the validation.
/// </summary>
public static class RosterEdits
{
    public static OrganizationOptions Copy(OrganizationOptions options) => RosterJson.Read(RosterJson.Write(options));

    /// <summary>The organisation without any entry of <paramref name="member"/>, in any role.</summary>
    public static OrganizationOptions Remove(OrganizationOptions options, RosterMember member)
    {
        var next = Copy(options);
        if (next.Director is { } director && Is(director, member))
        {
            next.Director = null;
        }
        foreach (var region in next.Regions.Where(r => r.Sponsor is { } s && Is(s, member)))
        {
            region.Sponsor = null;
        }
        foreach (var unit in next.BusinessUnits)
        {
            unit.Leads.RemoveAll(l => Is(l, member));
        }
        next.Reps.RemoveAll(r => Is(r, member));
        next.Admins.RemoveAll(a => Is(a, member));
        return next;
    }

    /// <summary>
    /// The organisation where <paramref name="member"/> (null: someone new) no longer holds <paramref name="oldRole"/> in
    /// <paramref name="oldPlace"/>, holds <paramref name="role"/> in its region or BU instead, and carries the new name,
    /// ids and language in every entry; their other roles stay.
    /// </summary>
    public static OrganizationOptions Place(
        OrganizationOptions options, RosterMember? member, string oldRole, string oldPlace, PersonOptions person, string role, string? region, string? unit)
    {
        var next = Copy(options);
        if (member is not null)
        {
            RemoveRole(next, member, oldRole, oldPlace);
            foreach (var entry in Entries(next).Where(e => Is(e, member)))
            {
                entry.Name = person.Name;
                entry.Email = person.Email;
                entry.AadObjectId = person.AadObjectId;
                entry.Language = person.Language;
            }
        }
        switch (role)
        {
            case RosterCsv.Director:
                next.Director = new DirectorOptions { Name = person.Name, Email = person.Email, AadObjectId = person.AadObjectId, Language = person.Language, TimeZone = options.Director?.TimeZone ?? "Europe/Paris" };
                break;
            case RosterCsv.Sponsor:
                next.Regions.First(r => string.Equals(r.Id, region, StringComparison.OrdinalIgnoreCase)).Sponsor = Clone(person);
                break;
            case RosterCsv.Lead:
                next.BusinessUnits.First(b => string.Equals(b.Id, unit, StringComparison.OrdinalIgnoreCase)).Leads.Add(Clone(person));
                break;
            case RosterCsv.Rep:
                next.Reps.Add(new RepOptions { Name = person.Name, Email = person.Email, AadObjectId = person.AadObjectId, Language = person.Language, Region = region ?? "" });
                break;
            case RosterCsv.Admin:
                next.Admins.Add(Clone(person));
                break;
        }
        return next;
    }

    /// <summary>True when the entry is this member: the same object id, or the same e-mail.</summary>
    public static bool Is(PersonOptions entry, RosterMember member) =>
        (member.AadObjectId is { } oid && !string.IsNullOrWhiteSpace(entry.AadObjectId) && RosterIdentity.NormalizeObjectId(entry.AadObjectId) == oid)
        || (member.Email is { } email && !string.IsNullOrWhiteSpace(entry.Email) && RosterIdentity.NormalizeEmail(entry.Email) == email);

    private static void RemoveRole(OrganizationOptions next, RosterMember member, string role, string place)
    {
        switch (role)
        {
            case RosterCsv.Director when next.Director is { } director && Is(director, member):
                next.Director = null;
                break;
            case RosterCsv.Sponsor:
                foreach (var region in next.Regions.Where(r => string.Equals(r.Id, place, StringComparison.OrdinalIgnoreCase) && r.Sponsor is { } s && Is(s, member)))
                {
                    region.Sponsor = null;
                }
                break;
            case RosterCsv.Lead:
                foreach (var unit in next.BusinessUnits.Where(b => string.Equals(b.Id, place, StringComparison.OrdinalIgnoreCase)))
                {
                    unit.Leads.RemoveAll(l => Is(l, member));
                }
                break;
            case RosterCsv.Rep:
                next.Reps.RemoveAll(r => Is(r, member));
                break;
            case RosterCsv.Admin:
                next.Admins.RemoveAll(a => Is(a, member));
                break;
        }
    }

    private static IEnumerable<PersonOptions> Entries(OrganizationOptions options)
    {
        if (options.Director is { } director)
        {
            yield return director;
        }
        foreach (var sponsor in options.Regions.Select(r => r.Sponsor).OfType<PersonOptions>())
        {
            yield return sponsor;
        }
        foreach (var person in options.BusinessUnits.SelectMany(b => b.Leads).Concat(options.Reps).Concat(options.Admins))
        {
            yield return person;
        }
    }

    private static PersonOptions Clone(PersonOptions person) =>
        new() { Name = person.Name, Email = person.Email, AadObjectId = person.AadObjectId, Language = person.Language };
}
