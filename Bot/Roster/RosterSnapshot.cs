namespace CoachBot.Roster;

/// <summary>
/// Someone who was on the roster and left: their history keeps their name, marked as a former member, and a rep's the
/// region they were in (null for anyone else, and for people who left before it was kept). Their e-mail and object id
/// (normalised) let someone re-added under either find the id their history is kept under.
/// </summary>
public sealed record FormerMember(string Id, string Name, DateTimeOffset LeftAt, string? RegionId = null, string? Email = null, string? AadObjectId = null);

/// <summary>
/// Which roster is in force: its version (1 is the first seeded), who changed it (the name the history and the cards
/// show, and <paramref name="ChangedByRef"/>, what the logs keep: an object id, a hash or an operator) and when.
/// </summary>
public sealed record RosterVersion(long Number, string ChangedBy, DateTimeOffset ChangedAt, string ChangedByRef = "")
{
    /// <summary>The roster as configuration gives it, before any table was read.</summary>
    public static readonly RosterVersion Configuration = new(0, "configuration", DateTimeOffset.MinValue, "configuration");

    /// <summary>The stored generation this version is (empty for configuration's): two writes never share one.</summary>
    public string Generation { get; init; } = "";
}

/// <summary>
/// Who makes a roster change: <see cref="Name"/> goes into the roster history and onto the cards, <see cref="LogRef"/>
/// into the logs, which keep no personal data (an object id, a hash of the member id, or the operator's name).
/// </summary>
public sealed record RosterAuthor(string Name, string LogRef)
{
    public static readonly RosterAuthor Configuration = new(RosterVersion.Configuration.ChangedBy, RosterVersion.Configuration.ChangedByRef);

    public static RosterAuthor Member(RosterMember member) => new(member.Name, CoachBot.Operations.LogIds.Person(member.AadObjectId ?? member.Id));

    /// <summary>An operator of the admin routes, by the name their key is configured under.</summary>
    public static RosterAuthor Operator(string name) => new($"{name} (admin API)", "operator:" + name);

    public static RosterAuthor Restore(string backupId, string operatorName) => new($"{operatorName} (restore of backup {backupId})", "operator:" + operatorName);
}

/// <summary>
/// One roster, validated and indexed, never changed once built: a change builds a new snapshot and swaps it in whole, so
/// a turn that read one snapshot never sees half of another.
/// </summary>
public sealed class RosterSnapshot
{
    private readonly Dictionary<string, RosterMember> _byObjectId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RosterMember> _byEmail = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RosterMember> _byId = new(StringComparer.Ordinal);
    private readonly IReadOnlyDictionary<string, FormerMember> _former;

