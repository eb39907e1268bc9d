using CoachBot.Roster;
using CoachBot.SupportRequests.Escalation;

namespace CoachBot.SupportRequests;

/// <summary>
/// The dates a request's rules use, each in its own place's zone: a rep's due date in their region's zone, a BU's
/// commitment date in the BU's zone, and the zone each person reads times in.
/// </summary>
public sealed class RequestCalendar(Organization organization, BusinessHours businessHours)
{
    public TimeZoneInfo RegionZone(string regionId) =>
        TimeZoneInfo.FindSystemTimeZoneById(organization.Regions.TryGetValue(regionId, out var region) ? region.TimeZone : "UTC");

    public TimeZoneInfo BusinessUnitZone(string businessUnitId) => businessHours.ZoneFor(businessUnitId);

    public DateOnly RegionDate(string regionId, DateTimeOffset instant) => DateOf(instant, RegionZone(regionId));

    public DateOnly BusinessUnitDate(string businessUnitId, DateTimeOffset instant) => DateOf(instant, BusinessUnitZone(businessUnitId));

    /// <summary>The first instant after <paramref name="date"/> in the BU's zone: when a commitment for that date has passed.</summary>
    public DateTimeOffset EndOfDay(string businessUnitId, DateOnly date)
    {
        var zone = BusinessUnitZone(businessUnitId);
        var local = date.AddDays(1).ToDateTime(TimeOnly.MinValue);
        // Midnight can fall in a DST gap in a few zones: the first valid minute after it.
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(1);
        }
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    /// <summary>
    /// The zone the holder of a copy in <paramref name="role"/> reads the request's times in: the BU's for its leads, the
    /// director's, the rep's region's for the rep, and for the sponsor the zone they read every time in
    /// (<see cref="PersonZones"/>: their first region's), not the zone of whichever of their regions the rep is in.
    /// </summary>
    public TimeZoneInfo ZoneOf(CopyRole role, SupportRequest request) => role switch
    {
        CopyRole.Lead => BusinessUnitZone(request.BusinessUnitId),
        CopyRole.Director => organization.DirectorTimeZone,
        CopyRole.Sponsor when organization.Members.FirstOrDefault(m => m.SponsoredRegions.Contains(request.RegionId, StringComparer.OrdinalIgnoreCase)) is { } sponsor
            => organization.ZoneOf(sponsor),
        _ => RegionZone(request.RegionId),
    };

    /// <summary>True when the request's copies are read in more than one zone: a time on one is then shown with its zone named.</summary>
    public bool ReadInSeveralZones(SupportRequest request) =>
        new[] { RegionZone(request.RegionId), BusinessUnitZone(request.BusinessUnitId), organization.DirectorTimeZone, ZoneOf(CopyRole.Sponsor, request) }
            .Select(z => z.Id).Distinct(StringComparer.Ordinal).Count() > 1;

    private static DateOnly DateOf(DateTimeOffset instant, TimeZoneInfo zone) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);
}
