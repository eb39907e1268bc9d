using System.Globalization;
using CoachBot.Calendar;
using CoachBot.CheckIns;
using CoachBot.Coaching;
using CoachBot.Localization;
using CoachBot.Roster;
using CoachBot.SupportRequests;
using CsvHelper;

namespace CoachBot.Digests;

/// <summary>
/// The director's CSV exports, one dataset per file, UTF-8 with a byte-order mark so Excel shows French text right.
/// Dates of the range are days in the director's time zone. Cells that a spreadsheet would run as a formula
/// (<c>=</c>, <c>+</c>, <c>-</c>, <c>@</c> first) are escaped: reps write free text.
/// </summary>
public sealed class CsvExport(
    Organization organization,
    Texts texts,
    CheckInStore checkIns,
    ISupportRequestHistory requestHistory,
    ICoachingHistory coachingHistory)
{
    /// <summary>The CSV file's bytes and its row count; null for a dataset that is not one of <see cref="ExportLinks.Datasets"/>.</summary>
    public async Task<(byte[] Content, int Rows)?> WriteAsync(ExportGrant grant, CancellationToken cancellationToken) => grant.Dataset switch
    {
        ExportLinks.CheckIns => await CsvAsync(await CheckInRowsAsync(grant, cancellationToken), cancellationToken),
        ExportLinks.Requests => await CsvAsync(await RequestRowsAsync(grant, cancellationToken), cancellationToken),
        ExportLinks.Coaching => await CsvAsync(await CoachingRowsAsync(grant, cancellationToken), cancellationToken),
        _ => null,
    };

    private static async Task<(byte[] Content, int Rows)> CsvAsync<T>(IReadOnlyList<T> rows, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var options = CsvWriterOptions.Default with { WriteByteOrderMark = true, Injection = CsvInjection.Escape, FormatProvider = CultureInfo.InvariantCulture };
        await using (var csv = CsvWriter.Create(buffer, options, leaveOpen: true))
        {
            await csv.WriteRecordsAsync(rows, cancellationToken);
        }
        return (buffer.ToArray(), rows.Count);
    }

    public static string FileName(ExportGrant grant) =>
        string.Create(CultureInfo.InvariantCulture, $"coachbot-{grant.Dataset}-{grant.From:yyyy-MM-dd}-{grant.To:yyyy-MM-dd}.csv");

    private async Task<List<CheckInRow>> CheckInRowsAsync(ExportGrant grant, CancellationToken cancellationToken)
    {
        var table = await checkIns.ListAllAsync(IsoWeek.Of(grant.From), IsoWeek.Of(grant.To), cancellationToken);
        // People who left keep their rows, marked as former members.
        var people = organization.Members.Where(m => m.Has(Role.Rep)).Select(m => (m.Id, m.Name, Region: m.RegionId ?? ""))
            .Concat(organization.Current.Former.Values.Select(f => (f.Id, Name: NameOf(f.Id), Region: "")));
        return people
            .SelectMany(rep => table.Of(rep.Id).Select(c => new CheckInRow(
                rep.Id, rep.Name, rep.Region, c.Week.ToString(), c.Week.Monday, c.Answer.Visits, c.Answer.FieldDays, c.WorkingDays,
                c.PresenceRate is { } rate ? Math.Round(rate, 4) : null, c.Answer.PlannedVisits, c.Answer.Customers, c.Answer.Win, c.Answer.Blocker,
                c.Answer.Confidence, c.Answer.NeedsBuSupport, c.SubmittedAt, c.Revision)))
            .OrderBy(r => r.Week, StringComparer.Ordinal).ThenBy(r => r.Name, StringComparer.Ordinal)
            .ToList();
    }

    private async Task<List<RequestRow>> RequestRowsAsync(ExportGrant grant, CancellationToken cancellationToken)
    {
        var requests = await requestHistory.ListAllAsync(cancellationToken);
        var rows = new List<RequestRow>();
        foreach (var r in requests.Where(r => InRange(r.OpenedAt, grant)).OrderBy(r => r.OpenedAt))
        {
            var rep = NameOf(r.RepMemberId);
            var trail = r.Trail.Count > 0 ? r.Trail.Select(t => (RequestTransition?)t) : [null];
            rows.AddRange(trail.Select(t => new RequestRow(
                r.Reference, r.RepMemberId, rep, r.RegionId, r.BusinessUnitId, r.Customer, r.Country, r.Need.ToString(), r.Description, r.DueDate,
                r.DealSize, r.Currency, r.State.ToString(), r.Escalation.ToString(), r.OpenedAt, r.AcknowledgedAt, r.CommitmentDate, r.DeclinedAt,
                r.Objection?.ToString(), r.DeliveredAt, r.ClosedAt,
                t?.At, t?.ActorMemberId, t?.ActorMemberId is { } actor ? NameOf(actor) : null, t?.Action.ToString(), t?.From.ToString(), t?.To.ToString(), t?.Comment)));
        }
        return rows;
    }

    private async Task<List<CoachingRow>> CoachingRowsAsync(ExportGrant grant, CancellationToken cancellationToken)
    {
        var entries = await coachingHistory.ListAllAsync(cancellationToken);
        return entries.Where(e => InRange(e.SentAt, grant)).OrderBy(e => e.SentAt)
            .Select(e => new CoachingRow(e.MemberId, NameOf(e.MemberId), e.Track, e.PromptId, e.Theme, e.Kind, e.Week, e.SentAt,
                e.Outcome.ToString(), e.AnsweredAt, e.Reflection, e.Commitment, e.FollowUp?.ToString()))
            .ToList();
    }

    private bool InRange(DateTimeOffset at, ExportGrant grant) =>
        DigestFigures.LocalDate(at, organization.DirectorTimeZone) is var day && day >= grant.From && day <= grant.To;

    private string NameOf(string memberId) => organization.NameOf(memberId, texts.Get(Languages.English, "roster_former_member"));
}

[CsvRecord]
public sealed partial record CheckInRow(
    string MemberId, string Name, string Region, string Week, DateOnly WeekMonday, int Visits, int FieldDays, int WorkingDays,
    double? PresenceRate, int PlannedVisits, string Customers, string Win, string Blocker, int Confidence, bool NeedsBuSupport,
    DateTimeOffset SubmittedAt, int Revision);

[CsvRecord]
public sealed partial record RequestRow(
    string Reference, string RepMemberId, string RepName, string Region, string BusinessUnit, string Customer, string Country, string Need,
    string Description, DateOnly DueDate, decimal? DealSize, string? Currency, string State, string Escalation, DateTimeOffset OpenedAt,
    DateTimeOffset? AcknowledgedAt, DateOnly? CommitmentDate, DateTimeOffset? DeclinedAt, string? Objection, DateTimeOffset? DeliveredAt,
    DateTimeOffset? ClosedAt, DateTimeOffset? TransitionAt, string? ActorMemberId, string? ActorName, string? Action, string? FromState,
    string? ToState, string? Comment);

[CsvRecord]
public sealed partial record CoachingRow(
    string MemberId, string Name, string Track, string PromptId, string Theme, string Kind, string Week, DateTimeOffset SentAt,
    string Outcome, DateTimeOffset? AnsweredAt, string? Reflection, string? Commitment, string? FollowUp);
