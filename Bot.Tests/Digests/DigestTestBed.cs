using System.Text.Json.Nodes;
using CoachBot.Calendar;
using CoachBot.CheckIns;
using CoachBot.Coaching;
using CoachBot.Digests;
using CoachBot.Roster;
using CoachBot.SupportRequests;
using CoachBot.Tests.CheckIns;
using CoachBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CoachBot.Tests.Digests;

/// <summary>Support requests held in memory, standing in for the support-request feature's table (a seam we own).</summary>
internal sealed class InMemoryRequestHistory : ISupportRequestHistory
{
    public List<SupportRequestSnapshot> Requests { get; } = [];
    public int Reads { get; private set; }

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

/// <summary>
/// The bot on a fake clock (see <see cref="CheckInTestBed"/>: the test roster plus Nadia and Omar in "mea") with check-ins
/// stored for real in Azurite and in-memory request and coaching histories in place of the features' own.
/// </summary>
internal sealed class DigestTestBed : IAsyncDisposable
{
    /// <summary>Monday 30 November 2026, 08:00 in Paris: the director's digest of 2026-W48 goes out.</summary>
    public static readonly DateTimeOffset MondayW49 = new(2026, 11, 30, 8, 0, 0, TimeSpan.FromHours(1));

    private DigestTestBed(CheckInTestBed bed, InMemoryRequestHistory requests, InMemoryCoachingHistory coaching)
    {
        Bed = bed;
        Requests = requests;
        Coaching = coaching;
    }

    public CheckInTestBed Bed { get; }
    public InMemoryRequestHistory Requests { get; }
    public InMemoryCoachingHistory Coaching { get; }
    public BotApp Bot => Bed.Bot;

    public static async Task<DigestTestBed> StartAsync(
        DateTimeOffset? now = null, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var requests = new InMemoryRequestHistory();
        var coaching = new InMemoryCoachingHistory();
        var bed = await CheckInTestBed.StartAsync(now ?? MondayW49, settings, services: s =>
        {
            // The figures are checked on known data: the features' own histories give way to the in-memory ones (see
            // DigestRealHistoryTests for the real ones).
            s.RemoveAll<ISupportRequestHistory>();
            s.RemoveAll<ICoachingHistory>();
            s.AddSingleton<ISupportRequestHistory>(requests);
            s.AddSingleton<ICoachingHistory>(coaching);
            services?.Invoke(s);
        });
        return new DigestTestBed(bed, requests, coaching);
    }

    public RosterMember Member(TeamsUserAccount user) => Bed.Member(user);

    /// <summary>Stores a rep's answer for a week in the real table.</summary>
    public async Task StoreAsync(TeamsUserAccount rep, IsoWeek week, int fieldDays, int workingDays = 5, int visits = 4, string customers = "OCP (Maroc)")
    {
        var checkIn = new WeeklyCheckIn(week, new CheckInAnswer(visits, fieldDays, 3, customers, "", "", 4, false), workingDays, week.Monday.ToDateTime(new TimeOnly(16, 0)), 1);
        Assert.True(await Bed.Store.TryAddAsync(Member(rep).Id, checkIn, CancellationToken.None));
    }

    public Task<RecordedActivity> SayAsync(TeamsUserAccount user, string text) => Bed.SayAsync(user, text);

    public static bool HasElement(JsonNode? card, string type) => CardText.Elements(card).Any(e => e["type"]?.GetValue<string>() == type);

    public ValueTask DisposeAsync() => Bed.DisposeAsync();
}
