namespace CoachBot.Roster;

/// <summary>
/// The zone each person reads times in, one rule for every card and the Dashboard: a rep their region's; a sponsor their
/// (first) region's; a BU lead their BU's, else the director's; the director and the admins the director's.
/// </summary>
public static class PersonZones
{
    public static TimeZoneInfo ZoneOf(this Organization organization, RosterMember member) =>
        TimeZoneInfo.FindSystemTimeZoneById(organization.ZoneIdOf(member));

    public static string ZoneIdOf(this Organization organization, RosterMember member)
    {
        var director = organization.DirectorTimeZone.Id;
        string Region(string? regionId) =>
            regionId is not null && organization.Regions.TryGetValue(regionId, out var region) && region.TimeZone.Length > 0 ? region.TimeZone : director;
        if (member.Has(Role.Director))
        {
            return director;
        }
        if (member.Has(Role.Sponsor))
        {
            return Region(member.SponsoredRegions.FirstOrDefault());
        }
        if (member.Has(Role.BusinessUnitLead))
        {
            return member.LedBusinessUnits
                .Select(id => organization.BusinessUnits.TryGetValue(id, out var unit) ? unit.TimeZone : null)
                .FirstOrDefault(zone => !string.IsNullOrWhiteSpace(zone)) ?? director;
        }
        return member.Has(Role.Rep) ? Region(member.RegionId) : director;
    }

    /// <summary>The zone's place as people say it: <c>Europe/Paris</c> is "Paris", <c>America/Sao_Paulo</c> "Sao Paulo".</summary>
    public static string PlaceOf(TimeZoneInfo zone) => zone.Id.Split('/')[^1].Replace('_', ' ');
}
