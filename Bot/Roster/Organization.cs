using Microsoft.Extensions.Options;

namespace CoachBot.Roster;

/// <summary>The validated roster, indexed for look-ups by Entra object id and by e-mail/UPN.</summary>
public sealed class Organization
{
    private readonly Dictionary<string, RosterMember> _byObjectId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RosterMember> _byEmail = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RosterMember> _byId = new(StringComparer.Ordinal);

    public Organization(IOptions<OrganizationOptions> options)
    {
        Options = options.Value;
        DefaultLanguage = Languages.Normalize(Options.DefaultLanguage) ?? Languages.English;
        Members = Build(Options);
        foreach (var member in Members)
        {
            _byId[member.Id] = member;
            if (member.AadObjectId is { } oid)
            {
                _byObjectId[oid] = member;
            }
            if (member.Email is { } email)
            {
                _byEmail[email] = member;
            }
        }
        Regions = Options.Regions.ToDictionary(r => r.Id, StringComparer.OrdinalIgnoreCase);
        BusinessUnits = Options.BusinessUnits.ToDictionary(b => b.Id, StringComparer.OrdinalIgnoreCase);
    }

    public OrganizationOptions Options { get; }
    public string DefaultLanguage { get; }
    public IReadOnlyList<RosterMember> Members { get; }
    public IReadOnlyDictionary<string, RegionOptions> Regions { get; }
    public IReadOnlyDictionary<string, BusinessUnitOptions> BusinessUnits { get; }

    /// <summary>The director's time zone (<c>Organization:Director:TimeZone</c>, default Europe/Paris), for their weekly schedules.</summary>
    public TimeZoneInfo DirectorTimeZone =>
        TimeZoneInfo.FindSystemTimeZoneById(Options.Director?.TimeZone is { Length: > 0 } zone ? zone : "Europe/Paris");

    /// <summary>The member with this object id, else the member known only by this e-mail or UPN; null when neither is on the roster.</summary>
    public RosterMember? Find(string? aadObjectId, string? emailOrUpn)
    {
        if (!string.IsNullOrWhiteSpace(aadObjectId) && _byObjectId.TryGetValue(RosterIdentity.NormalizeObjectId(aadObjectId), out var byId))
        {
            return byId;
        }
        // Only people the roster knows by e-mail alone are matched by e-mail: someone listed with an object id is that
        // account and no other, whatever another account's (admin-editable) mail attribute says.
        if (!string.IsNullOrWhiteSpace(emailOrUpn) && _byEmail.TryGetValue(RosterIdentity.NormalizeEmail(emailOrUpn), out var byMail)
            && byMail.AadObjectId is null)
        {
            return byMail;
        }
        return null;
    }

    /// <summary>The member with this roster id (what feature tables key on), or null when they are no longer on the roster.</summary>
    public RosterMember? FindById(string memberId) => _byId.GetValueOrDefault(memberId);

    /// <summary>The language for a Teams locale (<c>fr-FR</c> → <c>fr</c>), else the organisation's default.</summary>
    public string LanguageForLocale(string? locale) => Languages.Normalize(locale) ?? DefaultLanguage;

    /// <summary>True when the activity's tenant is the organisation's, or no tenant is configured.</summary>
    public bool IsOwnTenant(string? tenantId) =>
        string.IsNullOrWhiteSpace(Options.TenantId)
        || (Guid.TryParse(tenantId, out var given) && Guid.TryParse(Options.TenantId, out var own) && given == own);

    /// <summary>True when some member can only be matched by e-mail, so an unknown object id is worth asking Teams about.</summary>
    public bool HasMembersWithoutObjectId => Members.Any(m => m.AadObjectId is null);

    private static List<RosterMember> Build(OrganizationOptions options)
    {
        var builders = new List<MemberBuilder>();

        MemberBuilder For(PersonOptions person)
        {
            var oid = string.IsNullOrWhiteSpace(person.AadObjectId) ? null : RosterIdentity.NormalizeObjectId(person.AadObjectId);
            var email = string.IsNullOrWhiteSpace(person.Email) ? null : RosterIdentity.NormalizeEmail(person.Email);
            var existing = builders.FirstOrDefault(b => (oid is not null && b.AadObjectId == oid) || (email is not null && b.Email == email));
            if (existing is null)
            {
                existing = new MemberBuilder { Name = person.Name.Trim() };
                builders.Add(existing);
            }
            existing.AadObjectId ??= oid;
            existing.Email ??= email;
            existing.Language ??= Languages.Normalize(person.Language);
            return existing;
        }

        if (options.Director is { } director)
        {
            For(director).Roles.Add(Role.Director);
        }
        foreach (var region in options.Regions)
        {
            if (region.Sponsor is { } sponsor)
            {
                var member = For(sponsor);
                member.Roles.Add(Role.Sponsor);
                member.SponsoredRegions.Add(region.Id);
            }
        }
        foreach (var unit in options.BusinessUnits)
        {
            foreach (var lead in unit.Leads)
            {
                var member = For(lead);
                member.Roles.Add(Role.BusinessUnitLead);
                member.LedBusinessUnits.Add(unit.Id);
            }
        }
        foreach (var rep in options.Reps)
        {
            var member = For(rep);
            member.Roles.Add(Role.Rep);
            member.RegionId = rep.Region;
        }

        return builders.Select(b => b.Build()).ToList();
    }

    private sealed class MemberBuilder
    {
        public string Name { get; init; } = "";
        public string? Email { get; set; }
        public string? AadObjectId { get; set; }
        public string? Language { get; set; }
        public string? RegionId { get; set; }
        public HashSet<Role> Roles { get; } = [];
        public List<string> LedBusinessUnits { get; } = [];
        public List<string> SponsoredRegions { get; } = [];

        // E-mail first: it is what operators write in the roster, and it does not change when an account is re-created.
        public RosterMember Build() => new(
            Email ?? AadObjectId!, Name, Email, AadObjectId, Language, Roles, RegionId, LedBusinessUnits, SponsoredRegions);
    }
}
