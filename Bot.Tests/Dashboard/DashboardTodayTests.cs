using CoachBot.Coaching;
using CoachBot.SupportRequests;
using CoachBot.Tests.Infrastructure;

namespace CoachBot.Tests.Dashboard;

/// <summary>
/// The tab's request and coaching views cover the digests' period, the weeks to today, today included: on Monday
/// morning an acknowledgement, a decline and a coaching prompt of today are in, although the presence weeks end with
/// last week (the week the check-ins answer until Wednesday).
/// </summary>
public sealed class DashboardTodayTests
{
    [Fact]
    public async Task WhatHappenedThisMorningIsInTheRequestsAndCoachingViewsWithTheirPeriod()
    {
        // Monday 30 November 2026, 08:00 in Paris.
        await using var bed = await DashboardTestBed.StartAsync();
        var amina = bed.IdOf(TestRoster.Rep);
        var friday = new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.FromHours(1));
        var thisMorning = new DateTimeOffset(2026, 11, 30, 7, 30, 0, TimeSpan.FromHours(1));
        bed.Requests.Requests.AddRange(
        [
            DashboardTestBed.Request("REQ-1", amina, "mea", "pumps", RequestState.Acknowledged, friday, acknowledgedAt: thisMorning),
            DashboardTestBed.Request("REQ-2", amina, "mea", "pumps", RequestState.Declined, friday, objection: ObjectionCategory.Margin, declinedAt: thisMorning),
        ]);
        bed.Coaching.Entries.Add(DashboardTestBed.Coached(amina, "rep", "rep-planning-1", new CoachBot.Calendar.IsoWeek(2026, 49), CoachingOutcome.Sent));

        var requests = await bed.ViewAsync(TestRoster.Director, "requests");
        var coaching = await bed.ViewAsync(TestRoster.Director, "coaching");

        var pumps = requests["businessUnits"]!.AsArray().Single(b => b!["id"]!.GetValue<string>() == "pumps")!;
        Assert.Equal(1, pumps["acknowledged"]!.GetValue<int>());
        Assert.NotNull(pumps["medianHoursToAcknowledge"]);
        Assert.Equal("Margin", pumps["objections"]![0]!["category"]!.GetValue<string>());
        Assert.Equal(("2026-09-08", "2026-11-30"), (requests["from"]!.GetValue<string>(), requests["to"]!.GetValue<string>()));
        var rep = Assert.Single(coaching["tracks"]!.AsArray(), t => t!["track"]!.GetValue<string>() == "rep")!;
        Assert.Equal((0, 1), (rep["done"]!.GetValue<int>(), rep["sent"]!.GetValue<int>()));
        Assert.Equal("2026-11-30", coaching["to"]!.GetValue<string>());
    }
}
