using System.Globalization;

namespace CoachBot.Roster;

/// <summary>A person whose entry changed: how they were and how they are (roles with their region or BU, language, ids).</summary>
public sealed record PersonChange(string Name, string Before, string After);

/// <summary>What a change of roster does, by name: people added, changed and removed, and the organisation's other changes.</summary>
public sealed record RosterDiff(
    IReadOnlyList<string> Added, IReadOnlyList<PersonChange> Changed, IReadOnlyList<string> Removed, IReadOnlyList<PersonChange> Organisation)
{
    /// <summary>The change as lines of the history: <c>+ Name: rep mea</c>, <c>Name: rep mea → rep apac</c>, <c>- Name: rep mea</c>.</summary>
    public IReadOnlyList<string> Lines { get; init; } = [];

    public bool IsEmpty => Added.Count == 0 && Changed.Count == 0 && Removed.Count == 0 && Organisation.Count == 0;

    public static RosterDiff Between(RosterSnapshot before, RosterSnapshot after)
    {
        var people = (RosterSnapshot s) => s.Members.Concat(s.Admins).DistinctBy(m => m.Id).ToDictionary(m => m.Id, StringComparer.Ordinal);
        var was = people(before);
        var now = people(after);
        var added = now.Values.Where(m => !was.ContainsKey(m.Id)).OrderBy(m => m.Name, StringComparer.CurrentCulture).ToList();
        var removed = was.Values.Where(m => !now.ContainsKey(m.Id)).OrderBy(m => m.Name, StringComparer.CurrentCulture).ToList();
        var changed = now.Values
            .Where(m => was.TryGetValue(m.Id, out var old) && Describe(old) != Describe(m))
            .Select(m => new PersonChange(m.Name, Describe(was[m.Id]), Describe(m)))
            .OrderBy(c => c.Name, StringComparer.CurrentCulture)
            .ToList();

        var organisation = new List<PersonChange>();
        void Compare(string what, string? before, string? after)
        {
            if (before != after)
            {
                organisation.Add(new PersonChange(what, before ?? "—", after ?? "—"));
            }
        }
        Compare("DefaultLanguage", before.Options.DefaultLanguage, after.Options.DefaultLanguage);
        Compare("TenantId", before.Options.TenantId, after.Options.TenantId);
        Compare("Director:TimeZone", before.Options.Director?.TimeZone, after.Options.Director?.TimeZone);
        foreach (var id in before.Regions.Keys.Union(after.Regions.Keys, StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase))
        {
            Compare($"region {id}", before.Regions.TryGetValue(id, out var r1) ? Describe(r1) : null, after.Regions.TryGetValue(id, out var r2) ? Describe(r2) : null);
        }
        foreach (var id in before.BusinessUnits.Keys.Union(after.BusinessUnits.Keys, StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase))
        {
            Compare($"BU {id}", before.BusinessUnits.TryGetValue(id, out var b1) ? Describe(b1) : null, after.BusinessUnits.TryGetValue(id, out var b2) ? Describe(b2) : null);
        }
        return new RosterDiff(added.Select(m => m.Name).ToList(), changed, removed.Select(m => m.Name).ToList(), organisation)
        {
            Lines =
            [
                .. added.Select(m => $"+ {m.Name}: {Describe(m)}"),
                .. changed.Select(c => $"{c.Name}: {c.Before} → {c.After}"),
                .. removed.Select(m => $"- {m.Name}: {Describe(m)}"),
                .. organisation.Select(c => $"{c.Name}: {c.Before} → {c.After}"),
            ],
        };
    }

    /// <summary><c>rep mea, lead pumps, admin · fr · amina@contoso.com</c>: what a person is on the roster, in one line.</summary>
    public static string Describe(RosterMember member)
    {
        var roles = new List<string>();
        if (member.Has(Role.Director))
        {
            roles.Add("director");
        }
        roles.AddRange(member.SponsoredRegions.Select(r => $"sponsor {r}"));
        roles.AddRange(member.LedBusinessUnits.Select(b => $"lead {b}"));
        if (member.Has(Role.Rep))
        {
            roles.Add($"rep {member.RegionId}");
        }
        if (member.Has(Role.Admin))
        {
            roles.Add("admin");
        }
        return string.Join(" · ", new[] { string.Join(", ", roles), member.Language ?? "", member.Email ?? "", member.AadObjectId ?? "" }.Where(p => p.Length > 0));
    }

    private static string Describe(RegionOptions region) => string.Join(" · ", new[]
    {
        region.Name, region.TimeZone, region.Sponsor is { } s ? $"sponsor {s.Name}" : "",
        string.Join(", ", region.Holidays.Order().Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))),
    }.Where(p => p.Length > 0));

    private static string Describe(BusinessUnitOptions unit) => string.Join(" · ", new[]
    {
        unit.Name, unit.TimeZone ?? "", string.Create(CultureInfo.InvariantCulture, $"{unit.InternationalObjective:0.##} {unit.ObjectiveCurrency}"),
        unit.Leads.Count == 0 ? "no lead" : "leads " + string.Join(", ", unit.Leads.Select(l => l.Name)),
    }.Where(p => p.Length > 0));
}
