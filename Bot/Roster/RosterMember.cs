namespace CoachBot.Roster;

public enum Role
{
    Rep,
    BusinessUnitLead,
    Director,
    Sponsor,
    /// <summary>May change the roster (<c>Organization:Admins</c>); held alongside any other role, or alone.</summary>
    Admin,
}

/// <summary>One person on the roster with every role they hold. <see cref="Id"/> is stable across restarts and is what feature tables key on.</summary>
public sealed record RosterMember(
    string Id,
    string Name,
    string? Email,
    string? AadObjectId,
    string? Language,
    IReadOnlySet<Role> Roles,
    string? RegionId,
    IReadOnlyList<string> LedBusinessUnits,
    IReadOnlyList<string> SponsoredRegions)
{
    public bool Has(Role role) => Roles.Contains(role);
}

internal static class RosterIdentity
{
    /// <summary>The object id in one spelling (lower-case, hyphenated), or false when it is not a GUID.</summary>
    public static bool TryNormalizeObjectId(string? objectId, out string normalized)
    {
        var parsed = Guid.TryParse(objectId, out var id);
        normalized = parsed ? id.ToString("D") : "";
        return parsed;
    }

    /// <summary>For look-ups: a GUID in one spelling; anything else lower-cased, so it matches nothing by accident.</summary>
    public static string NormalizeObjectId(string objectId) =>
        TryNormalizeObjectId(objectId, out var id) ? id : objectId.Trim().ToLowerInvariant();

    public static string NormalizeEmail(string email) => email.Trim().ToLowerInvariant();
}
