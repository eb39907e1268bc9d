using System.Globalization;
using CoachBot.Digests;
using CoachBot.Roster;
using CoachBot.Teams;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CoachBot.Dashboard;

/// <summary>
/// <c>GET /dashboard</c> (the tab's page and its bundled script and styles) and <c>GET /api/dashboard/{view}</c>, answered
/// only to a signed-in roster member and only within their scope: 401 without a valid token, 403 outside the scope, 400
/// for a filter that names no region, BU or period.
/// </summary>
public static class DashboardEndpoints
{
    public const string PagePath = "/dashboard";

    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(PagePath, (DashboardAssets assets, HttpContext http) => assets.Serve(http, DashboardAssets.Page));
        endpoints.MapGet(PagePath + "/{file}", (string file, DashboardAssets assets, HttpContext http) => assets.Serve(http, file));

        var api = endpoints.MapGroup("/api/dashboard").AddEndpointFilter(SignInAsync);
        api.MapGet("/me", MeAsync);
        api.MapGet("/export/{dataset}", ExportAsync);
        api.MapGet("/rep/{id}", RepAsync);
        api.MapGet("/{view}", ViewAsync);
        return endpoints;
    }

    private static async ValueTask<object?> SignInAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var signIn = http.RequestServices.GetRequiredService<DashboardSignIn>();
        var result = await signIn.SignInAsync(http.Request.Headers.Authorization.ToString(), http.RequestAborted);
        http.Response.Headers.CacheControl = "no-store";
        if (result.Member is not { } member)
        {
            if (result.Refusal == DashboardSignIn.NotOnRoster)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "not-on-roster");
            }
            http.Response.Headers.WWWAuthenticate = "Bearer";
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "sign-in-required");
        }
        http.Items[typeof(DashboardScope)] = DashboardScope.Of(member, http.RequestServices.GetRequiredService<Organization>());
        return await next(context);
    }

    private static DashboardScope ScopeOf(HttpContext http) => (DashboardScope)http.Items[typeof(DashboardScope)]!;

    public const string ExportPath = "/api/dashboard/export/";

    private static async Task<Ok<DashboardMe>> MeAsync(
        HttpContext http, DashboardViews views, Organization organization, ReachableMembers reachable, UserPreferencesStore preferences,
        CancellationToken cancellationToken)
    {
        var scope = ScopeOf(http);
        // The CSV exports are the director's, as the `export` command is. The tab fetches them with its sign-in token:
        // a path, not a signed link, so no credential sits in a URL that the page, a history or a server log keeps.
        IReadOnlyList<ExportLinkView>? exports = scope.Viewer.Has(Role.Director)
            ? ExportLinks.Datasets.Select(d => new ExportLinkView(d, ExportPath + d)).ToList()
            : null;
        // The person's own choice in the chat (language en|fr), kept under their Entra object id (for someone the roster
        // knows by e-mail only, the account the bot identified them with).
        var viewer = scope.Viewer;
        var objectId = viewer.AadObjectId ?? (await reachable.ObjectIdsAsync([viewer], cancellationToken)).GetValueOrDefault(viewer.Id);
        var chosen = objectId is null ? null : Languages.Normalize((await preferences.GetAsync(objectId, cancellationToken)).Language);
        return TypedResults.Ok(views.Me(scope, viewer.Language ?? organization.DefaultLanguage, exports, chosen));
    }

    /// <summary><c>GET /api/dashboard/export/{dataset}?weeks=12|26|52</c>: the director's CSV over the period up to today, for the tab's token.</summary>
    private static async Task<IResult> ExportAsync(
        string dataset, [FromQuery] string? weeks, HttpContext http, Organization organization, CsvExport export, TimeProvider clock,
        ILogger<DashboardViews> logger, CancellationToken cancellationToken)
    {
        var scope = ScopeOf(http);
        http.Response.Headers.XContentTypeOptions = "nosniff";
        if (!scope.Viewer.Has(Role.Director))
        {
            Log.OutOfScope(logger, "export", scope.Viewer.Id);
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "out-of-scope");
        }
        if (!ExportLinks.Datasets.Contains(dataset, StringComparer.Ordinal))
        {
            return TypedResults.NotFound();
        }
        var period = DashboardData.MaxWeeks;
        if (!string.IsNullOrEmpty(weeks)
            && !(int.TryParse(weeks, NumberStyles.None, CultureInfo.InvariantCulture, out period) && DashboardFilter.Periods.Contains(period)))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "bad-period", detail: "weeks must be 12, 26 or 52.");
        }
        var now = clock.GetUtcNow();
        var today = DigestFigures.LocalDate(now, organization.DirectorTimeZone);
        var grant = new ExportGrant(dataset, today.AddDays(-7 * period), today, now);
        if (await export.WriteAsync(grant, cancellationToken) is not { } file)
        {
            return TypedResults.NotFound();
        }
        return Results.File(file.Content, "text/csv; charset=utf-8", CsvExport.FileName(grant));
    }

    private static async Task<IResult> ViewAsync(
        string view, [FromQuery] string? region, [FromQuery(Name = "bu")] string? businessUnit, [FromQuery] string? weeks, [FromQuery] string? lang,
        HttpContext http, DashboardViews views, DashboardData data, Organization organization, ILogger<DashboardViews> logger, CancellationToken cancellationToken)
    {
        var scope = ScopeOf(http);
        if (view is not (DashboardScope.Regions or DashboardScope.Team or DashboardScope.Requests or DashboardScope.Scoreboard or DashboardScope.Coaching
            or DashboardScope.Blockers or DashboardScope.Wins))
        {
            return TypedResults.NotFound();
        }
        if (!scope.MaySee(view))
        {
            Log.OutOfScope(logger, view, scope.Viewer.Id);
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "out-of-scope");
        }
        if (Filter(scope, organization, region, businessUnit, weeks, out var filter) is { } refusal)
        {
            return refusal;
        }
        var snapshot = await data.GetAsync(cancellationToken);
        return view switch
        {
            DashboardScope.Regions => TypedResults.Ok(views.Regions(snapshot, scope, filter)),
            DashboardScope.Team => TypedResults.Ok(views.Team(snapshot, scope, filter)),
            DashboardScope.Requests => TypedResults.Ok(views.Requests(snapshot, scope, filter)),
            DashboardScope.Scoreboard => TypedResults.Ok(views.Scoreboard(snapshot, scope, filter)),
            // The themes' labels in the page's language (its Teams locale), else the viewer's.
            DashboardScope.Blockers => TypedResults.Ok(views.Blockers(snapshot, scope, filter,
                lang is Languages.English or Languages.French ? lang : scope.Viewer.Language ?? organization.DefaultLanguage)),
            DashboardScope.Wins => TypedResults.Ok(views.Wins(snapshot, scope, filter)),
            _ => TypedResults.Ok(views.Coaching(snapshot, scope, filter)),
        };
    }

    private static async Task<IResult> RepAsync(
        string id, [FromQuery] string? weeks, HttpContext http, DashboardViews views, DashboardData data, Organization organization,
        ILogger<DashboardViews> logger, CancellationToken cancellationToken)
    {
        var scope = ScopeOf(http);
        if (Filter(scope, organization, null, null, weeks, out var filter) is { } refusal)
        {
            return refusal;
        }
        // Someone not on the roster and someone out of scope get the same answer: the page learns nothing about who exists.
        if (organization.FindById(id) is not { } rep || !scope.SeesRep(rep))
        {
            Log.OutOfScope(logger, DashboardScope.Rep, scope.Viewer.Id);
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "out-of-scope");
        }
        var snapshot = await data.GetAsync(cancellationToken);
        return snapshot.Reps.TryGetValue(rep.Id, out var history)
            ? TypedResults.Ok(views.Rep(snapshot, history with { Rep = rep }, filter, organization.ZoneOf(scope.Viewer)))
            : TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "out-of-scope");
    }

    private static IResult? Filter(DashboardScope scope, Organization organization, string? region, string? businessUnit, string? weeks, out DashboardFilter filter)
    {
        filter = new DashboardFilter(null, null, 12);
        var period = 12;
        if (!string.IsNullOrEmpty(weeks)
            && !(int.TryParse(weeks, NumberStyles.None, CultureInfo.InvariantCulture, out period) && DashboardFilter.Periods.Contains(period)))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "bad-period", detail: "weeks must be 12, 26 or 52.");
        }
        region = string.IsNullOrWhiteSpace(region) ? null : region.Trim();
        businessUnit = string.IsNullOrWhiteSpace(businessUnit) ? null : businessUnit.Trim();
        if (region is not null && !organization.Regions.ContainsKey(region))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "bad-region", detail: "No region has this id.");
        }
        if (businessUnit is not null && !organization.BusinessUnits.ContainsKey(businessUnit))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "bad-bu", detail: "No business unit has this id.");
        }
        // A sponsor filters within their regions; a BU lead (who sees no region's reps) within their BU.
        if ((region is not null && scope.RegionIds.Count > 0 && !scope.SeesRegion(region))
            || (businessUnit is not null && scope.RegionIds.Count == 0 && !scope.SeesBusinessUnit(businessUnit)))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "out-of-scope");
        }
        filter = new DashboardFilter(region, businessUnit, period);
        return null;
    }
}
