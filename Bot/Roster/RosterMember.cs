namespace CoachBot.Roster;

public enum Role
{
    Rep,
    BusinessUnitLead,
    Director,
    Sponsor,
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
    public static string NormalizeObjectId(string objectId) =>
        Guid.TryParse(objectId.Trim(), out var id) ? id.ToString("D") : objectId.Trim().ToLowerInvariant();

    public static string NormalizeEmail(string email) => email.Trim().ToLowerInvariant();
}
