using CoachBot.Roster;
using CoachBot.SupportRequests;

namespace CoachBot.Dashboard;

/// <summary>
/// What a viewer may see, decided on the server from the roster (never from the page): the director everything; a
/// sponsor their regions (reps, presence, requests from those regions, coaching of those reps); a BU lead their BU
/// (requests and the scoreboard line); a rep only their own page. Someone with several roles sees the union.
/// </summary>
public sealed class DashboardScope
{
    public const string Regions = "regions";
    public const string Team = "team";
    public const string Requests = "requests";
    public const string Scoreboard = "scoreboard";
    public const string Coaching = "coaching";
    public const string Blockers = "blockers";
    public const string Wins = "wins";
    public const string Rep = "rep";

    private DashboardScope(RosterMember viewer, bool everything, IReadOnlySet<string> regions, IReadOnlySet<string> businessUnits)
    {
        Viewer = viewer;
        Everything = everything;
        RegionIds = regions;
        BusinessUnitIds = businessUnits;
    }

    public RosterMember Viewer { get; }
    public bool Everything { get; }

    /// <summary>Regions whose reps and presence the viewer sees (every region for the director).</summary>
    public IReadOnlySet<string> RegionIds { get; }

    /// <summary>BUs whose requests and scoreboard line the viewer sees as their lead (every BU for the director).</summary>
    public IReadOnlySet<string> BusinessUnitIds { get; }

    public static DashboardScope Of(RosterMember viewer, Organization organization)
    {
        var director = viewer.Has(Role.Director);
        var regions = new HashSet<string>(director ? organization.Regions.Keys : viewer.SponsoredRegions, StringComparer.OrdinalIgnoreCase);
        var units = new HashSet<string>(director ? organization.BusinessUnits.Keys : viewer.LedBusinessUnits, StringComparer.OrdinalIgnoreCase);
        return new DashboardScope(viewer, director, regions, units);
    }

    /// <summary>The views this viewer may open, in the page's order (the rep page is the rep's own, or reached from the team table).</summary>
    public IReadOnlyList<string> Views
    {
        get
        {
            var views = new List<string>();
            if (RegionIds.Count > 0)
            {
                views.AddRange([Regions, Team]);
            }
            if (RegionIds.Count > 0 || BusinessUnitIds.Count > 0)
            {
                views.Add(Requests);
            }
            if (BusinessUnitIds.Count > 0)
            {
                views.Add(Scoreboard);
            }
            if (RegionIds.Count > 0)
            {
                views.Add(Coaching);
            }
            // What reps wrote: blockers for those who see reps (and a rep their own), wins also for a BU lead (those credited to the BU).
            if (RegionIds.Count > 0 || Viewer.Has(Role.Rep))
            {
                views.Add(Blockers);
            }
            if (RegionIds.Count > 0 || BusinessUnitIds.Count > 0 || Viewer.Has(Role.Rep))
            {
                views.Add(Wins);
            }
            if (Viewer.Has(Role.Rep))
            {
                views.Add(Rep);
            }
            return views;
        }
    }

    public bool MaySee(string view) => Views.Contains(view, StringComparer.Ordinal);

    public bool SeesRegion(string? regionId) => regionId is not null && RegionIds.Contains(regionId);

    public bool SeesBusinessUnit(string? businessUnitId) => businessUnitId is not null && BusinessUnitIds.Contains(businessUnitId);

    /// <summary>A rep's page: their own, or a rep of a region the viewer sees.</summary>
    public bool SeesRep(RosterMember rep) => rep.Has(Role.Rep) && (rep.Id == Viewer.Id || SeesRegion(rep.RegionId));

    /// <summary>
    /// A win: of a rep the viewer sees (their regions, or their own), or shared and credited to a BU they lead. A win a
    /// rep kept to themselves reaches only the director, the region's sponsor and the rep.
    /// </summary>
    public bool SeesWin(RosterMember rep, bool shared, string? creditedBusinessUnit) =>
        SeesRegion(rep.RegionId) || rep.Id == Viewer.Id || (shared && SeesBusinessUnit(creditedBusinessUnit));

    /// <summary>A request: from a region the viewer sponsors (or any, for the director), or to a BU they lead.</summary>
    public bool SeesRequest(SupportRequestSnapshot request) => Everything || SeesRegion(request.RegionId) || SeesBusinessUnit(request.BusinessUnitId);
}
