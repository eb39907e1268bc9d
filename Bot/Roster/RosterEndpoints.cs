using System.Globalization;
using System.Text.Json;
using CoachBot.Operations;
using Microsoft.AspNetCore.Mvc;

namespace CoachBot.Roster;

/// <summary>What a change did or would do, as the admin routes answer it.</summary>
public sealed record RosterChangeReport(
    bool DryRun, bool Applied, long Version, IReadOnlyList<string> Added, IReadOnlyList<PersonChange> Changed, IReadOnlyList<string> Removed,
    IReadOnlyList<PersonChange> Organisation);

/// <summary>
/// The roster by file, behind the admin key: <c>/api/admin/organization</c> (JSON in the <c>Organization</c> section's
/// shape) and <c>/api/admin/roster/people.csv</c>. A PUT replaces; <c>?dryRun=true</c> says what would change and writes
/// nothing; an invalid roster gets 422 with every problem and writes nothing; <c>If-Match</c> with the version a GET gave
/// (its <c>ETag</c>) refuses with 412 a change based on a roster someone changed since.
/// </summary>
public static class RosterEndpoints
{
    public static IEndpointRouteBuilder MapRoster(this IEndpointRouteBuilder endpoints)
    {
        var admin = endpoints.MapGroup("/api/admin").AddEndpointFilter(OperationsExtensions.RequireAdminKeyAsync);
        admin.MapGet("/organization", GetOrganization);
        admin.MapPut("/organization", PutOrganizationAsync);
        admin.MapGet("/roster/people.csv", GetPeopleAsync);
        admin.MapPut("/roster/people.csv", PutPeopleAsync);
        return endpoints;
    }

    private static IResult GetOrganization(Organization organization, HttpResponse response)
    {
        var current = organization.Current;
        response.Headers.ETag = Tag(current.Version.Number);
        return Results.Text(RosterJson.Write(current.Options), "application/json", System.Text.Encoding.UTF8);
    }

    private static async Task<IResult> GetPeopleAsync(Organization organization, HttpResponse response, CancellationToken cancellationToken)
    {
        var current = organization.Current;
        response.Headers.ETag = Tag(current.Version.Number);
        return Results.File(await RosterCsv.WriteAsync(current.Options, cancellationToken), "text/csv; charset=utf-8", "people.csv");
    }

    private static async Task<IResult> PutOrganizationAsync(HttpRequest request, RosterEditor editor, bool? dryRun, CancellationToken cancellationToken)
    {
        if (!TryExpectedVersion(request, out var expected))
        {
            return Problem(400, "If-Match must be the ETag a GET answered (a quoted version number).");
        }
        OrganizationOptions? proposed;
        try
        {
            proposed = await JsonSerializer.DeserializeAsync<OrganizationOptions>(request.Body, RosterJson.Options, cancellationToken);
        }
        catch (JsonException ex)
        {
            return Problem(400, $"The body is not an organisation in JSON: {ex.Message}");
        }
        if (proposed is null)
        {
            return Problem(400, "The body is not an organisation in JSON.");
        }
        return Answer(await editor.ChangeAsync(RosterJson.Complete(proposed), By(request), expected, dryRun == true, cancellationToken));
    }

    private static async Task<IResult> PutPeopleAsync(HttpRequest request, Organization organization, RosterEditor editor, bool? dryRun, CancellationToken cancellationToken)
    {
        if (!TryExpectedVersion(request, out var expected))
        {
            return Problem(400, "If-Match must be the ETag a GET answered (a quoted version number).");
        }
        var (proposed, errors) = await RosterCsv.ReadAsync(request.Body, organization.Current.Options, cancellationToken);
        if (proposed is null)
        {
            return Invalid(errors);
        }
        return Answer(await editor.ChangeAsync(proposed, By(request), expected, dryRun == true, cancellationToken));
    }

    private static RosterAuthor By(HttpRequest request) => RosterAuthor.Operator(OperationsExtensions.OperatorOf(request.HttpContext));

    private static IResult Answer(RosterChangeResult result) => result.Outcome switch
    {
        RosterChangeOutcome.Invalid => Invalid(result.Errors),
        RosterChangeOutcome.Conflict => Problem(412,
            string.Create(CultureInfo.InvariantCulture, $"The roster changed since you read it: version {result.Version.Number}, by {result.Version.ChangedBy} at {result.Version.ChangedAt:u}.")),
        _ => TypedResults.Ok(new RosterChangeReport(
            result.Outcome == RosterChangeOutcome.DryRun, result.Outcome == RosterChangeOutcome.Applied, result.Version.Number,
            result.Diff?.Added ?? [], result.Diff?.Changed ?? [], result.Diff?.Removed ?? [], result.Diff?.Organisation ?? [])),
    };

    private static IResult Invalid(IReadOnlyList<string> errors) =>
        TypedResults.Problem(new ProblemDetails
        {
            Status = StatusCodes.Status422UnprocessableEntity,
            Title = "The roster is not valid; nothing was changed.",
            Extensions = { ["errors"] = errors },
        });

    private static IResult Problem(int status, string title) => TypedResults.Problem(statusCode: status, title: title);

    private static string Tag(long version) => string.Create(CultureInfo.InvariantCulture, $"\"{version}\"");

    private static bool TryExpectedVersion(HttpRequest request, out long? expected)
    {
        expected = null;
        var given = request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(given) || given == "*")
        {
            return true;
        }
        if (long.TryParse(given.Trim().Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            expected = version;
            return true;
        }
        return false;
    }
}