    /// <param name="former">Everyone who ever left, those back on the roster too (<see cref="Departed"/>).</param>
    public RosterSnapshot(OrganizationOptions options, RosterVersion version, IReadOnlyDictionary<string, FormerMember>? former = null)
    {
        Options = options;
        Version = version;
        DefaultLanguage = Languages.Normalize(options.DefaultLanguage) ?? Languages.English;
        Departed = former ?? new Dictionary<string, FormerMember>();
        var everyone = Build(options, Departed);
        foreach (var member in everyone)
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
        // An admin who holds no role in the organisation is recognised, but gets no scheduled card of any feature.
        Members = everyone.Where(m => m.Roles.Any(r => r != Role.Admin)).ToList();
        Admins = everyone.Where(m => m.Has(Role.Admin)).ToList();
        HasMembersWithoutObjectId = everyone.Any(m => m.AadObjectId is null);
        Regions = options.Regions.ToDictionary(r => r.Id, StringComparer.OrdinalIgnoreCase);
        BusinessUnits = options.BusinessUnits.ToDictionary(b => b.Id, StringComparer.OrdinalIgnoreCase);
        DirectorTimeZone = TimeZoneInfo.FindSystemTimeZoneById(options.Director?.TimeZone is { Length: > 0 } zone ? zone : "Europe/Paris");
        _former = Departed.Where(f => !_byId.ContainsKey(f.Key))
            .ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);
    }

    public OrganizationOptions Options { get; }
    public RosterVersion Version { get; }
    public string DefaultLanguage { get; }

    /// <summary>Everyone holding a role in the organisation (director, sponsor, BU lead, rep).</summary>
    public IReadOnlyList<RosterMember> Members { get; }

    /// <summary>The roster's admins (<c>Organization:Admins</c>), whatever other role they hold.</summary>
    public IReadOnlyList<RosterMember> Admins { get; }

    public IReadOnlyDictionary<string, RegionOptions> Regions { get; }
    public IReadOnlyDictionary<string, BusinessUnitOptions> BusinessUnits { get; }

    /// <summary>The BUs nobody leads: their requests reach only the director (the <c>roster</c> card and the director's digest name them).</summary>
    public IReadOnlyList<BusinessUnitOptions> UnitsWithoutLead => BusinessUnits.Values.Where(u => u.Leads.Count == 0).ToList();
    public TimeZoneInfo DirectorTimeZone { get; }
    public bool HasMembersWithoutObjectId { get; }

    /// <summary>People who left, by the roster id their history is kept under (nobody currently on the roster).</summary>
    public IReadOnlyDictionary<string, FormerMember> Former => _former;

    /// <summary>Everyone who ever left, including those back since: what the next snapshot is built with, so a returner keeps their id.</summary>
    public IReadOnlyDictionary<string, FormerMember> Departed { get; }

    public RosterMember? Find(string? aadObjectId, string? emailOrUpn)
    {
        // Teams sends object ids in the stored spelling: that look-up allocates nothing; any other spelling is normalised.
        if (!string.IsNullOrWhiteSpace(aadObjectId)
            && (_byObjectId.TryGetValue(aadObjectId, out var byId) || _byObjectId.TryGetValue(RosterIdentity.NormalizeObjectId(aadObjectId), out byId)))
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

    public RosterMember? FindById(string memberId) => _byId.GetValueOrDefault(memberId);

    /// <summary>True when the person may change the roster: the director and the admins.</summary>
    public static bool MayChange(RosterMember member) => member.Has(Role.Director) || member.Has(Role.Admin);

    private static List<RosterMember> Build(OrganizationOptions options, IReadOnlyDictionary<string, FormerMember> departed)
    {
        var builders = new List<MemberBuilder>();
        var byKey = new Dictionary<string, MemberBuilder>(StringComparer.Ordinal);

        MemberBuilder For(PersonOptions person)
        {
            var oid = string.IsNullOrWhiteSpace(person.AadObjectId) ? null : RosterIdentity.NormalizeObjectId(person.AadObjectId);
            var email = string.IsNullOrWhiteSpace(person.Email) ? null : RosterIdentity.NormalizeEmail(person.Email);
            var existing = (oid is not null ? byKey.GetValueOrDefault("oid:" + oid) : null) ?? (email is not null ? byKey.GetValueOrDefault("mail:" + email) : null);
            if (existing is null)
            {
                existing = new MemberBuilder { Name = person.Name.Trim() };
                builders.Add(existing);
            }
            existing.AadObjectId ??= oid;
            existing.Email ??= email;
            existing.Language ??= Languages.Normalize(person.Language);
            if (existing.AadObjectId is { } knownOid)
            {
                byKey.TryAdd("oid:" + knownOid, existing);
            }
            if (existing.Email is { } knownEmail)
            {
                byKey.TryAdd("mail:" + knownEmail, existing);
            }
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
        foreach (var admin in options.Admins)
        {
            For(admin).Roles.Add(Role.Admin);
        }

        // Someone who left and came back under their e-mail or their object id (not both as before) takes the id their
        // history is kept under, unless someone else holds it.
        var taken = builders.Select(b => b.DefaultId).ToHashSet(StringComparer.Ordinal);
        var departedByKey = new Dictionary<string, FormerMember>(StringComparer.Ordinal);
        foreach (var gone in departed.Values)
        {
            if (gone.AadObjectId is { } oid)
            {
                departedByKey.TryAdd("oid:" + oid, gone);
            }
            if (gone.Email is { } email)
            {
                departedByKey.TryAdd("mail:" + email, gone);
            }
        }
        return builders.Select(b =>
        {
            if (departed.ContainsKey(b.DefaultId))
            {
                return b.Build(b.DefaultId);
            }
            var gone = (b.AadObjectId is { } oid ? departedByKey.GetValueOrDefault("oid:" + oid) : null) ?? (b.Email is { } email ? departedByKey.GetValueOrDefault("mail:" + email) : null);
            return gone is not null && taken.Add(gone.Id) ? b.Build(gone.Id) : b.Build(b.DefaultId);
        }).ToList();
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
        public string DefaultId => Email ?? AadObjectId!;

        // An admin may be listed without a name: they are shown by their e-mail or object id.
        public RosterMember Build(string id) => new(
            id, Name.Length > 0 ? Name : Email ?? AadObjectId!, Email, AadObjectId, Language, Roles, RegionId, LedBusinessUnits, SponsoredRegions);
    }
}
