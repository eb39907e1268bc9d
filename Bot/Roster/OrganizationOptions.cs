namespace CoachBot.Roster;

/// <summary>The roster, bound from the <c>Organization</c> section and checked at start-up by <see cref="OrganizationValidator"/>.</summary>
public sealed class OrganizationOptions
{
    public const string Section = "Organization";

    /// <summary>Language for people whose Teams locale says nothing we support: <c>en</c> or <c>fr</c>.</summary>
    public string DefaultLanguage { get; set; } = "en";

    /// <summary>The organisation's Entra tenant id. When set, activities from any other tenant are treated as strangers.</summary>
    public string? TenantId { get; set; }

    public DirectorOptions? Director { get; set; }
    public List<RegionOptions> Regions { get; set; } = [];
    public List<BusinessUnitOptions> BusinessUnits { get; set; } = [];
    public List<RepOptions> Reps { get; set; } = [];

    /// <summary>Who may change the roster besides the director, by e-mail or object id; an admin may hold another role.</summary>
    public List<PersonOptions> Admins { get; set; } = [];
}

/// <summary>A person as Teams reports them: matched by Entra object id or by e-mail/UPN.</summary>
public class PersonOptions
{
    public string Name { get; set; } = "";
    public string? Email { get; set; }
    public string? AadObjectId { get; set; }
    /// <summary><c>en</c> or <c>fr</c>; empty means the organisation's default.</summary>
    public string? Language { get; set; }
}

/// <summary>The sales director, with the time zone their weekly coaching prompt and digest are scheduled in.</summary>
public sealed class DirectorOptions : PersonOptions
{
    /// <summary>IANA time zone id; the director's weekly schedules run in it.</summary>
    public string TimeZone { get; set; } = "Europe/Paris";
}

public sealed class RepOptions : PersonOptions
{
    public string Region { get; set; } = "";
}

public sealed class RegionOptions
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    /// <summary>IANA time zone id, for example <c>Africa/Casablanca</c>.</summary>
    public string TimeZone { get; set; } = "";
    public PersonOptions? Sponsor { get; set; }
    /// <summary>Public holidays in the region, ISO dates (<c>2026-12-25</c>).</summary>
    public List<DateOnly> Holidays { get; set; } = [];
}

public sealed class BusinessUnitOptions
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public List<PersonOptions> Leads { get; set; } = [];
    /// <summary>The international objective the Comex set for this BU, for the year, in <see cref="ObjectiveCurrency"/>.</summary>
    public decimal InternationalObjective { get; set; }
    public string ObjectiveCurrency { get; set; } = "EUR";
    /// <summary>IANA time zone id where this BU works, for its business hours; empty means <c>Escalation:TimeZone</c>.</summary>
    public string? TimeZone { get; set; }
}
