using System.Globalization;
using System.Text;
using CsvHelper;

namespace CoachBot.Roster;

/// <summary>One line of <c>people.csv</c>: a person in one role (someone with two roles has two lines).</summary>
[CsvRecord]
public sealed partial record PersonRow(string Name, string? Email, string? AadObjectId, string Role, string? Region, string? BusinessUnit, string? Language);

/// <summary>
/// The people of the roster as CSV, what an HR export gives: UTF-8, a header line, one line per person and role
/// (<c>director</c>, <c>sponsor</c> with its region, <c>lead</c> with its BU, <c>rep</c> with its region, <c>admin</c>).
/// Reading it replaces the people and keeps the regions and BUs (time zones, holidays, objectives) as they are.
/// </summary>
public static class RosterCsv
{
    public const string Director = "director";
    public const string Sponsor = "sponsor";
    public const string Lead = "lead";
    public const string Rep = "rep";
    public const string Admin = "admin";

    private static readonly string[] Columns = ["Name", "Email", "AadObjectId", "Role", "Region", "BusinessUnit", "Language"];

    public static async Task<byte[]> WriteAsync(OrganizationOptions organization, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var options = CsvWriterOptions.Default with { WriteByteOrderMark = true, Injection = CsvInjection.Escape, FormatProvider = CultureInfo.InvariantCulture };
        await using (var csv = CsvWriter.Create(buffer, options, leaveOpen: true))
        {
            await csv.WriteRecordsAsync(Rows(organization).ToList(), cancellationToken);
        }
        return buffer.ToArray();
    }

    private static IEnumerable<PersonRow> Rows(OrganizationOptions organization)
    {
        static PersonRow Row(PersonOptions p, string role, string? region = null, string? unit = null) =>
            new(p.Name, Blank(p.Email), Blank(p.AadObjectId), role, region, unit, Blank(p.Language));
        if (organization.Director is { } director)
        {
            yield return Row(director, Director);
        }
        foreach (var region in organization.Regions.Where(r => r.Sponsor is not null))
        {
            yield return Row(region.Sponsor!, Sponsor, region: region.Id);
        }
        foreach (var unit in organization.BusinessUnits)
        {
            foreach (var lead in unit.Leads)
            {
                yield return Row(lead, Lead, unit: unit.Id);
            }
        }
        foreach (var rep in organization.Reps)
        {
            yield return Row(rep, Rep, region: rep.Region);
        }
        foreach (var admin in organization.Admins)
        {
            yield return Row(admin, Admin);
        }
    }

    /// <summary>
    /// <paramref name="current"/> with its people replaced by the file's; or every problem of the file, by line, and null.
    /// The organisation returned still has to pass the roster's validation.
    /// </summary>
    public static async Task<(OrganizationOptions? Organization, IReadOnlyList<string> Errors)> ReadAsync(
        Stream content, OrganizationOptions current, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        var next = RosterJson.Read(RosterJson.Write(current));
        var directorZone = next.Director?.TimeZone;
        next.Director = null;
        next.Reps = [];
        next.Admins = [];
        foreach (var region in next.Regions)
        {
            region.Sponsor = null;
        }
        foreach (var unit in next.BusinessUnits)
        {
            unit.Leads = [];
        }

        try
        {
            var options = CsvReaderOptions.Default with { Encoding = Encoding.UTF8, TrackLineNumbers = true, SkipEmptyLines = true, TrimWhitespace = true };
            await using var csv = CsvReader.Create(content, options, leaveOpen: true);
            await csv.ReadHeaderAsync(cancellationToken);
            var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < csv.Headers.Count; i++)
            {
                index.TryAdd(csv.Headers[i].Trim().TrimStart('\uFEFF'), i);
            }
            if (!index.ContainsKey("Name") || !index.ContainsKey("Role"))
            {
                return (null, [$"people.csv: the header line must name the columns {string.Join(", ", Columns)} (at least Name and Role)."]);
            }
            string? Field(string column) =>
                index.TryGetValue(column, out var at) && at < csv.FieldCount ? Blank(csv.GetStringOrNull(at)) : null;

            while (await csv.ReadAsync(cancellationToken))
            {
                var line = csv.LineNumber;
                var person = new PersonOptions { Name = Field("Name") ?? "", Email = Field("Email"), AadObjectId = Field("AadObjectId"), Language = Field("Language") };
                var region = Field("Region");
                var unit = Field("BusinessUnit");
                switch (Field("Role")?.ToLowerInvariant())
                {
                    case Director when next.Director is not null:
                        errors.Add($"people.csv line {line}: '{person.Name}' is a second director; the roster has one.");
                        break;
                    case Director:
                        next.Director = new DirectorOptions { Name = person.Name, Email = person.Email, AadObjectId = person.AadObjectId, Language = person.Language, TimeZone = directorZone ?? "Europe/Paris" };
                        break;
                    case Sponsor when next.Regions.FirstOrDefault(r => string.Equals(r.Id, region, StringComparison.OrdinalIgnoreCase)) is not { } sponsored:
                        errors.Add($"people.csv line {line}: sponsor '{person.Name}' sponsors unknown region '{region}'.");
                        break;
                    case Sponsor when next.Regions.First(r => string.Equals(r.Id, region, StringComparison.OrdinalIgnoreCase)).Sponsor is not null:
                        errors.Add($"people.csv line {line}: region '{region}' has a sponsor already; it has one.");
                        break;
                    case Sponsor:
                        next.Regions.First(r => string.Equals(r.Id, region, StringComparison.OrdinalIgnoreCase)).Sponsor = person;
                        break;
                    case Lead when next.BusinessUnits.FirstOrDefault(b => string.Equals(b.Id, unit, StringComparison.OrdinalIgnoreCase)) is not { } led:
                        errors.Add($"people.csv line {line}: lead '{person.Name}' leads unknown business unit '{unit}'.");
                        break;
                    case Lead:
                        next.BusinessUnits.First(b => string.Equals(b.Id, unit, StringComparison.OrdinalIgnoreCase)).Leads.Add(person);
                        break;
                    case Rep:
                        next.Reps.Add(new RepOptions { Name = person.Name, Email = person.Email, AadObjectId = person.AadObjectId, Language = person.Language, Region = region ?? "" });
                        break;
                    case Admin:
                        next.Admins.Add(person);
                        break;
                    case var role:
                        errors.Add($"people.csv line {line}: role '{role}' of '{person.Name}' is unknown; use {Director}, {Sponsor}, {Lead}, {Rep} or {Admin}.");
                        break;
                }
            }
        }
        catch (Exception ex) when (ex is CsvFormatException or DecoderFallbackException or InvalidDataException)
        {
            return (null, [$"people.csv: not a CSV file ({ex.Message})."]);
        }
        return errors.Count > 0 ? (null, errors) : (next, []);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
