using CoachBot.Coaching;
using CoachBot.Roster;
using CoachBot.SupportRequests;

namespace CoachBot.Tests.Infrastructure;

/// <summary>Support requests the test sets, standing in for the support-request feature's table (a seam we own).</summary>
internal sealed class InMemoryRequestHistory : ISupportRequestHistory
{
    public List<SupportRequestSnapshot> Requests { get; } = [];
    public int Reads { get; private set; }

    /// <summary>A request of <paramref name="rep"/> to the BU, opened two days before <paramref name="at"/> and declined then.</summary>
    public void Declined(RosterMember rep, string businessUnitId, DateTimeOffset at) => Requests.Add(new SupportRequestSnapshot(
        $"REQ-{Requests.Count + 1:D4}", rep.Id, rep.RegionId ?? "",
        new RequestAnswer(businessUnitId, "OCP", "Morocco", NeedKind.Quotation, "Quotation for 12 pumps", DateOnly.FromDateTime(at.UtcDateTime.AddDays(30)), null, null),
        RequestState.Declined, EscalationLevel.None, at.AddDays(-2), null, null, at,
        ObjectionCategory.DomesticPriority, null, null,
        [
            new RequestTransition(at.AddDays(-2), rep.Id, RequestAction.Opened, RequestState.Open, RequestState.Open, null),
            new RequestTransition(at, null, RequestAction.Declined, RequestState.Open, RequestState.Declined, "Domestic orders first"),
        ]));

    public Task<IReadOnlyList<SupportRequestSnapshot>> ListAllAsync(CancellationToken cancellationToken)
    {
        Reads++;
        return Task.FromResult<IReadOnlyList<SupportRequestSnapshot>>(Requests.ToList());
    }
}

/// <summary>Coaching entries held in memory, standing in for the coaching feature's table (a seam we own).</summary>
internal sealed class InMemoryCoachingHistory : ICoachingHistory
{
    public List<CoachingEntry> Entries { get; } = [];
    public Dictionary<string, int> Lengths { get; } = new() { ["rep"] = 12, ["lead"] = 6, ["director"] = 6, ["sponsor"] = 4 };
    public int Reads { get; private set; }

    public Task<IReadOnlyList<CoachingEntry>> ListAllAsync(CancellationToken cancellationToken)
    {
        Reads++;
        return Task.FromResult<IReadOnlyList<CoachingEntry>>(Entries.ToList());
    }

    public int TrackLength(string track) => Lengths.GetValueOrDefault(track);
}
